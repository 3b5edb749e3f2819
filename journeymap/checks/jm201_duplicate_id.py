"""JM201 duplicate id.

What it does: finds two stages, two touchpoints (anywhere in the map), two personas, two
channels or two lanes with the same id.

Why it matters: ids are how `next`, personas, suppressions, diffs and imports find things;
with two of the same, links silently attach to the first one and quarterly diffs misreport.

Example:
    jmap: 1
    journey: {id: shop, title: Online store}
    channels: [web]
    stages:
      - id: purchase
        name: Purchase
        touchpoints:
          - {id: checkout, name: Checkout, channel: web, owner: ecommerce}
          - {id: checkout, name: Express checkout, channel: web, owner: ecommerce}   # JM201: touchpoint id 'checkout' is already used by stages[0].touchpoints[0]
"""

from journeymap.base.diagnostics import Severity, format_path

CODE = "JM201"
SEVERITY = Severity.ERROR
SUMMARY = "duplicate id"


def check(ctx):
    m = ctx.map
    kinds = [
        ("stage", [(("stages", i), x.id) for i, x in enumerate(m.stages)]),
        ("touchpoint", [(ctx.touchpoint_path(s, t), tp.id) for s, t, _st, tp in m.touchpoints()]),
        ("persona", [(("personas", i), x.id) for i, x in enumerate(m.personas)]),
        ("channel", [(("channels", i), x.id) for i, x in enumerate(m.channels)]),
        ("lane", [(("lanes", i), x.id) for i, x in enumerate(m.lanes)]),
    ]
    for kind, items in kinds:
        first = {}
        for path, ident in items:
            if ident in first:
                yield path + ("id",), f"{kind} id {ident!r} is already used by {format_path(first[ident])}"
            else:
                first[ident] = path
