"""Every metric and KPI under its target, with the parts of its priority."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from journeymap.scoring import estimates as scoring
from journeymap.checks.base import MapContext
from journeymap.checks.jm303_no_owner import has_owner
from journeymap.gaps import priority as p


@dataclass(frozen=True)
class Gap:
    """One metric of one touchpoint on the wrong side of its target.

    `gap` is in the metric's units and positive (how far short); `significant` is True when
    the whole 95 % interval misses the target, False when only the point estimate does, and
    None when nothing can tell (a value given without counts, or a KPI: KPIs carry no n).
    """

    touchpoint: str
    name: str
    stage: str
    metric: str  # csat, nps, ces or the KPI's name
    kind: str  # "satisfaction" or "kpi"
    better: str  # "higher" or "lower"
    value: float
    target: float
    low: Optional[float]
    high: Optional[float]
    n: Optional[int]
    gap: float
    normalised_gap: float
    reach_share: float
    reach_assumed: bool
    persona_share: float
    priority: float
    significant: Optional[bool]
    owner: Optional[str]
    low_sample: bool

    def rank_key(self) -> tuple:
        """Highest priority first; ties by touchpoint id, then metric."""
        return (-self.priority, self.touchpoint, self.metric)


def find_gaps(context: MapContext) -> list[Gap]:
    """All gaps of the map, ranked."""
    journey_map = context.map
    shares = p.reach_shares(journey_map)
    found = []
    for s, t, stage, tp in journey_map.touchpoints():
        reach_share, assumed = shares[tp.id]
        common = dict(touchpoint=tp.id, name=tp.name, stage=stage.id, reach_share=reach_share,
                      reach_assumed=assumed, persona_share=p.persona_share(context, tp),
                      owner=tp.owner if has_owner(tp) else None)
        targets = scoring.effective_targets(journey_map, stage, tp, context.settings)
        for metric, estimate in context.estimates(s, t).items():
            target = targets.get(metric)
            if estimate.value is None or target is None or p.shortfall(estimate.value, target, p.HIGHER) <= 0:
                continue
            normalised_gap = p.satisfaction_normalised_gap(metric, estimate.value, target, journey_map.scales)
            found.append(_gap(common, metric, "satisfaction", p.HIGHER, estimate.value, target,
                              estimate.low, estimate.high, estimate.n, normalised_gap,
                              estimate.n < context.settings.low_sample))
        for name in sorted(tp.kpis):
            kpi = tp.kpis[name]
            better = p.kpi_better(name, kpi)
            if kpi.target is None or p.shortfall(kpi.value, kpi.target, better) <= 0:
                continue
            found.append(_gap(common, name, "kpi", better, kpi.value, kpi.target, None, None, None,
                              p.kpi_normalised_gap(kpi.value, kpi.target), False))
    found.sort(key=Gap.rank_key)
    return found


def _gap(common: dict, metric: str, kind: str, better: str, value: float, target: float,
         low, high, n, normalised_gap: float, low_sample: bool) -> Gap:
    return Gap(metric=metric, kind=kind, better=better, value=value, target=target, low=low, high=high,
               n=n, gap=p.shortfall(value, target, better), normalised_gap=normalised_gap,
               priority=p.priority(normalised_gap, common["reach_share"], common["persona_share"]),
               significant=p.significant(low, high, target, better), low_sample=low_sample, **common)
