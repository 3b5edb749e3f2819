"""What the pictures show about each touchpoint, computed once through `scoring` (never here)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from journeymap.outputs import numbers
from journeymap.scoring import estimates as scoring
from journeymap.model.records import JourneyMap, Stage, Touchpoint
from journeymap.load.settings import LOW_SAMPLE_THRESHOLD


@dataclass(frozen=True)
class TouchpointFacts:
    stage_index: int
    stage: Stage
    touchpoint: Touchpoint
    channel_name: str
    estimates: dict  # metric -> metrics.Estimate, in scoring.METRICS order
    experience: Optional[scoring.Experience]
    low_sample: tuple  # (metric, n) for every estimate under the threshold
    personas: tuple  # persona ids served; every persona when the map does not say

    @property
    def id(self) -> str:
        return self.touchpoint.id

    @property
    def score(self) -> Optional[float]:
        return None if self.experience is None else self.experience.score


def gather(journey_map: JourneyMap, low_sample: int = LOW_SAMPLE_THRESHOLD) -> list[TouchpointFacts]:
    """One TouchpointFacts per touchpoint, in map order."""
    channel_names = {c.id: (c.name or c.id) for c in journey_map.channels}
    every_persona = tuple(p.id for p in journey_map.personas)
    found = []
    for s, _t, stage, touchpoint in journey_map.touchpoints():
        estimates = scoring.touchpoint_estimates(touchpoint, journey_map.scales)
        found.append(TouchpointFacts(
            stage_index=s,
            stage=stage,
            touchpoint=touchpoint,
            channel_name=channel_names.get(touchpoint.channel, touchpoint.channel),
            estimates=estimates,
            experience=scoring.experience(touchpoint, journey_map.scales, estimates),
            low_sample=tuple((metric, e.n) for metric, e in estimates.items() if e.n < low_sample),
            personas=tuple(touchpoint.personas) if touchpoint.personas is not None else every_persona,
        ))
    return found


def serves(facts: TouchpointFacts, persona: Optional[str]) -> bool:
    return persona is None or persona in facts.personas


def metric_text(estimate) -> str:
    """`CSAT 75.0% [68.1%, 81.2%] n=120`: the value, its 95 % interval when there is one, and its n."""
    name = estimate.metric.upper()
    if estimate.value is None:
        return f"{name} no answers"
    text = f"{name} {numbers.metric_value(estimate.metric, estimate.value)}"
    interval = numbers.metric_interval(estimate.metric, estimate.low, estimate.high)
    return text + (f" {interval}" if interval else "") + f" n={numbers.count(estimate.n)}"


def experience_text(experience: Optional[scoring.Experience]) -> str:
    if experience is None:
        return "no score"
    interval = numbers.experience_interval(experience.low, experience.high)
    return numbers.experience(experience.score) + (f" {interval}" if interval else "")
