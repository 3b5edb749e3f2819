"""JM204 unknown `next` touchpoint.

What it does: checks that every id in a touchpoint's `next` names a touchpoint of the map.

Why it matters: `next` is the flow the renders draw and the reachability and backward-jump
checks follow; a dangling link breaks the path silently.

Example:
    jmap: 1
    journey: {id: shop, title: Online store}
    channels: [web]
    stages:
      - id: consideration
        name: Consideration
        touchpoints:
          - {id: search-result, name: Search result, channel: web, owner: seo, next: [prodcut-page]}   # JM204: unknown next touchpoint 'prodcut-page' (did you mean 'product-page'?)
          - {id: product-page, name: Product page, channel: web, owner: ecommerce}
"""

from journeymap.base.diagnostics import Severity
from journeymap.base.suggest import did_you_mean

CODE = "JM204"
SEVERITY = Severity.ERROR
SUMMARY = "unknown next touchpoint"


def check(ctx):
    known = ctx.touchpoints_by_id()
    for s, t, _stage, tp in ctx.map.touchpoints():
        for i, target in enumerate(tp.next):
            if target == tp.id:
                yield (ctx.touchpoint_path(s, t) + ("next", i),
                       f"touchpoint {tp.id!r} lists itself in next (next names where customers go on to)")
            elif target not in known:
                yield (ctx.touchpoint_path(s, t) + ("next", i),
                       f"unknown next touchpoint {target!r}{did_you_mean(target, list(known))}")
