"""JM304 pain with no opportunity at the same touchpoint.

What it does: finds touchpoints that list pains but no opportunities, one finding per pain.

Why it matters: the map exists to decide what to change; a pain with no proposed change is a
complaint, not a plan.

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
            pains: [Delivery cost shown only at the last step]   # JM304: pain at 'checkout' has no opportunity: Delivery cost shown only at the last step
"""

from journeymap.base.diagnostics import Severity

CODE = "JM304"
SEVERITY = Severity.WARNING
SUMMARY = "pain with no opportunity"


def unanswered_pains(touchpoint) -> list[str]:
    """The pains this rule reports: all of them when the touchpoint proposes no opportunity."""
    return list(touchpoint.pains) if not touchpoint.opportunities else []


def check(ctx):
    for s, t, _stage, tp in ctx.map.touchpoints():
        if unanswered_pains(tp):
            for i, pain in enumerate(tp.pains):
                yield (ctx.touchpoint_path(s, t) + ("pains", i),
                       f"pain at {tp.id!r} has no opportunity: {_short(pain)}")


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
