"""What to measure: the map's event claims, declared steps and stages, and the run's options."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Optional

from journeymap.model.records import JourneyMap

TOUCHPOINT, STAGE = "touchpoint", "stage"


class MeasureError(Exception):
    """A problem with the input or the options: one line for the user, exit 2."""


@dataclass(frozen=True)
class Columns:
    """Names of the event columns (renamed with --session-column and the like)."""

    session: Optional[str] = "session_id"  # None: cut sessions at the inactivity gap
    session_given: bool = False  # named by the user: then it must exist (else a missing default means "cut")
    user: str = "user_id"
    event: str = "event"
    time: str = "timestamp"
    value: Optional[str] = None
    by: tuple = ()


@dataclass(frozen=True)
class Options:
    columns: Columns = field(default_factory=Columns)
    session_gap_seconds: int = 30 * 60
    since_us: Optional[int] = None  # epoch microseconds, inclusive
    until_us: Optional[int] = None  # epoch microseconds, exclusive (the day after --until)
    repeat_window_days: int = 90
    top: int = 10


@dataclass(frozen=True)
class Claim:
    touchpoint: str
    event: str
    where: tuple = ()  # ((column, glob), ...)


@dataclass(frozen=True)
class Plan:
    """The map as `jmap measure` sees it."""

    claims: tuple  # Claim, in map order: the first that matches an event takes it
    touchpoints: tuple  # (id, stage id), in map order
    stages: tuple  # stage ids, in order
    steps: tuple  # (level, from, to): declared `next` steps, then stage-to-stage steps
    conversions: tuple  # touchpoint ids marked `conversion: true`
    unobserved: tuple  # touchpoints on a declared step that declare no events
    names: dict  # (level, id) -> display name, for touchpoints and stages

    def where_columns(self) -> list[str]:
        return sorted({column for claim in self.claims for column, _glob in claim.where})


def plan_for(journey_map: JourneyMap) -> Plan:
    """The plan for a map; MeasureError when the map declares no events at all."""
    claims, touchpoints, conversions, names = [], [], [], {}
    steps = []
    for _s, _t, stage, tp in journey_map.touchpoints():
        touchpoints.append((tp.id, stage.id))
        names[(TOUCHPOINT, tp.id)] = tp.name
        for event in tp.events:
            claims.append(Claim(tp.id, event.name, tuple(sorted((event.where or {}).items()))))
        if tp.conversion:
            conversions.append(tp.id)
    if not claims:
        raise MeasureError("the map declares no `events` on any touchpoint: nothing can be measured "
                           "(add e.g. `events: [add_to_cart]` to the touchpoints the events observe)")
    known = {tp_id for tp_id, _stage in touchpoints}
    observed = {claim.touchpoint for claim in claims}
    unobserved = []
    for _s, _t, _stage, tp in journey_map.touchpoints():
        for target in tp.next:
            if target in known:
                steps.append((TOUCHPOINT, tp.id, target))
                for end in (tp.id, target):
                    if end not in observed and end not in unobserved:
                        unobserved.append(end)
    stages = [stage.id for stage in journey_map.stages]
    for stage in journey_map.stages:
        names[(STAGE, stage.id)] = stage.name
    steps += [(STAGE, a, b) for a, b in zip(stages, stages[1:])]
    return Plan(tuple(claims), tuple(touchpoints), tuple(stages), tuple(dict.fromkeys(steps)), tuple(conversions),
                tuple(unobserved), names)


def resolve_columns(found, plan: Plan, options: Options) -> Options:
    """The options for the columns the events have: a missing column is a MeasureError naming it and
    those that exist; without a session column (and none asked for), sessions are cut at the gap."""
    c = options.columns
    if c.session and c.session not in found and not c.session_given:
        options = replace(options, columns=replace(c, session=None))
        c = options.columns
    needed = [("event", c.event), ("time", c.time), ("user", c.user)]
    needed += [("session", c.session)] if c.session else []
    needed += [("value", c.value)] if c.value else []
    needed += [("segment", name) for name in c.by] + [("where", name) for name in plan.where_columns()]
    for role, name in needed:
        if name not in found:
            names = sorted(n for n in found if not n.startswith("__"))
            shown = ", ".join(names[:30]) + (", ..." if len(names) > 30 else "")
            raise MeasureError(f"no {role} column {name!r} in the events (columns: {shown})")
    return options
