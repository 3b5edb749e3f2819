"""`jmap import-mermaid FILE`: a Mermaid journey diagram as a jmap map."""

from journeymap.commands.common import fail


def import_mermaid() -> None:
    """Read a Mermaid journey diagram into a map (being built)."""
    fail("import-mermaid is not available yet")
