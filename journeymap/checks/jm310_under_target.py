"""JM310 touchpoint under its satisfaction target.

What it does: compares each touchpoint's CSAT, NPS and CES with its target (the touchpoint's
own, else its stage's, else the map's, else the configuration's, else CSAT 0.80, NPS 30,
CES 5 on a 1-7 scale) and flags point estimates below it.

Why it matters: targets are the team's own promise; the report ranks these gaps by how many
people they hurt, and `validate` keeps them visible in every pull request.

Example:
    jmap: 1
    journey: {id: shop, title: Online store}
    targets: {csat: 0.80}
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
              csat: {counts: [10, 10, 10, 10, 10]}   # JM310: CSAT 0.40 at 'checkout' is under its target 0.80
"""

from journeymap.base.diagnostics import Severity

CODE = "JM310"
SEVERITY = Severity.WARNING
SUMMARY = "under satisfaction target"

_DIGITS = {"csat": 2, "nps": 0, "ces": 2}


def check(ctx):
    for s, t, _stage, tp in ctx.map.touchpoints():
        estimates = ctx.estimates(s, t)
        if not estimates:
            continue
        targets = ctx.targets(s, t)
        for metric, found in estimates.items():
            target = targets.get(metric)
            if found.value is None or target is None or found.value >= target:
                continue
            value_text, target_text = _shown(metric, found.value, target)
            yield (ctx.touchpoint_path(s, t) + ("satisfaction", metric),
                   f"{metric.upper()} {value_text} at {tp.id!r} is under its target {target_text}", True)


def _shown(metric: str, value: float, target: float) -> tuple[str, str]:
    """Value and target at the metric's usual precision, with more digits (up to 4 decimals)
    when rounding would make a value under its target print as equal to it."""
    digits = _DIGITS[metric]
    while True:
        value_text, target_text = f"{value:.{digits}f}", f"{target:.{digits}f}"
        if value_text != target_text or digits >= 4:
            return value_text, target_text
        digits += 1
