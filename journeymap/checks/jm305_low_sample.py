"""JM305 score resting on fewer than 30 responses.

What it does: flags every CSAT, NPS or CES whose number of responses is below the low-sample
threshold (30 by default; `low_sample` in the configuration).

Why it matters: an NPS of 50 from 8 answers has a 95 % interval some 90 points wide. It is
not a number to rank teams by; jmap keeps it but says how thin it is.

Example:
    jmap: 1
    journey: {id: shop, title: Online store}
    channels: [web]
    stages:
      - id: purchase
        name: Purchase
        touchpoints:
          - id: checkout
            name: Checkout
            channel: web
            owner: ecommerce
            satisfaction:
              csat: {counts: [0, 0, 0, 4, 6]}   # JM305: CSAT at 'checkout' rests on 10 responses (fewer than 30)
"""

from journeymap.base.diagnostics import Severity
from journeymap.scoring.estimates import touchpoint_estimates

CODE = "JM305"
SEVERITY = Severity.WARNING
SUMMARY = "score resting on too few responses"


def low_samples(journey_map, threshold: int, estimates=None) -> list[tuple[int, int, str, int]]:
    """(stage index, touchpoint index, metric, responses) for every score under the threshold, in map order.

    `estimates(stage index, touchpoint index)` supplies the estimates (a MapContext's cache);
    without it they are computed here.
    """
    found_low = []
    for s, t, _stage, tp in journey_map.touchpoints():
        found_here = estimates(s, t) if estimates is not None else touchpoint_estimates(tp, journey_map.scales)
        for metric, found in found_here.items():
            if found.n < threshold:
                found_low.append((s, t, metric, found.n))
    return found_low


def check(ctx):
    threshold = ctx.settings.low_sample
    stages = ctx.map.stages
    for s, t, metric, n in low_samples(ctx.map, threshold, ctx.estimates):
        tp = stages[s].touchpoints[t]
        yield (ctx.touchpoint_path(s, t) + ("satisfaction", metric),
               f"{metric.upper()} at {tp.id!r} rests on {n} responses (fewer than {threshold})",
               True)
