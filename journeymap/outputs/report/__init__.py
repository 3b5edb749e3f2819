"""Formatters for `jmap report`: each turns a gaps.GapReport into text, and only that.

Each module has `render(report, view) -> str`; `registry.REPORT` lists them for the CLI, and
`common` holds what they share (the fix-first fields, the lists and their wording).
"""
