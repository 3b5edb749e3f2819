"""Reporters for `jmap validate`: each turns a checks.Run into text, and only that.

Each module has `render(run, view) -> str`; `registry.VALIDATE` lists them for the CLI.
"""

from __future__ import annotations

from typing import Mapping

AUTO = "auto"


def choose(name: str, environ: Mapping[str, str], terminal: bool) -> str:
    """`auto` is github inside GitHub Actions, else text (styled by the caller on a terminal)."""
    if name != AUTO:
        return name
    if environ.get("GITHUB_ACTIONS", "").strip().lower() not in ("", "false", "0"):
        return "github"
    return "text"
