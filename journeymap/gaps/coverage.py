"""Where the brand is absent: empty stages, personas left out of a stage, omnichannel holes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from journeymap.checks.base import MapContext
from journeymap.checks.jm309_omnichannel_hole import channel_holes


@dataclass(frozen=True)
class Matrix:
    """Touchpoints per stage (rows) and channel or persona (columns); `holes` are the gap cells."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]
    holes: frozenset  # of (row id, column id)

    def count(self, row: str, column: str) -> int:
        return self.counts[self.rows.index(row)][self.columns.index(column)]


@dataclass(frozen=True)
class Coverage:
    empty_stages: tuple[str, ...]  # JM301
    persona_holes: tuple[tuple[str, str], ...]  # (stage, persona), JM302
    channel_holes: tuple[tuple[str, str], ...]  # (stage, channel), JM309
    channels: Matrix
    personas: Matrix


def coverage(context: MapContext, persona: Optional[str] = None, stage: Optional[str] = None) -> Coverage:
    """The two matrices and their holes; a persona filter looks at that persona's journey only."""
    journey_map = context.map
    if persona is not None:
        journey_map = journey_map.replace(stages=[
            s.replace(touchpoints=[tp for tp in s.touchpoints if persona in context.serves(tp)])
            for s in journey_map.stages])
    stages = [s for s in journey_map.stages if stage is None or s.id == stage]
    rows = tuple(s.id for s in stages)
    channel_ids = tuple(c.id for c in journey_map.channels)
    persona_ids = tuple(p for p in context.persona_ids() if persona is None or p == persona)

    holes_by_channel = tuple((journey_map.stages[i].id, channel) for i, channel in channel_holes(journey_map)
                             if journey_map.stages[i].id in rows)
    persona_counts = tuple(tuple(sum(1 for tp in s.touchpoints if p in context.serves(tp)) for p in persona_ids)
                           for s in stages)
    occupied = {s.id for s in context.map.stages if s.touchpoints}
    holes_by_persona = tuple((s.id, p) for s, counts in zip(stages, persona_counts) if s.id in occupied
                             for p, n in zip(persona_ids, counts) if n == 0)
    empty = tuple(s.id for s in context.map.stages if not s.touchpoints and s.id in rows)
    return Coverage(
        empty_stages=empty,
        persona_holes=holes_by_persona,
        channel_holes=holes_by_channel,
        channels=Matrix(rows, channel_ids,
                        tuple(tuple(sum(1 for tp in s.touchpoints if tp.channel == c) for c in channel_ids)
                              for s in stages),
                        frozenset(holes_by_channel)),
        personas=Matrix(rows, persona_ids, persona_counts, frozenset(holes_by_persona)),
    )
