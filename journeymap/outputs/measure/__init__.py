"""`jmap measure` as JSON, a terminal table or Markdown."""

from __future__ import annotations


def render(format: str, measurement, bad_rows=(), width: int = 100, top: int = 10) -> str:
    if format == "json":
        from journeymap.base.textsafe import to_json
        from journeymap.outputs.measure.document import document

        return to_json(document(measurement, bad_rows))
    if format == "markdown":
        from journeymap.outputs.measure.markdown import render as markdown

        return markdown(measurement, top)
    from journeymap.outputs.measure.table import render as table

    return table(measurement, width, top)
