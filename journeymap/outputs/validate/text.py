"""Human-readable findings, grouped by file, with a one-line summary.

On a terminal the caller asks for colour and the terminal's width: long messages then wrap
under themselves instead of running past the edge. Elsewhere the text is plain, one line
per finding, so it can be diffed and grepped.
"""

from __future__ import annotations

import textwrap
from typing import Optional

from journeymap.base.diagnostics import Severity
from journeymap.base.textsafe import inert
from journeymap.outputs.numbers import count, plural
from journeymap.outputs.registry import View

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
_INDENT = 2 + 9 + 1 + 7 + 1  # "  " + line:col + " " + level + " "
_NARROWEST = 20  # below this a message column is useless; stop wrapping


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def render(run, view: View = View()) -> str:
    color, width = view.color, view.width
    lines = []
    for file, found in run.by_file().items():
        if not found:
            continue
        lines.append(_paint(inert(file), "1", color))
        for d in found:
            where = f"{d.line}:{d.column}".ljust(9)
            level = _paint(d.severity.label.ljust(7), _COLORS[d.severity], color)
            message = _wrap(f"{inert(d.message)}  {d.code}", width)
            message[-1] = message[-1][: -len(d.code)] + _paint(d.code, "2", color)
            lines.append(f"  {where} {level} {message[0]}")
            lines.extend(" " * _INDENT + rest for rest in message[1:])
        lines.append("")
    lines.append(_paint(summary(run), "1", color) if color else summary(run))
    return "\n".join(lines) + "\n"


def _wrap(text: str, width: Optional[int]) -> list[str]:
    room = (width or 0) - _INDENT
    if width is None or room < _NARROWEST or len(text) <= room:
        return [text]
    return textwrap.wrap(text, room, break_on_hyphens=False) or [text]


def summary(run) -> str:
    counts = run.counts()
    total = sum(counts.values())
    files = len(run.files)
    with_findings = len({d.file for d in run.diagnostics})
    if not files:
        return "no maps checked"
    if not total:
        return f"no problems in {plural(files, 'file')}"
    parts = ", ".join(plural(n, label, label if label == "info" else None) for label, n in counts.items() if n)
    return f"{plural(total, 'problem')} ({parts}) in {count(with_findings)} of {plural(files, 'file')}"
