"""Human-readable findings, grouped by file, with a one-line summary."""

from __future__ import annotations

from journeymap.diagnostics import Severity
from journeymap.textsafe import inert

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def render(run, color: bool = False) -> str:
    lines = []
    for file, found in run.by_file().items():
        if not found:
            continue
        lines.append(_paint(inert(file), "1", color))
        for d in found:
            where = f"{d.line}:{d.column}".ljust(9)
            level = _paint(d.severity.label.ljust(7), _COLORS[d.severity], color)
            lines.append(f"  {where} {level} {inert(d.message)}  {_paint(d.code, '2', color)}")
        lines.append("")
    lines.append(summary(run))
    return "\n".join(lines) + "\n"


def summary(run) -> str:
    counts = run.counts()
    total = sum(counts.values())
    files = len(run.files)
    with_findings = len({d.file for d in run.diagnostics})
    noun = "file" if files == 1 else "files"
    if not total:
        return f"no problems in {files} {noun}"
    parts = ", ".join(f"{n} {label}{'s' if n != 1 and label != 'info' else ''}"
                      for label, n in counts.items() if n)
    return f"{total} problem{'s' if total != 1 else ''} ({parts}) in {with_findings} of {files} {noun}"
