"""Make user text inert before it reaches a terminal or a line-based format."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def inert(text: str) -> str:
    """Control characters (ANSI escapes included) become visible `\\x1b` forms; newlines become `\\n`."""
    text = text.replace("\r\n", "\n").replace("\n", "\\n").replace("\t", " ")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}", text)
