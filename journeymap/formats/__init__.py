"""Reporters for `jmap validate`: each turns a Run into text, and only that.

Adding a format is adding a module here and a line to FORMATS.
"""

from __future__ import annotations

import importlib

# name -> module; every module has `render(run: Run, color: bool = False) -> str`
FORMATS = {
    "text": "journeymap.formats.text",
    "json": "journeymap.formats.json_format",
    "sarif": "journeymap.formats.sarif",
}


def render(name: str, run, color: bool = False) -> str:
    return importlib.import_module(FORMATS[name]).render(run, color=color)
