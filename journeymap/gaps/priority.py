"""Customers affected per period: the one unit the fix-first list is ranked in.

affected = reach x shortfall, defined in `affected()` and nowhere else; the report shows both
parts so a reader can check a row.

* shortfall, the share of a touchpoint's customers who would need a better experience for it to
  meet its target: the fewest customers whose answer (or behaviour) would have to change.
  - CSAT and any KPI that is a rate (`{successes, n}`, `unit: rate|share|%`, or no unit with
    value and target in 0..1): target - value (one customer crossing into the top boxes, or converting, moves
    the share by 1/n);
  - NPS: (target - value) / 200: the biggest move one customer can make is detractor to
    promoter, 200/n points;
  - CES: (target - value) / (max - min): the biggest move one customer can make is from the
    lowest answer to the highest.
  So every kind counts the same thing, people, and compares. A KPI that is not a rate (seconds,
  euros) has no count of people behind it: no `affected`, listed after the counted rows.
* reach: the touchpoint's `reach`, the people who meet it per period, who are already only the
  personas it serves: no persona factor multiplies it. Where `reach` is missing, the journey's
  audience (the largest reach in the map) x the shares of the personas the touchpoint serves
  stands in (1 when no persona has a share), marked `reach_assumed`; with no reach anywhere
  nobody can be counted.
* interval: reach x (target - high) .. reach x (target - low) from the metric's 95 % interval
  (reversed for lower-is-better), at least 0; none where the metric has none. A KPI measured as
  `{successes, n}` has the Wilson interval of its rate, so its range (and significance) too.
* money at stake: affected x the journey's `value_per_customer` (else `value_per_order`).
"""

from __future__ import annotations

import re
from typing import Optional

from journeymap.scoring import estimates as scoring
from journeymap.checks.base import MapContext
from journeymap.model.records import JourneyMap, Kpi, Scales

HIGHER, LOWER = "higher", "lower"

# Words that make a KPI lower-is-better by default ("cart_abandonment", "exit_rate",
# "checkout_errors"). Whole words only: "returning_customer_rate" stays higher-is-better.
LOWER_IS_BETTER_WORDS = frozenset({
    "abandon", "abandons", "abandoned", "abandonment",
    "bounce", "bounces", "bounced",
    "churn", "churned", "churns",
    "drop", "drops", "dropoff", "dropout",
    "exit", "exits",
    "error", "errors",
    "return", "returns", "returned",
})


def kpi_better(name: str, kpi: Kpi) -> str:
    """The KPI's own `better`, else lower when its name has one of LOWER_IS_BETTER_WORDS."""
    if kpi.better is not None:
        return kpi.better
    words = re.split(r"[^a-z0-9]+", name.lower())
    return LOWER if LOWER_IS_BETTER_WORDS.intersection(words) else HIGHER


def shortfall(value: float, target: float, better: str) -> float:
    """How far the value is on the wrong side of the target, in the metric's units; <= 0 when met."""
    return target - value if better == HIGHER else value - target


RATE_UNITS = frozenset({"rate", "share", "ratio", "fraction", "proportion"})
PERCENT_UNITS = frozenset({"%", "percent", "pct"})


def rate_scale(kpi: Kpi) -> Optional[float]:
    """What turns the KPI into a share of customers (1, or 1/100 for percent); None when it is no rate."""
    if kpi.successes is not None:
        return 1.0  # measured as successes of n: a rate by construction
    unit = (kpi.unit or "").strip().lower()
    if unit in RATE_UNITS:
        return 1.0
    if unit in PERCENT_UNITS:
        return 0.01
    if not unit and 0 <= kpi.value <= 1 and kpi.target is not None and 0 <= kpi.target <= 1:
        return 1.0
    return None


def per_customer(metric: str, scales: Scales) -> Optional[float]:
    """The share of customers one unit of the metric stands for (see the module's docstring)."""
    if metric == "csat":
        return 1.0
    if metric == "nps":
        return 1.0 / 200.0
    low, high = scoring.scale_bounds(metric, scales)
    return None if high <= low else 1.0 / (high - low)


def shortfall_share(missed_by: float, factor: Optional[float]) -> Optional[float]:
    """The share of customers who would need a better experience, at most 1; None without a factor."""
    return None if factor is None else min(1.0, max(0.0, missed_by * factor))


def audience(journey_map: JourneyMap) -> Optional[int]:
    """The journey's widest point: the largest reach in the map, the most people any touchpoint meets."""
    known = [tp.reach for _s, _t, _stage, tp in journey_map.touchpoints() if tp.reach is not None]
    return max(known) if known else None


def reach_of(context: MapContext, touchpoint, widest: Optional[int]) -> tuple[Optional[float], bool]:
    """(reach, assumed): the touchpoint's own, else the audience x the shares of its personas."""
    if touchpoint.reach is not None:
        return float(touchpoint.reach), False
    if widest is None:
        return None, False
    return widest * persona_share(context, touchpoint), True


def persona_share(context: MapContext, touchpoint) -> float:
    """Sum of the served personas' shares, capped at 1; 1 when the map gives no shares."""
    personas = context.map.personas
    if not any(p.share is not None for p in personas):
        return 1.0
    shares = {p.id: p.share or 0.0 for p in personas}
    return min(1.0, sum(shares.get(p, 0.0) for p in set(context.serves(touchpoint))))


def affected(reach: Optional[float], share: Optional[float]) -> Optional[float]:
    """The one definition of the priority unit: customers affected per period = reach x shortfall."""
    return None if reach is None or share is None else reach * share


def money(journey_map: JourneyMap, people: Optional[float]) -> Optional[float]:
    """Money at stake: customers affected x the value of a customer (else of an order), when declared."""
    value = journey_map.journey.value_per_customer
    if value is None:
        value = journey_map.journey.value_per_order
    return None if value is None or people is None else people * value


def significant(low: Optional[float], high: Optional[float], target: float, better: str) -> Optional[bool]:
    """True when the whole 95 % interval misses the target; None when there is no interval to tell."""
    if low is None or high is None:
        return None
    return high < target if better == HIGHER else low > target
