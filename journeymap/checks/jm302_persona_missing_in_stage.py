"""JM302 persona with no touchpoint in a stage.

What it does: for each stage that has touchpoints, finds declared personas that none of them
serves (a touchpoint with no `personas` list serves everyone).

Why it matters: a returning customer with nothing at the awareness stage may be fine; a new
visitor with nothing at purchase is a journey that cannot complete. Either way, say so.

Example:
    jmap: 1
    journey: {id: shop, title: Online store}
    personas:
      - {id: new-visitor, name: New visitor}
      - {id: returning, name: Returning customer}
    channels: [web]
    stages:
      - id: purchase   # JM302: persona 'new-visitor' has no touchpoint in stage 'purchase'
        name: Purchase
        touchpoints:
          - {id: checkout, name: Checkout, channel: web, owner: ecommerce, personas: [returning]}
"""

from journeymap.base.diagnostics import Severity

CODE = "JM302"
SEVERITY = Severity.WARNING
SUMMARY = "persona with no touchpoint in a stage"


def check(ctx):
    personas = ctx.persona_ids()
    for i, stage in enumerate(ctx.map.stages):
        if not stage.touchpoints:
            continue
        served = set()
        for tp in stage.touchpoints:
            served.update(ctx.serves(tp))
        for persona in personas:
            if persona not in served:
                yield ("stages", i), f"persona {persona!r} has no touchpoint in stage {stage.id!r}"
