"""Scores of every touchpoint, rolled up per stage, persona, channel and the whole journey.

Evidence: a roll-up is made of survey evidence only (counts, or a value with its n). A
touchpoint with only a designer's emotion has no experience score and counts in no roll-up;
every roll-up says how many of its touchpoints have survey data and how many responses stand
behind it (`Rollup.evidence`).

Weights: a roll-up weighs its surveyed touchpoints by reach (people who meet them) when every
one of them has a positive reach, else by responses when every one has responses, else
equally. Mixing levels would add people to answers, so one roll-up never mixes them;
`Rollup.weighting` says which one was used.

Personas: a persona's roll-up uses only the responses that are that persona's: per-persona
counts, or the pooled counts of a touchpoint that serves that persona alone. Pooled counts of
a touchpoint serving several personas are not split by guess: they are left out of every
persona's roll-up and counted in `Rollup.pooled`, so no response is ever in two personas' n.
Where per-persona counts meet a touchpoint serving several personas, its reach is split among
them by their shares (the only place shares stand in for a number of people).

Intervals (delta method, `metrics.pooled_interval`): weighted mean +/- z * sqrt(sum (w_i/W)^2
se_i^2), touchpoints being independent samples and the weights known; each touchpoint's
experience SE is the mean of its metrics' SEs (no cancelling assumed between metrics answered
by the same people). A value given without counts carries the largest SE its scale allows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from journeymap.scoring import metrics

from journeymap.scoring import estimates as scoring
from journeymap.checks.base import MapContext
from journeymap.model.records import JourneyMap, Scales
from journeymap.load.settings import Settings

REACH, RESPONSES, EQUAL = "reach", "responses", "equal"


@dataclass(frozen=True)
class TouchpointScore:
    """One row of the score table."""

    stage: str
    touchpoint: str
    name: str
    channel: str
    personas: tuple[str, ...]
    owner: Optional[str]
    reach: Optional[int]
    estimates: dict[str, metrics.Estimate]
    targets: dict[str, float]
    met: dict[str, bool]  # metric -> value >= target, for metrics with a value
    experience: Optional[scoring.Experience]  # survey evidence only
    low_sample: tuple[str, ...]  # metrics resting on fewer responses than the threshold
    emotion: Optional[float] = None  # the designer's emotion (mean over personas), never a score
    by_persona: dict = field(default_factory=dict)  # persona -> {metric: Estimate} from per-persona counts

    @property
    def responses(self) -> int:
        return sum(found.n for found in self.estimates.values())

    @property
    def surveyed(self) -> bool:
        return self.experience is not None

    @property
    def emotion_only(self) -> bool:
        """No survey evidence, only the emotion a designer gave: listed with it, scored nowhere."""
        return self.experience is None and self.emotion is not None


@dataclass(frozen=True)
class Member:
    """What one touchpoint brings to one roll-up: the part of its people, its estimates, its score."""

    tp: TouchpointScore
    fraction: float
    estimates: dict[str, metrics.Estimate]
    experience: Optional[scoring.Experience]

    @property
    def responses(self) -> int:
        return sum(found.n for found in self.estimates.values())


@dataclass(frozen=True)
class Rollup:
    """One stage, persona, channel, or the journey, with what stands behind it."""

    kind: str  # "journey", "stage", "persona" or "channel"
    id: str
    name: str
    touchpoints: int  # every touchpoint in the group
    responses: int  # survey responses behind the roll-up (for a persona: that persona's only)
    experience: Optional[scoring.Experience]
    metrics: dict[str, Optional[metrics.Estimate]]  # every metric; None where no touchpoint has it
    weighting: str = REACH  # REACH, RESPONSES or EQUAL
    low_sample: tuple[str, ...] = ()  # metrics whose responses, all touchpoints together, are below the threshold
    surveyed: int = 0  # touchpoints whose survey evidence the roll-up uses
    pooled: int = 0  # persona roll-ups: surveyed touchpoints left out, their responses pooled across personas
    no_interval: Optional[str] = None  # why the experience score has no interval, when it has none

    def evidence(self) -> str:
        """What stands behind the roll-up: 'from 9 of 13 touchpoints with survey data, 2,632 responses'."""
        text = (f"from {self.surveyed} of {self.touchpoints} touchpoint{'' if self.touchpoints == 1 else 's'}"
                f" with survey data, {self.responses:,} response{'' if self.responses == 1 else 's'}")
        if self.pooled:
            text += (f"; {self.pooled} more pooled across personas, not split"
                     " (import with a persona column to split them)")
        return text


@dataclass(frozen=True)
class Scores:
    journey: Rollup
    touchpoints: list[TouchpointScore]
    stages: list[Rollup]
    personas: list[Rollup]
    channels: list[Rollup]
    persona_differences: list = field(default_factory=list)  # personas.PersonaDifference, per touchpoint


def score_touchpoint(journey_map: JourneyMap, stage_index: int, touchpoint_index: int,
                     context: MapContext) -> TouchpointScore:
    """One touchpoint's row, from the estimates and targets the context worked out once (the rules
    and the gaps read the same ones)."""
    scales = journey_map.scales
    stage = journey_map.stages[stage_index]
    touchpoint = stage.touchpoints[touchpoint_index]
    estimates = context.estimates(stage_index, touchpoint_index)
    targets = context.targets(stage_index, touchpoint_index)
    met = {metric: found.value >= targets[metric] for metric, found in estimates.items()
           if found.value is not None and metric in targets}
    low = tuple(metric for metric, found in estimates.items() if found.n < context.settings.low_sample)
    return TouchpointScore(
        stage=stage.id, touchpoint=touchpoint.id, name=touchpoint.name, channel=touchpoint.channel,
        personas=tuple(context.serves(touchpoint)), owner=touchpoint.owner, reach=touchpoint.reach,
        estimates=estimates, targets=targets, met=met,
        experience=scoring.experience(touchpoint, scales, estimates), low_sample=low,
        emotion=scoring.emotion_value(touchpoint),
        by_persona=scoring.persona_estimates(touchpoint, scales))


def rollup(kind: str, id: str, name: str, group: list[TouchpointScore], members: list[Member],
           settings: Settings, scales: Scales, pooled: int = 0) -> Rollup:
    """Combine the surveyed members of a group of touchpoints (see the module's docstring)."""
    members = [m for m in members if m.experience is not None]
    weighting = weighting_of(members)

    def weight(m: Member, n: int) -> float:
        if weighting == REACH:
            return m.tp.reach * m.fraction
        return (n if weighting == RESPONSES else 1) * m.fraction

    combined: dict[str, Optional[metrics.Estimate]] = {}
    for metric in scoring.METRICS:
        found = [(m, m.estimates[metric]) for m in members if metric in m.estimates]
        n = sum(e.n for _m, e in found)
        valued = [(weight(m, e.n), e) for m, e in found if e.value is not None]
        if not valued:
            combined[metric] = None if not n else metrics.Estimate(metric, None, None, None, n)
            continue
        if len(valued) == 1 and valued[0][1].low is not None:
            mean = valued[0][1].value, valued[0][1].low, valued[0][1].high  # one touchpoint: its own interval
        elif any(e.se is None for _w, e in valued):
            mean = metrics.weighted_mean([(w, e.value, None, None) for w, e in valued])
        else:
            mean = metrics.pooled_interval([(w, e.value, e.se) for w, e in valued], *_range(metric, scales))
        combined[metric] = metrics.Estimate(metric, *(mean or (None, None, None)), n)
    experience, reason = _experience(members, weight)
    low = tuple(metric for metric, found in combined.items()
                if found is not None and found.n < settings.low_sample)
    return Rollup(kind, id, name, touchpoints=len(group), responses=sum(m.responses for m in members),
                  experience=experience, metrics=combined, weighting=weighting, low_sample=low,
                  surveyed=len(members), pooled=pooled, no_interval=reason)


def _experience(members: list[Member], weight) -> tuple[Optional[scoring.Experience], Optional[str]]:
    if not members:
        return None, "no touchpoint with survey data"
    parts = [(weight(m, m.responses), m.experience) for m in members]
    missing = [m.tp.touchpoint for m in members if m.experience.se is None]
    if missing:
        mean = metrics.weighted_mean([(w, e.score, None, None) for w, e in parts])
        reason = f"no responses behind the value of {', '.join(missing)}"
        return (None, reason) if mean is None else (scoring.Experience(mean[0], None, None), reason)
    pooled = metrics.pooled_interval([(w, e.score, e.se) for w, e in parts], 0.0, 100.0)
    if len(parts) == 1 and parts[0][1].low is not None:
        return parts[0][1], None  # one touchpoint: its own interval
    if pooled is None:
        return None, "no weight behind any touchpoint"
    value, low, high = pooled
    return scoring.Experience(value, low, high, (high - low) / (2 * metrics.Z) if high > low else 0.0), None


def _range(metric: str, scales: Scales) -> tuple[float, float]:
    """Where a roll-up of the metric can lie: CSAT 0..1, NPS -100..100, CES on its scale."""
    if metric == "csat":
        return 0.0, 1.0
    if metric == "nps":
        return -100.0, 100.0
    return scoring.scale_bounds(metric, scales)


def weighting_of(members) -> str:
    """The first level at which every member weighs something: reach, then responses, then equal."""
    if all(m.tp.reach is not None and m.tp.reach > 0 for m in members):
        return REACH
    if all(m.responses > 0 for m in members):
        return RESPONSES
    return EQUAL


def persona_fraction(journey_map: JourneyMap, persona: str, served: tuple[str, ...]) -> float:
    """The part of a touchpoint's people that are this persona: share over the served personas' shares."""
    shares = {p.id: p.share for p in journey_map.personas}
    if any(shares.get(p) is None for p in served):
        return 1.0
    total = sum(shares[p] for p in served)
    return shares[persona] / total if total > 0 else 0.0


def whole(tp: TouchpointScore) -> Member:
    return Member(tp, 1.0, tp.estimates, tp.experience)


def persona_rollup(journey_map: JourneyMap, persona, rows: list[TouchpointScore], settings: Settings) -> Rollup:
    """A persona's roll-up from that persona's own responses only (see the module's docstring)."""
    group = [tp for tp in rows if persona.id in tp.personas]
    members, pooled = [], 0
    for tp in group:
        if persona.id in tp.by_persona:
            own = tp.by_persona[persona.id]
            members.append(Member(tp, persona_fraction(journey_map, persona.id, tp.personas), own,
                                  scoring.experience_of(own, journey_map.scales)))
        elif tp.personas == (persona.id,):
            members.append(whole(tp))
        elif tp.surveyed:
            pooled += 1
    return rollup("persona", persona.id, persona.name, group, members, settings, journey_map.scales, pooled)


def score_map(journey_map: JourneyMap, settings: Settings = Settings(), context: Optional[MapContext] = None) -> Scores:
    """Every row and roll-up of the map. Pass the run's `context` so that each touchpoint's estimates
    and targets are worked out once for the rules, the scores and the gaps alike."""
    context = context if context is not None else MapContext(journey_map, settings)
    scales = journey_map.scales
    rows = [score_touchpoint(journey_map, s, t, context) for s, t, _stage, _tp in journey_map.touchpoints()]

    def plain(kind: str, id: str, name: str, group: list[TouchpointScore]) -> Rollup:
        return rollup(kind, id, name, group, [whole(tp) for tp in group], settings, scales)

    stages = [plain("stage", stage.id, stage.name, [tp for tp in rows if tp.stage == stage.id])
              for stage in journey_map.stages]
    personas = [persona_rollup(journey_map, persona, rows, settings) for persona in journey_map.personas]
    names = {channel.id: channel.name or channel.id for channel in journey_map.channels}
    for tp in rows:  # a channel the map forgot to declare still gets its roll-up
        names.setdefault(tp.channel, tp.channel)
    channels = [plain("channel", channel, name, [tp for tp in rows if tp.channel == channel])
                for channel, name in names.items()]
    journey = plain("journey", journey_map.journey.id, journey_map.journey.title, rows)
    from journeymap.scoring.personas import persona_differences

    return Scores(journey, rows, stages, personas, channels, persona_differences(journey_map))
