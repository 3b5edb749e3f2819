"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

`::error file=F,line=L,col=C,endLine=…,endColumn=…,title=JM204::message`, inside one
`::group::` per file. The runner reads `%`, CR and LF as escapes in the message, and also
`:` and `,` in the properties, so user text can neither break a command nor start a new one.
"""

from __future__ import annotations


from journeymap.base.diagnostics import Severity
from journeymap.outputs.validate.text import summary
from journeymap.base.textsafe import inert
from journeymap.outputs.registry import View

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """The message part: `%`, CR and LF (other control characters are made visible)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return inert(text)


def escape_property(text: str) -> str:
    """A property value: as data, plus `:` and `,` which would end the property."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(d) -> str:
    end_line = max(d.span.end_line, d.line)
    end_column = d.span.end_column if end_line > d.line else max(d.span.end_column, d.column)
    properties = {"file": d.file.replace("\\", "/"), "line": d.line, "col": d.column,
                  "endLine": end_line, "endColumn": end_column, "title": d.code}
    fields = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{_COMMAND[d.severity]} {fields}::{escape_data(d.message)}"


def render(run, view: View = View()) -> str:
    lines = []
    for file, found in run.by_file().items():
        if not found:
            continue
        lines.append(f"::group::{escape_data(file)}")
        lines.extend(annotation(d) for d in found)
        lines.append("::endgroup::")
    lines.append(summary(run))
    return "\n".join(lines) + "\n"
