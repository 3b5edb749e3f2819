"""Between the loader's positions (1-based lines, columns in characters) and the protocol's
(0-based lines, columns in the code units agreed with the client: UTF-16 unless it offered
UTF-8 or UTF-32 first)."""

from __future__ import annotations

from typing import Optional

from lsprotocol import types as lsp

from journeymap.base.diagnostics import Path, Span
from journeymap.load.loader import Document


class Lines:
    """The text of a document split into lines, for column conversions."""

    def __init__(self, text: str, encoding: str = "utf-16"):
        self.text = text
        self.lines = text.split("\n")
        self.units = _UNITS.get(encoding, _utf16_units)

    def line(self, index: int) -> str:
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def position(self, line: int, column: int) -> lsp.Position:
        """The protocol position of a 1-based line and character column."""
        text = self.line(line - 1)
        before = text[: max(column - 1, 0)]
        return lsp.Position(line=max(line - 1, 0), character=sum(self.units(char) for char in before))

    def range(self, span: Span) -> lsp.Range:
        return lsp.Range(start=self.position(span.line, span.column),
                         end=self.position(span.end_line, span.end_column))

    def column(self, position: lsp.Position) -> int:
        """The 0-based character column of a protocol position."""
        text = self.line(position.line)
        units = 0
        for index, char in enumerate(text):
            if units >= position.character:
                return index
            units += self.units(char)
        return len(text)

    def text_in(self, span: Span) -> str:
        """The source text a span covers."""
        return self.text[self.offset(self.position(span.line, span.column)):
                         self.offset(self.position(span.end_line, span.end_column))]

    def offset(self, position: lsp.Position) -> int:
        """The index in the whole text of a protocol position."""
        start = sum(len(line) + 1 for line in self.lines[: position.line])
        return start + self.column(position)


def _utf16_units(char: str) -> int:
    return 2 if ord(char) > 0xFFFF else 1


_UNITS = {"utf-16": _utf16_units, "utf-8": lambda char: len(char.encode("utf-8", "surrogatepass")),
          "utf-32": lambda char: 1}


def span_of(marks) -> Span:
    start, end = marks
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def node_at(document: Document, line: int, column: int) -> Optional[tuple[Path, bool]]:
    """The deepest node under a 0-based line and character column: (path, True) on a key,
    (path, False) on a value; None outside every node. A cursor just after a word counts as on it."""
    point = (line, column)
    best: Optional[tuple[tuple, Path, bool]] = None
    for on_key, spans in ((True, document.key_spans), (False, document.spans)):
        for path, (start, end) in spans.items():
            if (start.line, start.column) <= point <= (end.line, end.column):
                size = ((end.line - start.line), (end.column - start.column))
                rank = (-len(path) - (1 if on_key else 0), size)
                if best is None or rank < best[0]:
                    best = (rank, path, on_key)
    return None if best is None else (best[1], best[2])
