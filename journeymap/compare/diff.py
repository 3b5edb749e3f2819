"""What changed between two versions of a journey map, and whether each metric change is real.

Structure is compared by id (a renamed touchpoint keeps its id, so it is a rename, not a
removal plus an addition); satisfaction is compared with the tests in metrics.py, so a
quarter-on-quarter wobble inside the noise is never reported as a drop.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, Optional

from journeymap.scoring import metrics

from journeymap.scoring import estimates as scoring
from journeymap.model.records import JourneyMap

KINDS = ("stage", "touchpoint", "persona", "channel")


@dataclass(frozen=True)
class Item:
    kind: str
    id: str


@dataclass(frozen=True)
class Change:
    """One field of one thing; for list fields (pains, personas ...) one item added (old None) or removed (new None)."""

    kind: str
    id: str
    field: str
    old: Any
    new: Any


class Compared:
    """What a tested change (`old`, `new`: estimates) shares."""

    old: Optional[metrics.Estimate]
    new: Optional[metrics.Estimate]

    @property
    def unchanged(self) -> bool:
        """The same value on the same number of answers on both sides: nothing to report."""
        return (self.old is not None and self.new is not None and self.old.value == self.new.value
                and self.old.n == self.new.n)


@dataclass(frozen=True)
class MetricChange(Compared):
    touchpoint: str
    metric: str
    old: Optional[metrics.Estimate]
    new: Optional[metrics.Estimate]
    difference: metrics.Difference
    span: float = 1.0  # the metric's whole range (CSAT 1, NPS 200, CES its scale's max - min): sizes compare across metrics

    @property
    def size(self) -> Optional[float]:
        """How big the change is, as a share of the metric's whole range; None without a change to size."""
        delta = self.difference.delta
        return None if delta is None or self.unchanged else abs(delta) / self.span

    @property
    def better(self) -> str:
        return "higher"  # CSAT, NPS and CES alike

    @property
    def regression(self) -> bool:
        """A significant drop: CSAT, NPS and CES are all better when higher."""
        d = self.difference
        return bool(d.significant) and d.delta is not None and d.delta < 0


@dataclass(frozen=True)
class RateChange(Compared):
    """A KPI measured as successes of n (a step's conversion that `jmap measure --write` records,
    `conversion_to_<next>`): its change tested as CSAT's is, two proportions."""

    touchpoint: str
    kpi: str
    step: Optional[str]  # the `next` touchpoint when the KPI is that step's conversion
    better: str  # "higher" or "lower"
    old: Optional[metrics.Estimate]
    new: Optional[metrics.Estimate]
    difference: metrics.Difference

    @property
    def label(self) -> str:
        """`cart → checkout conversion`, or `cart add_to_cart_rate` for a rate that is not a step's."""
        return f"{self.touchpoint} \u2192 {self.step} conversion" if self.step else f"{self.touchpoint} {self.kpi}"

    @property
    def regression(self) -> bool:
        """A significant move the wrong way: down for a conversion, up for a rate where lower is better."""
        d = self.difference
        if not d.significant or d.delta is None:
            return False
        return d.delta < 0 if self.better == "higher" else d.delta > 0


@dataclass
class MapDiff:
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    metrics: list = field(default_factory=list)
    rates: list = field(default_factory=list)  # RateChange: measured step conversions and other counted rates
    old_period: Optional[str] = None
    new_period: Optional[str] = None
    period_warning: Optional[str] = None  # why the two periods' numbers may not compare

    def shown_metrics(self, every: bool = False) -> list:
        """The metric changes to list: those that changed, or all of them with `every`."""
        return list(self.metrics) if every else [m for m in self.metrics if not m.unchanged]

    def shown_rates(self, every: bool = False) -> list:
        """The measured rates to list: those that changed, or all of them with `every`."""
        return list(self.rates) if every else [r for r in self.rates if not r.unchanged]

    @property
    def regressions(self) -> list:
        """Significant changes for the worse: satisfaction metrics and measured rates."""
        return [m for m in self.metrics if m.regression] + [r for r in self.rates if r.regression]

    def biggest(self, limit: int = 5) -> list:
        """The metric changes a stakeholder asks about first: the significant ones, then the others
        (not significant, or with no test), each group largest first as a share of the metric's range;
        a tie keeps the map's order."""
        sized = [m for m in self.metrics if m.size is not None]
        return sorted(sized, key=lambda m: (m.difference.significant is not True, -m.size))[:limit]


def diff_maps(old: JourneyMap, new: JourneyMap) -> MapDiff:
    from journeymap.compare.periods import comparison_warning

    result = MapDiff(old_period=old.journey.period, new_period=new.journey.period,
                     period_warning=comparison_warning(old.journey.period, new.journey.period))
    _compare_journey(old, new, result)
    _compare_kind("persona", {p.id: p for p in old.personas}, {p.id: p for p in new.personas},
                  ("name", "share", "segment"), result)
    _compare_kind("channel", {c.id: c for c in old.channels}, {c.id: c for c in new.channels},
                  ("name",), result)
    old_stages, new_stages = {s.id: s for s in old.stages}, {s.id: s for s in new.stages}
    _compare_kind("stage", old_stages, new_stages, ("name",), result)
    _reordered("stage", [s.id for s in old.stages], [s.id for s in new.stages], result)
    _compare_touchpoints(old, new, result)
    return result


def _compare_journey(old: JourneyMap, new: JourneyMap, result: MapDiff) -> None:
    for name in ("title", "owner", "description"):
        before, after = getattr(old.journey, name), getattr(new.journey, name)
        if before != after:
            result.changed.append(Change("journey", new.journey.id, name, before, after))


def _compare_kind(kind: str, old: dict, new: dict, fields: tuple, result: MapDiff) -> None:
    result.removed.extend(Item(kind, key) for key in old if key not in new)
    result.added.extend(Item(kind, key) for key in new if key not in old)
    for key in new:
        if key in old:
            for name in fields:
                before, after = getattr(old[key], name), getattr(new[key], name)
                if before != after:
                    result.changed.append(Change(kind, key, name, before, after))


def _reordered(kind: str, old_order: list, new_order: list, result: MapDiff) -> None:
    """Things whose position changed relative to the others: those outside the longest common order."""
    common_old = [key for key in old_order if key in new_order]
    common_new = [key for key in new_order if key in old_order]
    matcher = difflib.SequenceMatcher(None, common_old, common_new, autojunk=False)
    kept = {key for block in matcher.get_matching_blocks() for key in common_new[block.b:block.b + block.size]}
    for key in common_new:
        if key not in kept:
            result.changed.append(Change(kind, key, "position", old_order.index(key), new_order.index(key)))


_TOUCHPOINT_FIELDS = ("name", "channel", "owner", "reach", "emotion", "description")
_TOUCHPOINT_LISTS = ("personas", "pains", "opportunities", "next")


def _compare_touchpoints(old: JourneyMap, new: JourneyMap, result: MapDiff) -> None:
    old_found = {tp.id: (stage, tp) for _s, _t, stage, tp in old.touchpoints()}
    new_found = {tp.id: (stage, tp) for _s, _t, stage, tp in new.touchpoints()}
    result.removed.extend(Item("touchpoint", key) for key in old_found if key not in new_found)
    result.added.extend(Item("touchpoint", key) for key in new_found if key not in old_found)
    for key, (new_stage, after) in new_found.items():
        if key not in old_found:
            continue
        old_stage, before = old_found[key]
        if old_stage.id != new_stage.id:
            result.changed.append(Change("touchpoint", key, "stage", old_stage.id, new_stage.id))
        for name in _TOUCHPOINT_FIELDS:
            if getattr(before, name) != getattr(after, name):
                result.changed.append(Change("touchpoint", key, name, getattr(before, name), getattr(after, name)))
        for name in _TOUCHPOINT_LISTS:
            _compare_items(key, name, getattr(before, name) or [], getattr(after, name) or [], result)
        rates = _rate_changes(key, before, after)
        result.rates.extend(rates)
        _compare_kpis(key, before.kpis, after.kpis, result, tested={r.kpi for r in rates})
        result.metrics.extend(_metric_changes(key, old, before, new, after))
    for stage in new.stages:
        if stage.id in {s.id for s in old.stages}:
            old_stage = next(s for s in old.stages if s.id == stage.id)
            _reordered("touchpoint", [tp.id for tp in old_stage.touchpoints],
                       [tp.id for tp in stage.touchpoints], result)


def _compare_items(key: str, name: str, before: list, after: list, result: MapDiff) -> None:
    result.changed.extend(Change("touchpoint", key, name, item, None) for item in before if item not in after)
    result.changed.extend(Change("touchpoint", key, name, None, item) for item in after if item not in before)


def _compare_kpis(key: str, before: dict, after: dict, result: MapDiff, tested: set = frozenset()) -> None:
    """Each KPI's value and target as changes; a `tested` rate's value is a RateChange instead."""
    for kpi in sorted(set(before) | set(after)):
        old_kpi, new_kpi = before.get(kpi), after.get(kpi)
        for name in ("value", "target"):
            if name == "value" and kpi in tested:
                continue
            old_value = None if old_kpi is None else getattr(old_kpi, name)
            new_value = None if new_kpi is None else getattr(new_kpi, name)
            if old_value != new_value:
                result.changed.append(Change("touchpoint", key, f"kpis.{kpi}.{name}", old_value, new_value))


def _rate_changes(key: str, before, after) -> list:
    """A RateChange for each KPI given as successes of n in either map (both sides in the new map's
    KPI order, then the ones it dropped); tested when both give their counts."""
    from journeymap.gaps.priority import kpi_better
    from journeymap.measure.writeback import step_kpi_name

    steps = {step_kpi_name(target): target for target in after.next}
    found = []
    for name in list(after.kpis) + [name for name in before.kpis if name not in after.kpis]:
        old_kpi, new_kpi = before.kpis.get(name), after.kpis.get(name)
        counted = [kpi is not None and kpi.n is not None for kpi in (old_kpi, new_kpi)]
        if not any(counted):
            continue
        old_rate, new_rate = (_rate(kpi) for kpi in (old_kpi, new_kpi))
        if all(counted):
            difference = metrics.proportion_difference(old_rate, new_rate)
        else:
            side, kpi = ("old", old_kpi) if not counted[0] else ("new", new_kpi)
            plain = None if old_rate is None or new_rate is None else new_rate.value - old_rate.value
            note = f"not in the {side} map" if kpi is None else f"a value without counts in the {side} map: no test"
            difference = metrics.Difference("rate", plain, None, None, note=note)
        found.append(RateChange(key, name, steps.get(name), kpi_better(name, new_kpi or old_kpi),
                                old_rate, new_rate, difference))
    return found


def _rate(kpi) -> Optional[metrics.Estimate]:
    """A KPI as a rate: with its interval and n when counted, else its value alone (n = 0)."""
    if kpi is None:
        return None
    return scoring.kpi_estimate(kpi) or metrics.Estimate("rate", kpi.value, None, None, 0)


def _metric_changes(key: str, old_map: JourneyMap, before, new_map: JourneyMap, after) -> list:
    old_estimates = scoring.touchpoint_estimates(before, old_map.scales)
    new_estimates = scoring.touchpoint_estimates(after, new_map.scales)
    found = []
    for metric in scoring.METRICS:
        old_estimate, new_estimate = old_estimates.get(metric), new_estimates.get(metric)
        if old_estimate is None and new_estimate is None:
            continue
        difference = metric_difference(metric, old_map, before, old_estimate, new_map, after, new_estimate)
        found.append(MetricChange(key, metric, old_estimate, new_estimate, difference, _span(metric, new_map)))
    return found


def _span(metric: str, journey_map: JourneyMap) -> float:
    """The whole range of a metric's values: CSAT 0-1, NPS -100 to +100, CES its scale's ends."""
    if metric == "csat":
        return 1.0
    if metric == "nps":
        return 200.0
    scale = journey_map.scales.ces
    return float(scale.max - scale.min)


def metric_difference(metric, old_map, before, old_estimate, new_map, after, new_estimate) -> metrics.Difference:
    """Pick the test the data allows: counts give a test; a bare value and n give the change alone."""
    if old_estimate is None or new_estimate is None:
        side = "old" if old_estimate is None else "new"
        return metrics.Difference(metric, None, None, None, note=f"no {metric.upper()} in the {side} map")
    if metric == "csat":
        return metrics.csat_difference(old_estimate, new_estimate)
    plain = _plain_delta(metric, old_estimate, new_estimate)
    if metric == "nps":
        old_groups = _nps_groups(before.satisfaction.nps)
        new_groups = _nps_groups(after.satisfaction.nps)
        if old_groups is None or new_groups is None:
            return _without_test(plain, "NPS given as value and n: a test needs promoters, passives and detractors")
        return metrics.nps_difference(old_groups, new_groups)
    old_scale, new_scale = old_map.scales.ces, new_map.scales.ces
    if old_scale != new_scale:
        return metrics.Difference("ces", None, None, None,
                                  note=f"CES scales differ ({old_scale.min}-{old_scale.max} vs "
                                       f"{new_scale.min}-{new_scale.max}): means not comparable")
    old_counts, new_counts = before.satisfaction.ces.counts, after.satisfaction.ces.counts
    if old_counts is None or new_counts is None:
        return _without_test(plain, "CES given as value and n: no test without the answer counts")
    return metrics.ces_difference(old_counts, new_counts, old_scale.min)


def _plain_delta(metric: str, old_estimate, new_estimate) -> metrics.Difference:
    if old_estimate.value is None or new_estimate.value is None:
        return metrics.Difference(metric, None, None, None)
    return metrics.Difference(metric, new_estimate.value - old_estimate.value, None, None)


def _without_test(plain: metrics.Difference, note: str) -> metrics.Difference:
    return metrics.Difference(plain.metric, plain.delta, None, None, note=note)


def _nps_groups(score) -> Optional[tuple]:
    if score.counts is not None:
        return metrics.nps_groups(score.counts)
    if None not in (score.promoters, score.passives, score.detractors):
        return score.promoters, score.passives, score.detractors
    return None
