"""JM207 unknown touchpoint in a measured transition.

What it does: checks that the `from` and `to` of every transition under `measured: undeclared`
name touchpoints of the map.

Why it matters: `jmap measure --write` records the steps customers took off the map, and
`jmap render` draws each as a dashed edge between its two touchpoints; a touchpoint renamed or
removed since the measurement would leave an edge with nowhere to go. Measure again, or fix the id.

Example:
    jmap: 1
    journey: {id: shop, title: Online store}
    channels: [web]
    stages:
      - id: purchase
        name: Purchase
        touchpoints:
          - {id: cart, name: Cart, channel: web, owner: ecommerce, next: [checkout]}
          - {id: checkout, name: Checkout, channel: web, owner: ecommerce}
    measured:
      undeclared:
        - {from: checkout, to: basket, sessions: 120, reached: 900}   # JM207: unknown touchpoint 'basket' in a measured transition
"""

from journeymap.base.diagnostics import Severity
from journeymap.base.suggest import did_you_mean

CODE = "JM207"
SEVERITY = Severity.ERROR
SUMMARY = "unknown touchpoint in a measured transition"


def check(ctx):
    if ctx.map.measured is None:
        return
    known = ctx.touchpoints_by_id()
    for i, transition in enumerate(ctx.map.measured.undeclared):
        for end, touchpoint in zip(("from", "to"), transition.ends):
            if touchpoint not in known:
                yield (("measured", "undeclared", i, end),
                       f"unknown touchpoint {touchpoint!r} in a measured transition{did_you_mean(touchpoint, list(known))}")
