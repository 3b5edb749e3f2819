"""The gap report as GitHub-flavoured Markdown, made for a pull-request comment.

Every piece of user text goes through `outputs.markdown.escape`. No ANSI, stable order.
"""

from __future__ import annotations

from journeymap.outputs.markdown import escape, table
from journeymap.outputs.registry import View
from journeymap.outputs.report import common


def render(report, view: View = View()) -> str:
    top, by = view.top, view.by
    out = [f"## Gap report: {escape(report.title)} (`{report.journey}`)", ""]
    out += [f"**{common.header_line(report)}**  ", common.summary_line(report), ""]
    out += _fix_first(report, top, by)
    out += _matrix("Coverage: touchpoints per stage and channel", report.coverage.channels, "omnichannel hole")
    out += _matrix("Coverage: touchpoints per stage and persona", report.coverage.personas, "persona missing")
    for group, sections in common.lists(report):
        out += [f"### {group}", ""]
        for title, items in sections:
            if not items:
                out += [f"**{title}**: {common.empty_text(report, title)}", ""]
                continue
            out += [f"**{title}**", ""] + [f"- {common.fill(item, escape)}" for item in items] + [""]
    return "\n".join(out).rstrip("\n") + "\n"


def _fix_first(report, top, by) -> list[str]:
    out = ["### Fix first", ""]
    # with --by owner the owner heads each group; a column would repeat it
    every = [item for _owner, rows in common.groups(report, top, by) for item in rows]
    columns = [(key, heading) for key, heading in common.columns(every) if not (by == "owner" and key == "owner")]
    keys = [key for key, _heading in columns]
    headings = [heading for _key, heading in columns]
    right = {i for i, key in enumerate(keys) if key not in ("touchpoint", "stage", "metric", "owner", "significant")}
    shown = []
    for owner, rows in common.groups(report, top, by):
        if owner is not None:
            out += [f"#### {escape(owner)}", ""]
        if rows:
            out += table(headings, [_row(keys, rank, gap, report.currency) for rank, gap in rows], right) + [""]
        shown += rows
    if not report.gaps:
        out += ["Nothing under target.", ""]
        return out
    out += [note.replace("*", "\\*") + "  " for note in [common.PRIORITY_FORMULA, common.SIGNIFICANCE_NOTE]
            + common.row_notes(shown) + [common.shown_line(report, shown)]]
    out[-1] = out[-1].rstrip()
    return out + [""]


def _row(keys, rank, gap, currency=None) -> list[str]:
    cells = {key: escape(text) for key, text in common.cells(rank, gap, currency).items()}
    if gap.significant:
        cells["significant"] = "**yes**"
    return [cells[key] for key in keys]


def _matrix(title: str, matrix, hole_word: str) -> list[str]:
    if not matrix.columns or not matrix.rows:
        return [f"### {title}", "", "Nothing to show.", ""]
    rows = []
    for row, counts in zip(matrix.rows, matrix.counts):
        rows.append([f"`{row}`"] + [f"**{hole_word}**" if (row, column) in matrix.holes else (str(n) if n else "·")
                                    for column, n in zip(matrix.columns, counts)])
    return ["### " + title, ""] + table(["stage"] + [f"`{c}`" for c in matrix.columns], rows,
                                         right=range(1, len(matrix.columns) + 1)) + [""]
