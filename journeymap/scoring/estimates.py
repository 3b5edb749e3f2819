"""From a touchpoint's raw survey data to estimates, targets and its experience score."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from journeymap.scoring import metrics
from journeymap.model.records import JourneyMap, Scales, Stage, Targets, Touchpoint
from journeymap.load.settings import DEFAULT_CES_TARGET_FRACTION, DEFAULT_TARGETS, Settings

METRICS = ("csat", "nps", "ces")


def estimate(metric: str, score, scales: Scales) -> Optional[metrics.Estimate]:
    """One metric of one touchpoint, from whichever form the map gives; None when it is incomplete."""
    if score is None:
        return None
    if score.counts is not None:
        return from_counts(metric, score.counts, scales)
    if metric == "csat":
        if score.value is not None and score.n is not None:
            return metrics.csat_from_value(score.value, score.n)
    elif metric == "nps":
        if None not in (score.promoters, score.passives, score.detractors):
            return metrics.nps_from_groups(score.promoters, score.passives, score.detractors)
        if score.value is not None and score.n is not None:
            return metrics.nps_from_value(score.value, score.n)
    elif metric == "ces":
        if score.value is not None and score.n is not None:
            return metrics.ces_from_value(score.value, score.n, scales.ces.min, scales.ces.max)
    return None


def kpi_estimate(kpi) -> Optional[metrics.Estimate]:
    """A KPI given as `{successes, n}` as a rate with its Wilson interval (what `diff` tests); None
    for a plain `value`."""
    interval = kpi_interval(kpi)
    if interval is None:
        return None
    return metrics.Estimate("rate", kpi.value, interval[0], interval[1], kpi.n)  # value: successes / n


def kpi_interval(kpi) -> Optional[tuple[float, float]]:
    """A KPI given as `{successes, n}` is a binomial proportion: the Wilson interval CSAT uses.
    A plain `value` says nothing about its uncertainty: None."""
    if kpi.n is None or kpi.successes is None:
        return None
    return metrics.wilson_interval(kpi.successes, kpi.n)


def from_counts(metric: str, counts, scales: Scales) -> Optional[metrics.Estimate]:
    """One metric from its responses per answer; None when they do not fit the scale."""
    if len(counts) != answers(metric, scales):
        return None  # JM104 reports it; a guess at the scale would be a wrong number
    if metric == "csat":
        return metrics.csat_from_counts(counts)
    if metric == "nps":
        if len(counts) != 11:
            return None  # NPS is defined on answers 0-10 only; JM104 reports any other NPS scale
        return metrics.nps_from_counts(counts)
    return metrics.ces_from_counts(counts, scales.ces.min)


def answers(metric: str, scales: Scales) -> int:
    """How many answers a metric's scale has (5 for CSAT 1-5, 11 for NPS, 7 for CES 1-7)."""
    scale = getattr(scales, metric)
    return scale.max - scale.min + 1


def touchpoint_estimates(touchpoint: Touchpoint, scales: Scales) -> dict[str, metrics.Estimate]:
    satisfaction = touchpoint.satisfaction
    if satisfaction is None:
        return {}
    found = {}
    for metric in METRICS:
        result = estimate(metric, getattr(satisfaction, metric), scales)
        if result is not None:
            found[metric] = result
    return found


def effective_targets(journey_map: JourneyMap, stage: Stage, touchpoint: Touchpoint,
                      settings: Settings = Settings()) -> dict[str, float]:
    """Built-in defaults, then the config, then the map, the stage and the touchpoint: the nearest wins."""
    scale = journey_map.scales.ces
    found = dict(DEFAULT_TARGETS)
    found["ces"] = scale.min + DEFAULT_CES_TARGET_FRACTION * (scale.max - scale.min)
    found.update(settings.targets)
    layer: Optional[Targets]
    for layer in (journey_map.targets, stage.targets, touchpoint.targets):
        if layer is not None:
            found.update(layer.given())
    return found


def scale_bounds(metric: str, scales: Scales) -> tuple[float, float]:
    scale = getattr(scales, metric)
    return float(scale.min), float(scale.max)


def normalised(metric: str, value: float, scales: Scales) -> Optional[float]:
    """The value on 0..100; None on an empty scale (min == max, which JM104 reports)."""
    low, high = scale_bounds(metric, scales)
    if metric in ("ces", "emotion") and low == high:
        return None
    return metrics.normalise(metric, value, low, high)


@dataclass(frozen=True)
class Experience:
    score: float
    low: Optional[float]
    high: Optional[float]
    # standard error on 0..100 for roll-ups; None when some metric has none (no responses)
    se: Optional[float] = None


def emotion_value(touchpoint: Touchpoint, persona: Optional[str] = None) -> Optional[float]:
    """The emotion for one persona, or the mean over personas when the map gives one per persona."""
    emotion = touchpoint.emotion
    if emotion is None or not isinstance(emotion, dict):
        return emotion
    if persona is not None:
        return emotion.get(persona)
    return sum(emotion.values()) / len(emotion) if emotion else None


def normalised_se(metric: str, se: float, scales: Scales) -> Optional[float]:
    """A standard error in a metric's units, on the 0..100 scale (normalisation is linear)."""
    zero, one = normalised(metric, 0.0, scales), normalised(metric, 1.0, scales)
    return None if zero is None or one is None else se * abs(one - zero)


def experience(touchpoint: Touchpoint, scales: Scales,
               estimates: Optional[dict] = None) -> Optional[Experience]:
    """Mean of the normalised survey metrics; None without survey data.

    A designer's emotion is a different kind of evidence: it is drawn and listed, never turned
    into a score (a guessed emotion must not move a surveyed journey's numbers).
    Its standard error is the mean of the metrics' (they may come from the same respondents,
    so no cancelling is assumed: the conservative bound).
    """
    if estimates is None:
        estimates = touchpoint_estimates(touchpoint, scales)
    return experience_of(estimates, scales)


def experience_of(estimates: dict, scales: Scales) -> Optional[Experience]:
    """The experience score of a set of estimates (a touchpoint's, or one persona's at it)."""
    parts, errors = [], []
    for metric, found in estimates.items():
        if found.value is None or normalised(metric, found.value, scales) is None:
            continue
        parts.append((
            normalised(metric, found.value, scales),
            None if found.low is None else normalised(metric, found.low, scales),
            None if found.high is None else normalised(metric, found.high, scales),
        ))
        errors.append(None if found.se is None else normalised_se(metric, found.se, scales))
    combined = metrics.experience_score(parts)
    if combined is None:
        return None
    se = None if None in errors else sum(errors) / len(errors)
    return Experience(*combined, se)


def persona_estimates(touchpoint: Touchpoint, scales: Scales) -> dict[str, dict[str, metrics.Estimate]]:
    """persona -> {metric: Estimate} from the per-persona counts the map holds (none: {})."""
    satisfaction = touchpoint.satisfaction
    if satisfaction is None:
        return {}
    found: dict[str, dict[str, metrics.Estimate]] = {}
    for metric in METRICS:
        score = getattr(satisfaction, metric)
        for persona, own in ((score.personas or {}) if score is not None else {}).items():
            result = from_counts(metric, own.counts, scales)
            if result is not None:
                found.setdefault(persona, {})[metric] = result
    return found
