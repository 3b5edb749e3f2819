"""JM307 `next` jumps back to an earlier stage.

What it does: finds `next` links that lead to a touchpoint in an earlier stage than the one
they leave.

Why it matters: journeys do loop (a returning customer comes back), but a decision-focused
touchpoint that sends people back a stage usually means the flow, or the map, is wrong. Where
the loop is intended, suppress it on that line.

Example:
    jmap: 1
    journey: {id: shop, title: Online store}
    channels: [web, social]
    stages:
      - id: awareness
        name: Awareness
        touchpoints:
          - {id: instagram-ad, name: Instagram ad, channel: social, owner: marketing, next: [checkout]}
      - id: purchase
        name: Purchase
        touchpoints:
          - id: checkout
            name: Checkout
            channel: web
            owner: ecommerce
            next: [instagram-ad]   # JM307: next 'instagram-ad' jumps back from stage 'purchase' to 'awareness'
"""

from journeymap.base.diagnostics import Severity

CODE = "JM307"
SEVERITY = Severity.WARNING
SUMMARY = "next jumps back to an earlier stage"


def backward_jumps(ctx) -> list[tuple[int, int, int, str, int]]:
    """(stage index, touchpoint index, index in `next`, target id, target stage index), in map order."""
    known = ctx.touchpoints_by_id()
    jumps = []
    for s, t, _stage, tp in ctx.map.touchpoints():
        for i, target in enumerate(tp.next):
            found = known.get(target)
            if found is not None and found[0] < s:
                jumps.append((s, t, i, target, found[0]))
    return jumps


def check(ctx):
    stages = ctx.map.stages
    for s, t, i, target, target_stage in backward_jumps(ctx):
        yield (ctx.touchpoint_path(s, t) + ("next", i),
               f"next {target!r} jumps back from stage {stages[s].id!r} to {stages[target_stage].id!r}")
