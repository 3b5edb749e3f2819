"""Do two personas differ at a touchpoint? The tests `jmap diff` uses between periods, here
between the per-persona counts of one touchpoint (each persona its own independent sample)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from journeymap.model.records import JourneyMap, Scales
from journeymap.scoring import estimates as scoring
from journeymap.scoring import metrics


@dataclass(frozen=True)
class PersonaDifference:
    """`second - first` for one metric at one touchpoint, personas in the map's order."""

    touchpoint: str
    metric: str
    first: str
    second: str
    first_estimate: metrics.Estimate
    second_estimate: metrics.Estimate
    difference: metrics.Difference


def counts_difference(metric: str, first: list, second: list, scales: Scales) -> metrics.Difference:
    """second - first from two sets of answer counts on the metric's scale, with its test."""
    if metric == "csat":
        return metrics.csat_difference(metrics.csat_from_counts(first), metrics.csat_from_counts(second))
    if metric == "nps":
        return metrics.nps_difference(metrics.nps_groups(first), metrics.nps_groups(second))
    return metrics.ces_difference(first, second, scales.ces.min)


def persona_differences(journey_map: JourneyMap) -> list[PersonaDifference]:
    """Every pair of personas with counts of their own for one metric at one touchpoint."""
    order = {p.id: i for i, p in enumerate(journey_map.personas)}
    found = []
    for _s, _t, _stage, tp in journey_map.touchpoints():
        own = scoring.persona_estimates(tp, journey_map.scales)
        for metric in scoring.METRICS:
            score = None if tp.satisfaction is None else getattr(tp.satisfaction, metric)
            split = {p: c.counts for p, c in ((score.personas or {}) if score is not None else {}).items()
                     if metric in own.get(p, {})}
            for first, second in combinations(sorted(split, key=lambda p: order.get(p, len(order))), 2):
                found.append(PersonaDifference(
                    tp.id, metric, first, second, own[first][metric], own[second][metric],
                    counts_difference(metric, split[first], split[second], journey_map.scales)))
    return found
