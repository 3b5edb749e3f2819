"""Making user text safe for DOT, and the small builders every view shares.

Every name, pain and opportunity in a map is user data. It reaches Graphviz in two forms:
quoted DOT strings (ids, tooltips) and HTML-like labels. Both go through `clean` first,
which removes what no picture should carry (control characters, ANSI escapes, bidi
overrides) and bounds the length, so one 5,000-character pain cannot swallow the page.
"""

from __future__ import annotations

import re
import textwrap
from typing import Iterable, Optional

from journeymap.base.textsafe import INVISIBLE, without_invisibles

# ANSI escape sequences are removed whole, so "\x1b[31m" leaves nothing behind, not "[31m".
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
# Newlines, tabs and Unicode line/paragraph separators become spaces; layout wraps text itself.
_SPACES = re.compile(r"[\t\n\r\x0b\x0c\u0085\u2028\u2029]+")
# Other control characters, bidi overrides and non-characters are dropped.
# (The zero-width space stays: `clean` itself puts one after every backslash, see below.)
_DROP = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff"
                   + INVISIBLE.replace("\u200b-", "\u200c-") + "]")
_RUNS = re.compile(r" {2,}")

ELLIPSIS = "\u2026"


# What a name that cleans to nothing (`"\a"`, `"\e[0m"`, spaces) is drawn as: an empty label
# would be invisible, and an empty `<B></B>` is a Graphviz syntax error.
BLANK = "(blank)"


def clean(text: object, limit: Optional[int] = None) -> str:
    """User text made printable and single-line, shortened to `limit` characters with an ellipsis.

    Text that had something in it but nothing printable becomes BLANK, so it stays visible."""
    original = str(text)
    text = _ANSI.sub("", original)
    text = _SPACES.sub(" ", text)
    text = _DROP.sub("", text)
    text = _RUNS.sub(" ", text).strip()
    if original and not without_invisibles(text).strip():
        text = BLANK
    if limit is not None and len(text) > limit:
        text = text[: max(1, limit - 1)].rstrip() + ELLIPSIS
    # Graphviz expands \N, \G, \L ... in labels and tooltips (HTML-like ones too, even after
    # `&#92;`); a zero-width space after every backslash keeps it visible but never an escape.
    return text.replace("\\", "\\\u200b")


def wrap(text: str, width: int, max_lines: Optional[int] = None) -> list[str]:
    """Cleaned text broken into lines of at most `width` characters; long words are split."""
    lines = textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        lines[-1] = (last[: width - 1] if len(last) >= width else last).rstrip() + ELLIPSIS
    return lines


# Approximate Helvetica/Arial advance widths in ems: enough to wrap before a cell's edge.
_NARROW = set("iljtfrI.,;:!|'()[] ")
_WIDE = set("mwMW@%")


def text_width(text: str, size: float) -> float:
    """Estimated width in points of `text` at font `size`, erring wide (upper case counts as wide)."""
    ems = 0.0
    for char in text:
        if char in _NARROW:
            ems += 0.32
        elif char in _WIDE:
            ems += 0.92
        elif char.isupper() or ord(char) > 0x2000:
            ems += 0.72
        else:
            ems += 0.56
    return ems * size


def wrap_to(text: str, points: float, size: float, max_lines: Optional[int] = None) -> list[str]:
    """Like `wrap`, but lines are at most `points` wide by `text_width`, so they fit a fixed cell."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size) <= points:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for char in word:  # a word too long for one line is split
            if current and text_width(current + char, size) > points:
                lines.append(current)
                current = ""
            current += char
    lines.append(current)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and text_width(last + ELLIPSIS, size) > points:
            last = last[:-1]
        lines[-1] = last.rstrip() + ELLIPSIS
    return lines


def html(text: str) -> str:
    """Escape cleaned text for an HTML-like label: the label can never close or gain markup.

    Backslashes were already defused by `clean`.
    """
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;").replace("[", "&#91;").replace("]", "&#93;"))


def html_lines(lines: Iterable[str], align: str = "LEFT") -> str:
    """Wrapped lines joined with explicit breaks, so Graphviz never re-flows user text."""
    return f'<BR ALIGN="{align}"/>'.join(html(line) for line in lines) + f'<BR ALIGN="{align}"/>'


def quote(text: str) -> str:
    """A DOT double-quoted string: only `"` and `\\` are special inside one; newlines are gone already."""
    text = _SPACES.sub(" ", text)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def tooltip(parts: Iterable[str]) -> str:
    """Several cleaned lines as one tooltip string; `\\n` is Graphviz's own line break in tooltips."""
    return "\\n".join(quote(part)[1:-1] for part in parts)


def attributes(values: dict) -> str:
    """`[a=1, b="x"]` in a fixed order; values are already DOT (quoted strings or HTML `<...>`)."""
    if not values:
        return ""
    return " [" + ", ".join(f"{key}={value}" for key, value in values.items()) + "]"


def statement(name: str, values: dict) -> str:
    return f"  {name}{attributes(values)};"


def node_id(kind: str, slug: str) -> str:
    """Node names come from validated slugs only, never from display text; quoted all the same."""
    return quote(f"{kind}:{slug}")
