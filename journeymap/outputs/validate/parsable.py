"""One finding per line, `FILE:LINE:COL: [level] message (code)`, for editors and grep."""

from __future__ import annotations

from typing import Optional

from journeymap.base.textsafe import inert


def line(d) -> str:
    return f"{inert(d.file)}:{d.line}:{d.column}: [{d.severity.label}] {inert(d.message)} ({d.code})"


def render(run, color: bool = False, width: Optional[int] = None) -> str:
    return "".join(line(d) + "\n" for d in run.diagnostics)
