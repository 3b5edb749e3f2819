"""`jmap export --format csv`: one row per touchpoint with its numbers, for spreadsheets.

The numbers are those of `jmap score` (`outputs.score.touchpoint_data`), and every cell is
`numbers.csv_value`, as in every CSV of jmap: a cell a spreadsheet would run as a formula gets
a leading apostrophe; numbers stay numbers, so an NPS of -12.5 is still -12.5.
"""

from __future__ import annotations

import csv
import io

from journeymap.outputs import numbers
from journeymap.outputs.registry import View
from journeymap.scoring.estimates import METRICS, emotion_value

TEXT_COLUMNS = ("id", "name", "stage", "channel", "owner")
COLUMNS = (TEXT_COLUMNS + ("reach",)
           + tuple(f"{metric}_{part}" for metric in METRICS for part in ("value", "low", "high", "n"))
           + ("experience_score", "experience_low", "experience_high", "emotion", "pains", "opportunities",
              "low_sample"))


def to_csv(scored, view: View = View()) -> str:
    """One row per touchpoint of a scored map (gaps.scored.ScoredMap)."""
    from journeymap.outputs.score import touchpoint_data

    touchpoints = {tp.id: tp for _s, _t, _stage, tp in scored.map.touchpoints()}
    return render([(touchpoint_data(row), touchpoints[row.touchpoint]) for row in scored.scores.touchpoints])


def render(rows) -> str:
    """rows: (outputs.score.touchpoint_data dict, model Touchpoint) per touchpoint, in map order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for data, touchpoint in rows:
        row = [data[key] for key in TEXT_COLUMNS] + [data["reach"]]
        for metric in METRICS:
            found = data[metric] or {}
            row += [found.get(part) for part in ("value", "low", "high", "n")]
        row += [data["score"], data["score_low"], data["score_high"], emotion_value(touchpoint),
                len(touchpoint.pains), len(touchpoint.opportunities), " ".join(data["low_sample"])]
        writer.writerow([numbers.csv_value(value) for value in row])
    return out.getvalue()

