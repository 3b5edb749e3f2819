"""The fix-first list as CSV, one row per gap, for spreadsheets.

Every cell is `numbers.csv_value`: text a spreadsheet would run as a formula gets a leading
apostrophe; numbers are written as numbers, so an NPS of -9.5 stays a number.
"""

from __future__ import annotations

import csv
import io

from journeymap.outputs import numbers
from journeymap.outputs.registry import View
from journeymap.outputs.report import common


def render(report, view: View = View()) -> str:
    top, by = view.top, view.by
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(common.FIX_FIRST_FIELDS)
    for _owner, rows in common.groups(report, top, by):
        for rank, gap in rows:
            record = common.record(rank, gap)
            writer.writerow([numbers.csv_value(record[key]) for key in common.FIX_FIRST_FIELDS])
    return buffer.getvalue()

