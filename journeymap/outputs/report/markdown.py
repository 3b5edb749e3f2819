"""The gap report as GitHub-flavoured Markdown, made for a pull-request comment.

Every piece of user text is escaped: no table can be broken, no link, image, HTML, mention
(@team) or issue reference (#12) injected. No ANSI, stable order.
"""

from __future__ import annotations

import re

from journeymap.outputs.report import common
from journeymap.base.textsafe import inert

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#:!&]|\.(?!\d))")  # a decimal point stays as it is
_WORD_JOINER = "\u2060"  # invisible, and no part of a link, an address or a name
_AUTOLINK_START = re.compile(r"(?i)(?<=www)(?=\\?\.)|(?<=\\:)(?=//)|(?<=\\#)(?=\d)")


def escape(text) -> str:
    """Control characters made visible, newlines as `\\n`, Markdown punctuation backslash-escaped.

    GitHub autolinks `www.x`, `http://x`, `a@b.c`, @names and #12 in the rendered text, where a
    backslash is gone, so an invisible word joiner also goes inside `www.`, `://` and `#12` and
    on both sides of every `@`: what is shown reads the same, but nothing is left to link.
    """
    escaped = _AUTOLINK_START.sub(_WORD_JOINER, _SPECIAL.sub(r"\\\1", inert(str(text))))
    return escaped.replace("@", _WORD_JOINER + "\\@" + _WORD_JOINER)


def code_span(text, in_table: bool = False) -> str:
    """User text shown verbatim as code (an id, a KPI name): no backslash escapes, which would show
    inside a code span; a fence longer than any run of backticks in it; no autolink can start there.
    In a table a `|` still ends the cell, so there it keeps GitHub's `\\|`."""
    shown = inert(str(text))
    if in_table:
        shown = shown.replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall("`+", shown)), default=0) + 1)
    pad = " " if shown[:1] in ("`", " ") or shown[-1:] in ("`", " ") else ""
    return f"{fence}{pad}{shown}{pad}{fence}"


def _table(headings, rows, right=()) -> list[str]:
    lines = ["| " + " | ".join(headings) + " |",
             "|" + "|".join("---:" if i in right else "---" for i in range(len(headings))) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def render(report, top: int = 10, by=None, color: bool = False) -> str:
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
            out += _table(headings, [_row(keys, rank, gap, report.currency) for rank, gap in rows], right) + [""]
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
    return ["### " + title, ""] + _table(["stage"] + [f"`{c}`" for c in matrix.columns], rows,
                                         right=range(1, len(matrix.columns) + 1)) + [""]
