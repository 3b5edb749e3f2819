"""The fix-first list as CSV, one row per gap, for spreadsheets.

Text cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a
carriage return) get a leading apostrophe; numbers are written as numbers, so an NPS of
-9.5 stays a number.
"""

from __future__ import annotations

import csv
import io

from journeymap.outputs.registry import View
from journeymap.outputs.report import common
from journeymap.base.textsafe import csv_cell as neutralise


def render(report, view: View = View()) -> str:
    top, by = view.top, view.by
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(common.FIX_FIRST_FIELDS)
    for _owner, rows in common.groups(report, top, by):
        for rank, gap in rows:
            record = common.record(rank, gap)
            writer.writerow([_cell(record[key]) for key in common.FIX_FIRST_FIELDS])
    return buffer.getvalue()


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return neutralise(value)
    return repr(value) if isinstance(value, float) else value
