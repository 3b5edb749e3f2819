"""JM306 persona shares do not sum to 1 (± 0.01).

What it does: when personas carry a `share` of traffic, checks that the shares add up to 1,
and that none of the personas is left without one.

Why it matters: persona roll-ups and the fix-first priority are weighted by share; shares that
add up to 1.3 overweight everyone, and a missing share weighs a persona as zero.

Example:
    jmap: 1
    journey: {id: shop, title: Online store}
    personas:   # JM306: persona shares sum to 0.9, not 1
      - {id: new-visitor, name: New visitor, share: 0.6}
      - {id: returning, name: Returning customer, share: 0.3}
    channels: [web]
    stages:
      - id: purchase
        name: Purchase
        touchpoints:
          - {id: checkout, name: Checkout, channel: web, owner: ecommerce}
"""

from journeymap.base.diagnostics import Severity

CODE = "JM306"
SEVERITY = Severity.WARNING
SUMMARY = "persona shares do not sum to 1"
TOLERANCE = 0.01


def check(ctx):
    personas = ctx.map.personas
    given = [p for p in personas if p.share is not None]
    if not given:
        return
    for i, persona in enumerate(personas):
        if persona.share is None:
            yield ("personas", i), f"persona {persona.id!r} has no share while others have one"
    total = sum(p.share for p in given)
    if abs(total - 1.0) > TOLERANCE:
        yield ("personas",), f"persona shares sum to {total:.3g}, not 1", True
