"""jmap: customer journey maps as code."""

__version__ = "0.1.0"

# Where the project lives, written once: the README links, SARIF, the schema's $id and the
# modeline of every map jmap writes are built from these.
REPOSITORY = "https://github.com/jmap-dev/jmap"
SCHEMA_URL = "https://raw.githubusercontent.com/jmap-dev/jmap/main/schema/jmap.schema.json"
MODELINE = f"# yaml-language-server: $schema={SCHEMA_URL}"
