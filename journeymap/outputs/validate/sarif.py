"""SARIF 2.1.0, for code scanning: one rule entry per code, every result located."""

from __future__ import annotations


from journeymap import REPOSITORY, __version__
from journeymap.checks.codes import all_codes, help_uri
from journeymap.base.diagnostics import Severity
from journeymap.base.textsafe import to_json
from journeymap.outputs.registry import View

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(file: str) -> str:
    return file.replace("\\", "/")


def render(run, view: View = View()) -> str:
    codes = all_codes()
    index = {code: i for i, code in enumerate(codes)}
    rules = [{
        "id": c.code,
        "name": c.summary.title().replace(" ", "").replace("`", ""),
        "shortDescription": {"text": c.summary},
        "fullDescription": {"text": c.doc.split("\n\n")[0] if c.doc else c.summary},
        "help": {"text": c.doc or c.summary, "markdown": c.doc or c.summary},
        "helpUri": help_uri(c.code),
        "defaultConfiguration": {"level": _LEVEL[c.severity]},
    } for c in codes.values()]
    results = []
    for d in run.diagnostics:
        result = {
            "ruleId": d.code,
            "level": _LEVEL[d.severity],
            "message": {"text": d.message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(d.file)},
                    "region": {"startLine": d.span.line, "startColumn": d.span.column,
                               "endLine": max(d.span.end_line, d.span.line),
                               "endColumn": d.span.end_column if d.span.end_line > d.span.line
                               else max(d.span.end_column, d.span.column)},
                },
            }],
        }
        if d.code in index:
            result["ruleIndex"] = index[d.code]
        if d.path:
            result["locations"][0]["logicalLocations"] = [{"fullyQualifiedName": d.path_text, "kind": "member"}]
        results.append(result)
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "jmap",
                "version": __version__,
                "informationUri": REPOSITORY,
                "rules": rules,
            }},
            "artifacts": [{"location": {"uri": _uri(f)}} for f in run.files],
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }
    return to_json(document)
