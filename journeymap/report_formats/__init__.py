"""Formatters for `jmap report`: each turns a GapReport into text, and only that.

Every module has `render(report, top, by, color) -> str`; the table also takes a width.
"""

from __future__ import annotations

import importlib

FORMATS = {
    "table": "journeymap.report_formats.table",
    "markdown": "journeymap.report_formats.markdown",
    "json": "journeymap.report_formats.json_format",
    "csv": "journeymap.report_formats.csv_format",
}


def render(name: str, report, top: int = 10, by=None, color: bool = False, width: int = 100) -> str:
    module = importlib.import_module(FORMATS[name])
    if name == "table":
        return module.render(report, top=top, by=by, color=color, width=width)
    return module.render(report, top=top, by=by, color=color)
