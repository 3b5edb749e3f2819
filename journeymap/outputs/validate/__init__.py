"""Reporters for `jmap validate`: each turns a Run into text, and only that.

Adding a format is adding a module here and a line to FORMATS.
"""

from __future__ import annotations

import importlib
from typing import Mapping, Optional

# name -> module; every module has `render(run: Run, color: bool = False, width: int | None = None) -> str`
FORMATS = {
    "text": "journeymap.outputs.validate.text",
    "parsable": "journeymap.outputs.validate.parsable",
    "github": "journeymap.outputs.validate.github",
    "json": "journeymap.outputs.validate.json_format",
    "sarif": "journeymap.outputs.validate.sarif",
    "junit": "journeymap.outputs.validate.junit",
}
AUTO = "auto"
CHOICES = (AUTO, *FORMATS)


def choose(name: str, environ: Mapping[str, str], terminal: bool) -> str:
    """`auto` is github inside GitHub Actions, else text (styled by the caller on a terminal)."""
    if name != AUTO:
        return name
    if environ.get("GITHUB_ACTIONS", "").strip().lower() not in ("", "false", "0"):
        return "github"
    return "text"


def render(name: str, run, color: bool = False, width: Optional[int] = None) -> str:
    return importlib.import_module(FORMATS[name]).render(run, color=color, width=width)
