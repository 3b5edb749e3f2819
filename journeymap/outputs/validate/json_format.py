"""Every finding as JSON, for scripts."""

from __future__ import annotations


from journeymap.outputs.validate.text import summary
from journeymap.base.textsafe import to_json
from journeymap.outputs.registry import View


def finding(d) -> dict:
    return {
        "file": d.file,
        "line": d.span.line,
        "column": d.span.column,
        "end_line": d.span.end_line,
        "end_column": d.span.end_column,
        "code": d.code,
        "level": d.severity.label,
        "message": d.message,
        "path": d.path_text,
    }


def render(run, view: View = View()) -> str:
    document = {
        "files": list(run.files),
        "findings": [finding(d) for d in run.diagnostics],
        "summary": {**run.counts(), "files": len(run.files), "text": summary(run)},
    }
    return to_json(document)
