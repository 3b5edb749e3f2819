"""The commands of `jmap`: (name, module, function). Each module imports its heavy parts lazily."""

COMMANDS = [
    ("validate", "journeymap.commands.validate", "validate"),
    ("schema", "journeymap.commands.validate", "schema"),
    ("score", "journeymap.commands.score", "score"),
]
