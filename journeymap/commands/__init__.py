"""The commands of `jmap`: (name, module, function). Each module imports its heavy parts lazily."""

COMMANDS = [
    ("validate", "journeymap.commands.validate", "validate"),
    ("schema", "journeymap.commands.validate", "schema"),
    ("rules", "journeymap.commands.rules", "rules"),
    ("score", "journeymap.commands.score", "score"),
    ("report", "journeymap.commands.report", "report"),
    ("import", "journeymap.commands.import_responses", "import_responses"),
    ("render", "journeymap.commands.render", "render"),
    ("diff", "journeymap.commands.diff", "diff"),
    ("init", "journeymap.commands.init", "init"),
    ("export", "journeymap.commands.export", "export"),
    ("import-mermaid", "journeymap.commands.import_mermaid", "import_mermaid"),
    ("measure", "journeymap.commands.measure", "measure"),
    ("lsp", "journeymap.commands.lsp", "lsp"),
]
