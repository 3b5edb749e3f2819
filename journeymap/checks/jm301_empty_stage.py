"""JM301 stage with no touchpoint.

What it does: finds stages that list no touchpoints.

Why it matters: a stage with nothing in it is where the journey map says customers go but the
brand is absent: either a real gap (nobody owns retention) or a map left half-written.

Example:
    jmap: 1
    journey: {id: shop, title: Online store}
    channels: [web]
    stages:
      - id: purchase
        name: Purchase
        touchpoints:
          - {id: checkout, name: Checkout, channel: web, owner: ecommerce}
      - id: advocacy   # JM301: stage 'advocacy' has no touchpoint
        name: Advocacy
"""

from journeymap.base.diagnostics import Severity

CODE = "JM301"
SEVERITY = Severity.WARNING
SUMMARY = "stage with no touchpoint"


def check(ctx):
    for i, stage in enumerate(ctx.map.stages):
        if not stage.touchpoints:
            yield ("stages", i), f"stage {stage.id!r} has no touchpoint"
