"""Formatters for `jmap report`: each turns a GapReport into text, and only that.

Every module has `render(report, top, by, color) -> str`; the table also takes a width.
"""

from __future__ import annotations

import importlib

FORMATS = {
    "table": "journeymap.outputs.report.table",
    "markdown": "journeymap.outputs.report.markdown",
    "json": "journeymap.outputs.report.json_format",
    "csv": "journeymap.outputs.report.csv_format",
}


def render(name: str, report, top: int = 10, by=None, color: bool = False, width: int = 100) -> str:
    module = importlib.import_module(FORMATS[name])
    if name == "table":
        return module.render(report, top=top, by=by, color=color, width=width)
    return module.render(report, top=top, by=by, color=color)
