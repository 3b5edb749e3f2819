"""How far under target, for how many people: the parts of the fix-first priority.

priority = normalised gap x reach share x persona share, each part in 0..1, defined in
`priority()` and nowhere else. The report shows all three parts so a reader can check it.

* normalised gap, satisfaction: (target - value) on the metric's 0-100 scale
  (`scoring.normalised`, i.e. `metrics.normalise`) divided by 100. A CSAT gap of 0.05 is
  0.05; an NPS gap of 10 points is 0.05; a CES gap of 1.2 on 1-7 is 0.2. It is kept in 0..1,
  so a target outside its scale (JM104) cannot push a priority past 1.
* normalised gap, KPI: |target - value| / |target|, capped at 1 (a KPI has no declared
  scale, so its gap is relative to its own target). A target of 0 makes any miss a gap of 1.
* reach share: the touchpoint's reach / the reach of every touchpoint of the map. A
  touchpoint without a reach counts as the mean reach of those with one (all equal when none
  has one), and is marked `reach_assumed`: a share of 0 would silently drop its gaps from
  the list, which is the opposite of what a gap report is for.
* persona share: the sum of the shares of the personas the touchpoint serves, capped at 1;
  1 when no persona in the map has a share (or the map has no personas). A persona without
  a share while others have one counts 0 (JM306 warns about that map).
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


def satisfaction_normalised_gap(metric: str, value: float, target: float, scales: Scales) -> float:
    """(target - value) on the metric's 0-100 scale, / 100, kept in 0..1 (0 on an empty scale).

    A target outside the scale (JM104) must not push a priority past 1.
    """
    wanted, got = scoring.normalised(metric, target, scales), scoring.normalised(metric, value, scales)
    if wanted is None or got is None:
        return 0.0
    return min(1.0, max(0.0, (wanted - got) / 100.0))


def kpi_normalised_gap(value: float, target: float) -> float:
    """|target - value| / |target|, capped at 1; a zero target makes any miss a full gap."""
    if target == 0:
        return 1.0 if value != target else 0.0
    return min(1.0, abs(target - value) / abs(target))


def reach_shares(journey_map: JourneyMap) -> dict[str, tuple[float, bool]]:
    """touchpoint id -> (reach share, reach assumed), over every touchpoint of the map."""
    reaches = {tp.id: tp.reach for _s, _t, _stage, tp in journey_map.touchpoints()}
    known = [r for r in reaches.values() if r is not None]
    stand_in = sum(known) / len(known) if known else 1.0
    used = {tp: (stand_in if r is None else float(r)) for tp, r in reaches.items()}
    total = sum(used.values())
    return {tp: ((r / total) if total > 0 else 0.0, reaches[tp] is None) for tp, r in used.items()}


def persona_share(context: MapContext, touchpoint) -> float:
    """Sum of the served personas' shares, capped at 1; 1 when the map gives no shares."""
    personas = context.map.personas
    if not any(p.share is not None for p in personas):
        return 1.0
    shares = {p.id: p.share or 0.0 for p in personas}
    return min(1.0, sum(shares.get(p, 0.0) for p in set(context.serves(touchpoint))))


def priority(normalised_gap: float, reach_share: float, persona_share_: float) -> float:
    """The one definition of priority: furthest under target, for the most people."""
    return normalised_gap * reach_share * persona_share_


def significant(low: Optional[float], high: Optional[float], target: float, better: str) -> Optional[bool]:
    """True when the whole 95 % interval misses the target; None when there is no interval to tell."""
    if low is None or high is None:
        return None
    return high < target if better == HIGHER else low > target
