"""One finding per line, `FILE:LINE:COL: [level] message (code)`, for editors and grep."""

from __future__ import annotations


from journeymap.base.textsafe import inert
from journeymap.outputs.registry import View


def line(d) -> str:
    return f"{inert(d.file)}:{d.line}:{d.column}: [{d.severity.label}] {inert(d.message)} ({d.code})"


def render(run, view: View = View()) -> str:
    return "".join(line(d) + "\n" for d in run.diagnostics)
