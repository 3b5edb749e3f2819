"""JM310 touchpoint under its satisfaction target.

What it does: compares each touchpoint's CSAT, NPS and CES with its target (the touchpoint's
own, else its stage's, else the map's, else the configuration's, else CSAT 0.80, NPS 30,
CES 5 on a 1-7 scale) and flags point estimates below it.

Why it matters: targets are the team's own promise; the report ranks these gaps by how many
people they hurt, and `validate` keeps them visible in every pull request.

Example:
    targets: {csat: 0.80}
    ...
    csat: {counts: [10, 10, 10, 10, 10]}   # JM310: CSAT 0.40 is under its target 0.80
"""

from journeymap.diagnostics import Severity
from journeymap.scoring import effective_targets

CODE = "JM310"
SEVERITY = Severity.WARNING
SUMMARY = "under satisfaction target"

_FORMAT = {"csat": "{:.2f}", "nps": "{:.0f}", "ces": "{:.2f}"}


def check(ctx):
    for s, t, stage, tp in ctx.map.touchpoints():
        estimates = ctx.estimates(s, t)
        if not estimates:
            continue
        targets = effective_targets(ctx.map, stage, tp, ctx.settings)
        for metric, found in estimates.items():
            target = targets.get(metric)
            if found.value is None or target is None or found.value >= target:
                continue
            shown = _FORMAT[metric]
            yield (ctx.touchpoint_path(s, t) + ("satisfaction", metric),
                   f"{metric.upper()} {shown.format(found.value)} at {tp.id!r} is under its target "
                   f"{shown.format(target)}", True)
