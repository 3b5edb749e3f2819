"""Findings and where they point: the one shape every check, loader and formatter shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Iterable, Union

PathPart = Union[str, int]
Path = tuple  # tuple[PathPart, ...]


class Severity(IntEnum):
    """Ordered so that `severity >= threshold` reads naturally."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        return cls[text.strip().upper()]


@dataclass(frozen=True, order=True)
class Span:
    """1-based line and column of a node's start and end in its file."""

    line: int = 1
    column: int = 1
    end_line: int = 1
    end_column: int = 1


@dataclass(frozen=True)
class Diagnostic:
    code: str
    severity: Severity
    message: str
    file: str
    span: Span = field(default_factory=Span)
    path: Path = ()

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    @property
    def path_text(self) -> str:
        return format_path(self.path)

    def sort_key(self) -> tuple:
        return (self.file, self.span.line, self.span.column, self.code, self.message)


def format_path(path: Iterable[PathPart]) -> str:
    """`stages[2].touchpoints[0].next[1]`: the form users see in every output."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def worst(diagnostics: Iterable[Diagnostic]) -> Severity | None:
    return max((d.severity for d in diagnostics), default=None)
