"""Problems in the path customers take: backward jumps, unreachable touchpoints, dead ends, drops.

The flow is the `next` links when the map uses them, else the map order (stage by stage).
A dead end is a touchpoint with no `next` before the last stage that has touchpoints (an
empty last stage is reported as a coverage hole, not as a dead end everywhere before it).
Experience-score drops compare touchpoints with survey data only: where a score is the
emotion standing in for missing surveys, the emotion drops already tell that story.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from journeymap.scoring import estimates as scoring
from journeymap.checks.base import MapContext
from journeymap.checks.jm307_backward_next import backward_jumps
from journeymap.checks.jm308_unreachable import reachable

LARGEST_DROPS = 5  # per kind: a review looks at the worst few transitions, not all of them


@dataclass(frozen=True)
class Jump:
    touchpoint: str
    stage: str
    target: str
    target_stage: str


@dataclass(frozen=True)
class Drop:
    """A fall in emotion (on the emotion scale) or experience score (0-100) from one touchpoint to the next."""

    kind: str  # "emotion" or "experience"
    source: str
    target: str
    before: float
    after: float

    @property
    def drop(self) -> float:
        return self.before - self.after


@dataclass(frozen=True)
class Flow:
    uses_next: bool
    backward_jumps: tuple[Jump, ...]
    unreachable: tuple[str, ...]
    dead_ends: tuple[str, ...]
    emotion_drops: tuple[Drop, ...]
    experience_drops: tuple[Drop, ...]


def flow(context: MapContext, selected: set, persona_view: set, persona: Optional[str] = None) -> Flow:
    """`selected`: touchpoint ids the filters keep; `persona_view`: those the persona filter alone keeps."""
    journey_map = context.map
    stages = journey_map.stages
    uses_next = context.uses_next()
    jumps = tuple(Jump(stages[s].touchpoints[t].id, stages[s].id, target, stages[target_stage].id)
                  for s, t, _i, target, target_stage in backward_jumps(context)
                  if stages[s].touchpoints[t].id in selected)
    unreachable, dead_ends = (), ()
    if uses_next:
        seen = reachable(journey_map)
        last = max(i for i, s in enumerate(stages) if s.touchpoints)
        ordered = [(s, tp) for s, _t, _stage, tp in journey_map.touchpoints() if tp.id in selected]
        unreachable = tuple(tp.id for _s, tp in ordered if tp.id not in seen)
        dead_ends = tuple(tp.id for s, tp in ordered if not tp.next and s < last)
    edges = _edges(context, uses_next, selected, persona_view)
    emotion = {tp.id: scoring.emotion_value(tp, persona) for _s, _t, _st, tp in journey_map.touchpoints()}
    experience = {}
    for s, t, _stage, tp in journey_map.touchpoints():
        estimates = context.estimates(s, t)
        if any(found.value is not None for found in estimates.values()):
            experience[tp.id] = scoring.experience(tp, journey_map.scales, estimates).score
    return Flow(uses_next, jumps, unreachable, dead_ends,
                _largest("emotion", edges, emotion), _largest("experience", edges, experience))


def _edges(context: MapContext, uses_next: bool, selected: set, persona_view: set) -> list[tuple[str, str]]:
    """Transitions both ends of which the persona meets, with at least one end in the selection."""
    order = [tp for _s, _t, _stage, tp in context.map.touchpoints() if tp.id in persona_view]
    if uses_next:
        pairs = [(tp.id, target) for tp in order for target in tp.next]
    else:
        pairs = [(a.id, b.id) for a, b in zip(order, order[1:])]
    return [(a, b) for a, b in pairs if a in persona_view and b in persona_view and (a in selected or b in selected)]


def _largest(kind: str, edges, values: dict) -> tuple[Drop, ...]:
    drops = [Drop(kind, a, b, values[a], values[b]) for a, b in edges
             if values.get(a) is not None and values.get(b) is not None and values[a] > values[b]]
    drops.sort(key=lambda d: (-d.drop, d.source, d.target))
    return tuple(drops[:LARGEST_DROPS])
