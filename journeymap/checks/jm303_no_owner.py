"""JM303 touchpoint with no owner.

What it does: finds touchpoints without an `owner`.

Why it matters: a pain nobody owns is a pain nobody fixes. The owner is how the report's
fix-first list reaches the right team.

Example:
    jmap: 1
    journey: {id: shop, title: Online store}
    channels: [web]
    stages:
      - id: retention
        name: Retention
        touchpoints:
          - id: returns-portal   # JM303: touchpoint 'returns-portal' has no owner
            name: Returns portal
            channel: web
"""

from journeymap.base.diagnostics import Severity

CODE = "JM303"
SEVERITY = Severity.WARNING
SUMMARY = "touchpoint with no owner"


def has_owner(touchpoint) -> bool:
    """A blank owner is no owner: nobody can be asked to fix it."""
    return bool((touchpoint.owner or "").strip())


def check(ctx):
    for s, t, _stage, tp in ctx.map.touchpoints():
        if not has_owner(tp):
            yield ctx.touchpoint_path(s, t), f"touchpoint {tp.id!r} has no owner"
