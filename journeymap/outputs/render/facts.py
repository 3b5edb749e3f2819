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
    def surveyed(self) -> bool:
        """A score stands on survey answers (never on the designer's emotion alone)."""
        return self.experience is not None and any(e.value is not None for e in self.estimates.values())

    @property
    def score(self) -> Optional[float]:
        """The experience score when survey answers stand behind it, else None."""
        return self.experience.score if self.surveyed else None

    @property
    def evidence(self) -> str:
        """What stands behind the touchpoint: "survey", "felt" (an emotion only) or "none"."""
        if self.surveyed:
            return "survey"
        return "felt" if self.touchpoint.emotion is not None else "none"

    @property
    def answers(self) -> str:
        """`n=240`, or `n=180–240` when the metrics rest on different numbers of answers."""
        counts = sorted({e.n for e in self.estimates.values() if e.value is not None})
        if not counts:
            return ""
        return f"n={counts[0]}" if len(counts) == 1 else f"n={counts[0]}\u2013{counts[-1]}"


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


def marks_used(facts: list) -> set:
    """The marks a picture of these touchpoints uses, so its legend explains those and no others."""
    used = {f.evidence for f in facts}
    if any(f.low_sample for f in facts):
        used.add("low-sample")
    if any(f.touchpoint.pains for f in facts):
        used.add("pains")
    return used


def serves(facts: TouchpointFacts, persona: Optional[str]) -> bool:
    return persona is None or persona in facts.personas


def next_pairs(facts: list, across_stages: bool = False) -> list[tuple]:
    """(source, target) of every step: `next`, or, when a map has no `next`, the order within each
    stage (or through the whole map, `across_stages`)."""
    by_id = {f.id: f for f in facts}
    pairs = []
    if any(f.touchpoint.next for f in facts):
        for f in facts:
            for target in dict.fromkeys(f.touchpoint.next):
                if target in by_id:
                    pairs.append((f, by_id[target]))
    else:
        for before, after in zip(facts, facts[1:]):
            if across_stages or before.stage_index == after.stage_index:
                pairs.append((before, after))
    return pairs


def undeclared_pairs(journey_map: JourneyMap, facts: list) -> list[tuple]:
    """(source, target, transition) of each undeclared transition `jmap measure --write` recorded
    (`measured: undeclared`) whose two touchpoints are drawn, once per pair; one that `next` has
    declared since is drawn as that declared step. None without a measurement."""
    if journey_map.measured is None:
        return []
    by_id = {f.id: f for f in facts}
    found: dict = {}
    for transition in journey_map.measured.undeclared:
        a, b = transition.ends
        if a in by_id and b in by_id and a != b and b not in by_id[a].touchpoint.next:
            found.setdefault((a, b), (by_id[a], by_id[b], transition))
    return list(found.values())


def stage_columns(stage_facts: list, pairs: list) -> list[list]:
    """One stage's touchpoints in columns: each one column right of every step that leads to it
    (earlier in the stage), so alternatives (reached from the same step, neither leading to the
    other) share a column."""
    order = {f.id: i for i, f in enumerate(stage_facts)}
    rank: dict = {}
    for f in stage_facts:
        before = [rank[a.id] for a, b in pairs if b.id == f.id and a.id in order and order[a.id] < order[f.id]]
        rank[f.id] = max(before) + 1 if before else 0
    return [[f for f in stage_facts if rank[f.id] == r] for r in range(max(rank.values(), default=-1) + 1)]


def path_steps(facts: list, pairs: list, walks, visits) -> list[tuple]:
    """The steps of one persona's path: from each touchpoint whose id `visits` accepts (its own,
    with an emotion) to the nearest such ones reached through `pairs`, passing only over those
    `walks` accepts (its own without an emotion), so its line never crosses into another branch."""
    following: dict = {}
    for a, b in pairs:
        following.setdefault(a.id, []).append(b)
    steps = []
    for start in facts:
        if not visits(start.id):
            continue
        seen, todo = {start.id}, list(following.get(start.id, ()))
        while todo:
            step = todo.pop(0)
            if step.id in seen:
                continue
            seen.add(step.id)
            if visits(step.id):
                steps.append((start, step))
            elif walks(step.id):
                todo.extend(following.get(step.id, ()))
    return steps


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
