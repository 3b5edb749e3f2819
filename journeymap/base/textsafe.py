"""Make user text inert before it reaches a terminal, a line-based format or a spreadsheet."""

from __future__ import annotations

import re

# C0 and C1 controls (ANSI escapes included), DEL, the Unicode line and paragraph separators,
# and the bidirectional overrides and isolates that can make a terminal show text in another
# order than it is stored ("Trojan Source").
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

_SURROGATE = re.compile("[\ud800-\udfff]")


def has_lone_surrogate(text: str) -> bool:
    """Half of a UTF-16 pair standing alone: not a character, and no output can encode it."""
    return not text.isascii() and _SURROGATE.search(text) is not None


# A spreadsheet runs a cell starting with one of these as a formula (OWASP: CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(text: str) -> str:
    """Control characters (ANSI escapes included) become visible `\\x1b` forms; newlines become `\\n`."""
    text = text.replace("\r\n", "\n").replace("\n", "\\n").replace("\t", " ")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}", text)


def csv_cell(text) -> str:
    """A user's text as a CSV cell: control characters visible, and never a formula."""
    text = inert("" if text is None else str(text))
    return "'" + text if text.startswith(FORMULA_START) else text


_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def to_json(document) -> str:
    """Indented JSON that keeps every character of user text, but prints none that a terminal acts on.

    `json.dumps` escapes C0 controls itself; DEL, C1 controls, line separators and bidi overrides
    it leaves raw, so they become `\\uXXXX` escapes here (they can only occur inside strings).
    """
    import json

    text = json.dumps(document, indent=2, ensure_ascii=False)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"
