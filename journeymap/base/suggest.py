"""Did-you-mean hints, shared by unknown keys and unknown references."""

from __future__ import annotations

import difflib
import re
from typing import Iterable, Optional


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    matches = difflib.get_close_matches(str(word), [str(c) for c in candidates], n=1, cutoff=0.6)
    return f" (did you mean {matches[0]!r}?)" if matches else ""


_SUGGESTION = re.compile(r" \(did you mean ('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\?\)")


def suggestion_in(message: str) -> Optional[str]:
    """The word `did_you_mean` put in a message, read back (for an editor's quick fix)."""
    import ast

    found = _SUGGESTION.search(message)
    return None if found is None else ast.literal_eval(found.group(1))
