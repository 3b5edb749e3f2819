"""JM307 `next` jumps back to an earlier stage.

What it does: finds `next` links that lead to a touchpoint in an earlier stage than the one
they leave.

Why it matters: journeys do loop (a returning customer comes back), but a decision-focused
touchpoint that sends people back a stage usually means the flow, or the map, is wrong. Where
the loop is intended, suppress it on that line.

Example:
    - id: checkout            # stage: purchase
      next: [instagram-ad]    # JM307: next jumps back from stage 'purchase' to 'awareness'
"""

from journeymap.diagnostics import Severity

CODE = "JM307"
SEVERITY = Severity.WARNING
SUMMARY = "next jumps back to an earlier stage"


def check(ctx):
    known = ctx.touchpoints_by_id()
    stages = ctx.map.stages
    for s, t, stage, tp in ctx.map.touchpoints():
        for i, target in enumerate(tp.next):
            found = known.get(target)
            if found is not None and found[0] < s:
                yield (ctx.touchpoint_path(s, t) + ("next", i),
                       f"next {target!r} jumps back from stage {stage.id!r} to {stages[found[0]].id!r}")
