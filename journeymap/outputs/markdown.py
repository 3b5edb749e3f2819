"""Markdown for GitHub: one escaping of user text for every Markdown output (report, diff).

Every piece of user text is escaped: no table can be broken, no link, image, HTML, mention
(@team) or issue reference (#12) injected.
"""

from __future__ import annotations

import re

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


def table(headings, rows, right=()) -> list[str]:
    """A GitHub table from cells already escaped; `right` holds the indexes of right-aligned columns."""
    lines = ["| " + " | ".join(headings) + " |",
             "|" + "|".join("---:" if i in right else "---" for i in range(len(headings))) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines
