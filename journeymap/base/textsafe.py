"""Make user text inert before it reaches a terminal, a line-based format or a spreadsheet."""

from __future__ import annotations

import re

# Shown as escapes: C0 and C1 controls (ANSI escapes included), DEL, the Unicode line and
# paragraph separators, the bidirectional overrides and isolates that can make a terminal show
# text in another order than it is stored ("Trojan Source"), and the invisible characters below.
#
# Characters that show nothing yet make two texts differ: zero-width spaces and joiners, the
# left-to-right and right-to-left marks, the Arabic letter mark, word joiner and invisible
# operators, the byte order mark, soft hyphen, Mongolian vowel separator and Unicode TAG
# characters (U+E0000-E007F). Shown as escapes in terminal and Markdown output.
INVISIBLE = "\u00ad\u061c\u180e\u200b-\u200f\u2060-\u2064\ufeff\U000e0000-\U000e007f"
_SHOWN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069" + INVISIBLE + "]")
_INVISIBLE = re.compile("[" + INVISIBLE + "]")


def without_invisibles(text: str) -> str:
    """The text with every invisible character (see INVISIBLE) removed."""
    return _INVISIBLE.sub("", text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


_SURROGATE = re.compile("[\ud800-\udfff]")


def has_lone_surrogate(text: str) -> bool:
    """Half of a UTF-16 pair standing alone: not a character, and no output can encode it."""
    return not text.isascii() and _SURROGATE.search(text) is not None


# A spreadsheet runs a cell starting with one of these as a formula (OWASP: CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(text: str) -> str:
    """Control characters (ANSI escapes included), bidi marks and invisible characters become visible
    escapes (`\\x1b`, `\\u200b`, `\\U000e0041`); newlines become `\\n`."""
    text = text.replace("\r\n", "\n").replace("\n", "\\n").replace("\t", " ")
    return _SHOWN.sub(lambda m: _escape(m.group()), text)


def csv_cell(text) -> str:
    """A user's text as a CSV cell: control characters visible, and never a formula.

    The one CSV cell function of jmap. The formula check looks past what a spreadsheet may skip or
    fold before it decides: leading whitespace (tab, NBSP, ideographic space ...), invisible and
    control characters, and full-width or small forms (`＝`, `﹢`), compared in NFKC.
    """
    raw = "" if text is None else str(text)
    shown = inert(raw)
    return "'" + shown if _formula_start(raw) else shown


def _formula_start(raw: str) -> bool:
    import unicodedata

    if raw.startswith(FORMULA_START):
        return True
    start = 0
    while start < len(raw) and (raw[start].isspace() or unicodedata.category(raw[start]) in ("Cc", "Cf")):
        start += 1
    return unicodedata.normalize("NFKC", raw[start:start + 4]).startswith(FORMULA_START)


_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069" + INVISIBLE + "]")


def to_json(document) -> str:
    """Indented JSON that keeps every character of user text, but prints none that a terminal acts on.

    `json.dumps` escapes C0 controls itself; DEL, C1 controls, line separators and bidi overrides
    it leaves raw, so they become `\\uXXXX` escapes here (they can only occur inside strings).
    """
    import json

    text = json.dumps(document, indent=2, ensure_ascii=False)
    return _JSON_UNSAFE.sub(lambda m: "".join(f"\\u{unit:04x}" for unit in _utf16(m.group())), text) + "\n"


def _utf16(char: str) -> list:
    """A character's UTF-16 code units: JSON writes one above U+FFFF as a surrogate pair."""
    data = char.encode("utf-16-be")
    return [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2)]
