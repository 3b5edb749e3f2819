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

    `gap` is in the metric's units and positive (how far short); `shortfall` the share of the
    touchpoint's customers who would need a better experience (see `gaps.priority`); `affected`
    = reach x shortfall, people per period, with its 95 % interval. `significant` is True when the
    whole 95 % interval misses the target, False when only the point estimate does, and None
    when nothing can tell (a value given without counts, or a KPI: KPIs carry no n).
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
    shortfall: Optional[float]  # share of customers; None for a KPI that is not a rate
    reach: Optional[float]  # the touchpoint's reach, or the stand-in when `reach_assumed`
    reach_assumed: bool
    affected: Optional[float]
    affected_low: Optional[float]
    affected_high: Optional[float]
    money: Optional[float]
    money_low: Optional[float]
    money_high: Optional[float]
    significant: Optional[bool]
    owner: Optional[str]
    low_sample: bool

    @property
    def counted(self) -> bool:
        return self.affected is not None

    def rank_key(self) -> tuple:
        """Most customers affected first; rows nobody can count after them, by shortfall; then id, metric."""
        return (self.affected is None, -(self.affected or 0.0), -(self.shortfall or 0.0), self.touchpoint, self.metric)


def find_gaps(context: MapContext) -> list[Gap]:
    """All gaps of the map, ranked."""
    journey_map = context.map
    widest = p.audience(journey_map)
    found = []
    for s, t, stage, tp in journey_map.touchpoints():
        reach, assumed = p.reach_of(context, tp, widest)
        common = dict(touchpoint=tp.id, name=tp.name, stage=stage.id, reach=reach, reach_assumed=assumed,
                      owner=tp.owner if has_owner(tp) else None)
        targets = context.targets(s, t)
        for metric, estimate in context.estimates(s, t).items():
            target = targets.get(metric)
            if estimate.value is None or target is None or p.shortfall(estimate.value, target, p.HIGHER) <= 0:
                continue
            found.append(_gap(journey_map, common, metric, "satisfaction", p.HIGHER, estimate.value, target,
                              estimate.low, estimate.high, estimate.n, p.per_customer(metric, journey_map.scales),
                              estimate.n < context.settings.low_sample))
        for name in sorted(tp.kpis):
            kpi = tp.kpis[name]
            better = p.kpi_better(name, kpi)
            if kpi.target is None or p.shortfall(kpi.value, kpi.target, better) <= 0:
                continue
            interval = scoring.kpi_interval(kpi)  # a rate given as successes of n has a Wilson interval
            low, high = interval if interval is not None else (None, None)
            found.append(_gap(journey_map, common, name, "kpi", better, kpi.value, kpi.target, low, high, kpi.n,
                              p.rate_scale(kpi), kpi.n is not None and kpi.n < context.settings.low_sample))
    found.sort(key=Gap.rank_key)
    return found


def _gap(journey_map, common: dict, metric: str, kind: str, better: str, value: float, target: float,
         low, high, n, factor, low_sample: bool) -> Gap:
    missed_by = p.shortfall(value, target, better)
    share = p.shortfall_share(missed_by, factor)
    people = p.affected(common["reach"], share)
    bounds = [None, None]
    if people is not None and low is not None and high is not None:
        # the interval's far end misses by more, its near end by less (or not at all)
        ends = (high, low) if better == p.HIGHER else (low, high)
        bounds = [p.affected(common["reach"], p.shortfall_share(p.shortfall(end, target, better), factor))
                  for end in ends]
    return Gap(metric=metric, kind=kind, better=better, value=value, target=target, low=low, high=high,
               n=n, gap=missed_by, shortfall=share, affected=people, affected_low=bounds[0],
               affected_high=bounds[1], money=p.money(journey_map, people),
               money_low=p.money(journey_map, bounds[0]), money_high=p.money(journey_map, bounds[1]),
               significant=p.significant(low, high, target, better), low_sample=low_sample, **common)
