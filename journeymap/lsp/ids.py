"""Where every id of a map is declared and where it is used: definition, references, rename.

Read from the loaded data and its spans, not from the checked model, so that a map with
errors (the usual state of a file being typed) can still be navigated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional

from journeymap.base.diagnostics import Path, Span
from journeymap.load.loader import Document

PERSONA, CHANNEL, STAGE, TOUCHPOINT = "persona", "channel", "stage", "touchpoint"


@dataclass(frozen=True)
class Occurrence:
    kind: str  # PERSONA, CHANNEL, STAGE or TOUCHPOINT
    id: str
    path: Path
    on_key: bool  # the id is a mapping key (a per-persona emotion)
    declares: bool  # the id's declaration, not a reference to it


class IdIndex:
    """Every id occurrence of one document, found in one walk."""

    def __init__(self, document: Document):
        self.document = document
        self.occurrences = list(_walk(document.data if isinstance(document.data, dict) else {}))
        self._by_place = {(o.path, o.on_key): o for o in self.occurrences}

    def at(self, path: Path, on_key: bool) -> Optional[Occurrence]:
        return self._by_place.get((tuple(path), on_key))

    def of(self, kind: str, id: str) -> list[Occurrence]:
        return [o for o in self.occurrences if o.kind == kind and o.id == id]

    def declared(self, kind: str) -> list[str]:
        """The declared ids of a kind, in map order, each once."""
        return list(dict.fromkeys(o.id for o in self.occurrences if o.kind == kind and o.declares))

    def span(self, occurrence: Occurrence) -> Span:
        if occurrence.on_key:
            return self.document.key_span(occurrence.path)
        return self.document.span(occurrence.path)


def _walk(data: dict) -> Iterator[Occurrence]:
    for i, persona in enumerate(_list(data.get("personas"))):
        if isinstance(persona, dict) and isinstance(persona.get("id"), str):
            yield Occurrence(PERSONA, persona["id"], ("personas", i, "id"), False, True)
    for i, channel in enumerate(_list(data.get("channels"))):
        if isinstance(channel, str):
            yield Occurrence(CHANNEL, channel, ("channels", i), False, True)
        elif isinstance(channel, dict) and isinstance(channel.get("id"), str):
            yield Occurrence(CHANNEL, channel["id"], ("channels", i, "id"), False, True)
    for s, stage in enumerate(_list(data.get("stages"))):
        if not isinstance(stage, dict):
            continue
        if isinstance(stage.get("id"), str):
            yield Occurrence(STAGE, stage["id"], ("stages", s, "id"), False, True)
        for t, touchpoint in enumerate(_list(stage.get("touchpoints"))):
            if isinstance(touchpoint, dict):
                yield from _touchpoint(touchpoint, ("stages", s, "touchpoints", t))


def _touchpoint(touchpoint: dict, here: Path) -> Iterator[Occurrence]:
    if isinstance(touchpoint.get("id"), str):
        yield Occurrence(TOUCHPOINT, touchpoint["id"], here + ("id",), False, True)
    if isinstance(touchpoint.get("channel"), str):
        yield Occurrence(CHANNEL, touchpoint["channel"], here + ("channel",), False, False)
    for k, persona in enumerate(_list(touchpoint.get("personas"))):
        if isinstance(persona, str):
            yield Occurrence(PERSONA, persona, here + ("personas", k), False, False)
    emotion = touchpoint.get("emotion")
    if isinstance(emotion, dict):
        for persona in emotion:
            if isinstance(persona, str):
                yield Occurrence(PERSONA, persona, here + ("emotion", persona), True, False)
    for k, target in enumerate(_list(touchpoint.get("next"))):
        if isinstance(target, str):
            yield Occurrence(TOUCHPOINT, target, here + ("next", k), False, False)


def _list(value) -> list:
    return value if isinstance(value, list) else []
