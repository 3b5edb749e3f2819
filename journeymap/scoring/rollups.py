"""Scores of every touchpoint, rolled up per stage, persona, channel and the whole journey.

Weights: a roll-up weighs its touchpoints by reach (people who meet them) when every one of
them has a positive reach, else by responses when every one of them has survey responses,
else equally. Mixing levels would add people to answers, so one roll-up never mixes them;
`Rollup.weighting` says which one was used. A level where some touchpoint weighs nothing (no
reach, a reach of 0, or an emotion-only touchpoint with 0 responses) is skipped, so a score a
touchpoint has is never silently dropped from its roll-ups.

Personas: a touchpoint counts for every persona it serves. Its reach is split among those
personas in proportion to their shares (when all of them have a share), so a touchpoint
serving everyone weighs less in the new-visitor roll-up than one serving new visitors only.
A plain "reach x share" factor would be the same for every touchpoint of one persona and
cancel out. Without shares the whole reach counts, rather than guessing equal shares.

Intervals of a roll-up are the weighted means of the touchpoints' lows and highs: a
conservative envelope, given only when every touchpoint behind it has an interval.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from journeymap.scoring import metrics

from journeymap.scoring import estimates as scoring
from journeymap.checks.base import MapContext
from journeymap.model.records import JourneyMap, Stage, Touchpoint
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
    experience: Optional[scoring.Experience]
    low_sample: tuple[str, ...]  # metrics resting on fewer responses than the threshold

    @property
    def responses(self) -> int:
        return sum(found.n for found in self.estimates.values())

    @property
    def from_emotion(self) -> bool:
        """The experience score is the emotion standing in for a survey the touchpoint does not have."""
        return self.experience is not None and all(found.value is None for found in self.estimates.values())


@dataclass(frozen=True)
class Rollup:
    """One stage, persona, channel, or the journey, with what stands behind it."""

    kind: str  # "journey", "stage", "persona" or "channel"
    id: str
    name: str
    touchpoints: int
    responses: int
    experience: Optional[scoring.Experience]
    metrics: dict[str, Optional[metrics.Estimate]]  # every metric; None where no touchpoint has it
    weighting: str = REACH  # REACH, RESPONSES or EQUAL
    low_sample: tuple[str, ...] = ()  # metrics whose responses, all touchpoints together, are below the threshold


@dataclass(frozen=True)
class Scores:
    journey: Rollup
    touchpoints: list[TouchpointScore]
    stages: list[Rollup]
    personas: list[Rollup]
    channels: list[Rollup]


def score_touchpoint(journey_map: JourneyMap, stage: Stage, touchpoint: Touchpoint,
                     context: MapContext) -> TouchpointScore:
    scales = journey_map.scales
    estimates = scoring.touchpoint_estimates(touchpoint, scales)
    targets = scoring.effective_targets(journey_map, stage, touchpoint, context.settings)
    met = {metric: found.value >= targets[metric] for metric, found in estimates.items()
           if found.value is not None and metric in targets}
    low = tuple(metric for metric, found in estimates.items() if found.n < context.settings.low_sample)
    return TouchpointScore(
        stage=stage.id, touchpoint=touchpoint.id, name=touchpoint.name, channel=touchpoint.channel,
        personas=tuple(context.serves(touchpoint)), owner=touchpoint.owner, reach=touchpoint.reach,
        estimates=estimates, targets=targets, met=met,
        experience=scoring.experience(touchpoint, scales, estimates), low_sample=low)


def rollup(kind: str, id: str, name: str, members: list[tuple[TouchpointScore, float]],
           settings: Settings) -> Rollup:
    """Combine touchpoints, each with the fraction of it that belongs to this group (1 unless split)."""
    weighting = weighting_of([tp for tp, _f in members])

    def weight(tp: TouchpointScore, fraction: float, n: int) -> float:
        if weighting == REACH:
            return tp.reach * fraction
        return (n if weighting == RESPONSES else 1) * fraction

    combined: dict[str, Optional[metrics.Estimate]] = {}
    for metric in scoring.METRICS:
        parts, n = [], 0
        for tp, fraction in members:
            found = tp.estimates.get(metric)
            if found is None:
                continue
            n += found.n
            if found.value is not None:
                parts.append((weight(tp, fraction, found.n), found.value, found.low, found.high))
        mean = metrics.weighted_mean(parts)
        combined[metric] = None if mean is None and not n else metrics.Estimate(
            metric, *(mean or (None, None, None)), n)
    experience = metrics.weighted_mean([
        (weight(tp, fraction, tp.responses), tp.experience.score, tp.experience.low, tp.experience.high)
        for tp, fraction in members if tp.experience is not None])
    low = tuple(metric for metric, found in combined.items()
                if found is not None and found.n < settings.low_sample)
    return Rollup(kind, id, name, touchpoints=len(members),
                  responses=sum(tp.responses for tp, _f in members),
                  experience=None if experience is None else scoring.Experience(*experience),
                  metrics=combined, weighting=weighting, low_sample=low)


def weighting_of(touchpoints: list[TouchpointScore]) -> str:
    """The first level at which every touchpoint weighs something: reach, then responses, then equal."""
    if all(tp.reach is not None and tp.reach > 0 for tp in touchpoints):
        return REACH
    if all(tp.responses > 0 for tp in touchpoints):
        return RESPONSES
    return EQUAL


def persona_fraction(journey_map: JourneyMap, persona: str, served: tuple[str, ...]) -> float:
    """The part of a touchpoint's people that are this persona: share over the served personas' shares."""
    shares = {p.id: p.share for p in journey_map.personas}
    if any(shares.get(p) is None for p in served):
        return 1.0
    total = sum(shares[p] for p in served)
    return shares[persona] / total if total > 0 else 0.0


def score_map(journey_map: JourneyMap, settings: Settings = Settings()) -> Scores:
    context = MapContext(journey_map, settings)
    rows = [score_touchpoint(journey_map, stage, tp, context)
            for _s, _t, stage, tp in journey_map.touchpoints()]
    whole = [(tp, 1.0) for tp in rows]
    stages = [rollup("stage", stage.id, stage.name, [(tp, 1.0) for tp in rows if tp.stage == stage.id], settings)
              for stage in journey_map.stages]
    personas = [rollup("persona", persona.id, persona.name,
                       [(tp, persona_fraction(journey_map, persona.id, tp.personas))
                        for tp in rows if persona.id in tp.personas], settings)
                for persona in journey_map.personas]
    names = {channel.id: channel.name or channel.id for channel in journey_map.channels}
    for tp in rows:  # a channel the map forgot to declare still gets its roll-up
        names.setdefault(tp.channel, tp.channel)
    channels = [rollup("channel", channel, name, [(tp, 1.0) for tp in rows if tp.channel == channel], settings)
                for channel, name in names.items()]
    journey = rollup("journey", journey_map.journey.id, journey_map.journey.title, whole, settings)
    return Scores(journey, rows, stages, personas, channels)
