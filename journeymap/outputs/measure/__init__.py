"""`jmap measure` as a terminal table, JSON or Markdown: `registry.MEASURE` lists them.

Each formatter takes (measurement, bad rows) and the View (its width and `top`).
"""

from __future__ import annotations

from journeymap.outputs.registry import View


def as_table(measured, view: View = View()) -> str:
    from journeymap.outputs.measure.table import render

    measurement, _bad_rows = measured
    return render(measurement, view.width or 100, view.top)


def as_json(measured, view: View = View()) -> str:
    from journeymap.base.textsafe import to_json
    from journeymap.outputs.measure.document import document
    from journeymap.outputs.numbers import machine_all

    measurement, bad_rows = measured
    return to_json(machine_all(document(measurement, bad_rows)))


def as_markdown(measured, view: View = View()) -> str:
    from journeymap.outputs.measure.markdown import render

    measurement, _bad_rows = measured
    return render(measurement, view.top)
