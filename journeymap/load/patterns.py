"""Gitignore-style wildcard patterns, matched in time bounded by the pattern's and the path's length.

A regular expression built from `*a*a*a*a*b` backtracks exponentially on a long file name, so a
configuration could hang `jmap validate` (and the pre-commit hook). Here a pattern is a list of
path segments; within a segment `*`, `?` and `[...]` are matched by the classic greedy wildcard
algorithm (it only ever returns to the last `*`: at most len(segment) × len(name) steps), and
`**` segments by a table over (pattern segment, path segment) pairs.

Syntax, as .gitignore: `*` any run of characters within a segment, `?` one character, `[abc]`,
`[a-z]` and `[!a-z]` (or `[^a-z]`) one character of a set, `**` as a whole segment any number of
folders, a backslash makes the next character literal. `a**b` is `a*b`, as in git.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

class _Wild:
    """A wildcard token: an object of its own, so a literal `*` or `?` (escaped) is never taken for one."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text


GLOBSTAR, STAR, ANY = _Wild("**"), _Wild("*"), _Wild("?")


class PatternError(ValueError):
    """A pattern that cannot mean anything; `offset` is where in it (0-based)."""

    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True)
class CharSet:
    negated: bool
    singles: frozenset
    ranges: tuple  # (low, high) pairs, inclusive

    def __contains__(self, char: str) -> bool:
        found = char in self.singles or any(low <= char <= high for low, high in self.ranges)
        return found != self.negated


def _char_set(segment: str, start: int, offset: int) -> tuple[Optional[CharSet], int]:
    """The set opened by `[` at `start`, and the index after its `]`; (None, start) when unclosed."""
    i = start + 1
    negated = i < len(segment) and segment[i] in "!^"
    if negated:
        i += 1
    body_start = i
    singles, ranges = set(), []
    while i < len(segment) and (segment[i] != "]" or i == body_start):
        char = segment[i]
        if char == "\\" and i + 1 < len(segment):
            i += 1
            char = segment[i]
        if i + 2 < len(segment) and segment[i + 1] == "-" and segment[i + 2] != "]":
            high = segment[i + 2]
            if high == "\\" and i + 3 < len(segment):
                high = segment[i + 3]
                i += 1
            if high < char:
                raise PatternError(f"the range {char}-{high} in [...] is backwards (write {high}-{char})",
                                   offset + i)
            ranges.append((char, high))
            i += 3
            continue
        singles.add(char)
        i += 1
    if i >= len(segment):
        return None, start
    return CharSet(negated, frozenset(singles), tuple(ranges)), i + 1


def _segment_tokens(segment: str, offset: int) -> tuple:
    tokens: list = []
    i = 0
    while i < len(segment):
        char = segment[i]
        if char == "*":
            if not tokens or tokens[-1] is not STAR:  # `**` inside a segment is one `*`
                tokens.append(STAR)
            i += 1
        elif char == "?":
            tokens.append(ANY)
            i += 1
        elif char == "[":
            found, after = _char_set(segment, i, offset)
            if found is None:  # an unclosed `[` is a literal, as in git
                tokens.append("[")
                i += 1
            else:
                tokens.append(found)
                i = after
        elif char == "\\" and i + 1 < len(segment):
            tokens.append(segment[i + 1])
            i += 2
        else:
            tokens.append(char)
            i += 1
    return tuple(tokens)


def _one(token, char: str) -> bool:
    if token is ANY:
        return True
    if isinstance(token, CharSet):
        return char in token
    return token == char


def match_segment(tokens: tuple, name: str) -> bool:
    """Greedy wildcard match: on a mismatch, only the last `*` takes one more character."""
    t = n = 0
    star, resume = -1, 0
    while n < len(name):
        if t < len(tokens) and tokens[t] is STAR:
            star, resume = t, n
            t += 1
        elif t < len(tokens) and _one(tokens[t], name[n]):
            t += 1
            n += 1
        elif star >= 0:
            t, resume = star + 1, resume + 1
            n = resume
        else:
            return False
    while t < len(tokens) and tokens[t] is STAR:
        t += 1
    return t == len(tokens)


@dataclass(frozen=True)
class Glob:
    """A compiled pattern: segments, each GLOBSTAR or a token tuple."""

    segments: tuple
    trailing_globstar: bool  # `dir/**`: one or more segments below, never `dir` itself

    def match(self, path: str) -> bool:
        """Whether the `/`-separated relative path matches the whole pattern."""
        names = path.split("/")
        segments = self.segments
        # reachable[j]: the pattern's first i segments can match the path's first j names
        reachable = [True] + [False] * len(names)
        for i, segment in enumerate(segments):
            last = i == len(segments) - 1
            following = [False] * (len(names) + 1)
            if segment is GLOBSTAR:
                seen = False
                for j in range(len(names) + 1):
                    if last and self.trailing_globstar:  # at least one name
                        following[j] = seen
                    seen = seen or reachable[j]
                    if not (last and self.trailing_globstar):
                        following[j] = seen
            else:
                for j in range(len(names)):
                    if reachable[j] and match_segment(segment, names[j]):
                        following[j + 1] = True
            reachable = following
            if not any(reachable):
                return False
        return reachable[len(names)]


@lru_cache(maxsize=512)
def compile_glob(pattern: str, anywhere: bool = False, offset: int = 0) -> Glob:
    """A pattern over `/`-separated paths; `anywhere`: it may match at any depth (no leading anchor)."""
    segments: list = [GLOBSTAR] if anywhere else []
    at = offset
    for part in pattern.split("/"):
        segments.append(GLOBSTAR if part == "**" else _segment_tokens(part, at))
        at += len(part) + 1
    collapsed: list = []
    for segment in segments:
        if not (segment is GLOBSTAR and collapsed and collapsed[-1] is GLOBSTAR):
            collapsed.append(segment)
    trailing = len(collapsed) > 1 and collapsed[-1] is GLOBSTAR
    return Glob(tuple(collapsed), trailing)


def match_name(pattern: str, name: str) -> bool:
    """A file-name pattern (`*.jmap.yaml`) against one name, `/` taking no part."""
    return match_segment(_name_tokens(pattern), name)


@lru_cache(maxsize=256)
def _name_tokens(pattern: str) -> tuple:
    return _segment_tokens(pattern, 0)
