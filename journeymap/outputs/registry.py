"""Which output formats each command offers: one registry per command, one protocol for all.

A formatter is a function `render(data, view: View) -> str`: `data` is what the command
computed (a validation Run, the Scores, a GapReport, a MapDiff, or the map itself for
`export`), `view` says how the reader will see it. The CLI's `--format` choices and their
help come from these registries, so a format is offered exactly when it is registered here.
This module imports no formatter: each is imported when it is asked for, which keeps
`jmap validate` and `jmap --version` fast.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Optional, Protocol


class OutputFailed(Exception):
    """The output could not be made (no Graphviz, a drawing refused): one line for the user, exit 2."""


@dataclass(frozen=True)
class View:
    """How the output will be read: what every formatter may use and none must.

    `low_sample` marks figures resting on fewer responses; `top` and `by` shape the report's
    fix-first list; `labels` name the two sides of a diff; `settings` is what `export` needs
    to score and report the map it is given; `previous` is the `compare.diff.MapDiff` from the
    previous period's map to this one (`export --previous`), None when none was given."""

    color: bool = False
    width: Optional[int] = None  # the terminal's columns; None: not fitted (a file or a pipe)
    low_sample: int = 30
    top: int = 10
    by: Optional[str] = None
    labels: tuple = ("old", "new")
    every: bool = False  # diff --all: the unchanged metrics too
    settings: Any = None
    previous: Any = None


class Formatter(Protocol):
    def __call__(self, data: Any, view: View) -> str: ...


@dataclass(frozen=True)
class Format:
    name: str
    target: str  # "module:function", imported on first use
    help: str

    def load(self) -> Formatter:
        module, _colon, function = self.target.partition(":")
        return getattr(importlib.import_module(module), function)


@dataclass(frozen=True)
class Registry:
    """The formats of one command, in the order `--help` lists them; `aliases` are names the
    command resolves itself (validate's `auto`)."""

    command: str
    formats: tuple
    aliases: dict = field(default_factory=dict)

    @property
    def names(self) -> tuple:
        return tuple(self.aliases) + tuple(f.name for f in self.formats)

    def get(self, name: str) -> Format:
        for found in self.formats:
            if found.name == name:
                return found
        raise KeyError(f"{self.command} has no format {name!r}; it has {', '.join(self.names)}")

    def render(self, name: str, data: Any, view: View = View()) -> str:
        return self.get(name).load()(data, view)

    def help(self) -> str:
        """`table: …; json: …` for the option's help, in registry order."""
        described = [f"{name}: {text}" for name, text in self.aliases.items()]
        described += [f"{f.name}: {f.help}" for f in self.formats]
        return "; ".join(described) + "."

    def choices(self) -> type:
        """An Enum of the names, for typer's `--format` option (a closed list it checks and shows)."""
        return Enum(f"{self.command.title()}Format", {name: name for name in self.names}, type=str)


def _formats(module: str, *entries: tuple) -> tuple:
    """(name, function, help) entries of one module."""
    return tuple(Format(name, f"{module}:{function}", text) for name, function, text in entries)


_V = "journeymap.outputs.validate"
VALIDATE = Registry(
    "validate",
    (Format("text", f"{_V}.text:render", "findings grouped by file, wrapped to the terminal"),
     Format("parsable", f"{_V}.parsable:render", "FILE:LINE:COL: [level] message (code), one a line"),
     Format("github", f"{_V}.github:render", "GitHub Actions workflow commands (annotations)"),
     Format("json", f"{_V}.json_format:render", "every finding with its position and path"),
     Format("sarif", f"{_V}.sarif:render", "SARIF 2.1.0 for code scanning"),
     Format("junit", f"{_V}.junit:render", "JUnit XML, one testsuite per file")),
    aliases={"auto": "github in GitHub Actions, else text"},
)

_R = "journeymap.outputs.report"
REPORT = Registry(
    "report",
    (Format("table", f"{_R}.table:render", "the report for a terminal, fitted to its width"),
     Format("markdown", f"{_R}.markdown:render", "GitHub Markdown for a pull-request comment"),
     Format("json", f"{_R}.json_format:render", "every number of the report, for scripts"),
     Format("csv", f"{_R}.csv_format:render", "the fix-first list, one row per gap")),
)

SCORE = Registry("score", _formats(
    "journeymap.outputs.score",
    ("table", "render_table", "per touchpoint and rolled up, fitted to the terminal"),
    ("json", "render_json", "every estimate with its interval and n, for scripts"),
    ("csv", "render_csv", "one row per touchpoint and roll-up, for spreadsheets"),
))

DIFF = Registry("diff", _formats(
    "journeymap.outputs.diff",
    ("table", "as_table", "the changes for a terminal"),
    ("markdown", "as_markdown", "GitHub Markdown for a pull-request comment"),
    ("json", "as_json", "every change and test result, for scripts"),
))

EXPORT = Registry(
    "export",
    (Format("mermaid", "journeymap.outputs.mermaid:to_mermaid", "a Mermaid journey diagram (GitHub draws it in Markdown)"),
     Format("html", "journeymap.outputs.html_export:to_html",
            "one self-contained page with the lanes map, the scores and the gap report (needs Graphviz)"),
     Format("csv", "journeymap.outputs.csv_export:to_csv", "one row per touchpoint with its numbers, for spreadsheets")),
)

MEASURE = Registry("measure", _formats(
    "journeymap.outputs.measure",
    ("table", "as_table", "a funnel review for a terminal, fitted to its width"),
    ("json", "as_json", "every figure with its interval, for scripts"),
    ("markdown", "as_markdown", "GitHub Markdown for a pull request or a wiki page"),
))

REGISTRIES = {r.command: r for r in (VALIDATE, SCORE, REPORT, DIFF, EXPORT, MEASURE)}

