"""JM206 unknown lane.

What it does: checks that every lane a touchpoint writes text for (`lanes: {thinking: ...}`) is
declared in the map's `lanes` list.

Why it matters: the declared list is the rows the lanes view draws, in their order; text for a
lane that is not declared would never be drawn, and a typo such as `thiking` would silently
drop what the team wrote.

Example:
    jmap: 1
    journey: {id: shop, title: Online store}
    lanes: [doing, thinking]
    channels: [web]
    stages:
      - id: consider
        name: Consider
        touchpoints:
          - id: size-guide
            name: Size guide
            channel: web
            owner: ecommerce
            lanes:
              doing: Opens the size guide
              thiking: Will it fit?   # JM206: unknown lane 'thiking' (did you mean 'thinking'?)
"""

from journeymap.base.diagnostics import Severity
from journeymap.base.suggest import did_you_mean

CODE = "JM206"
SEVERITY = Severity.ERROR
SUMMARY = "unknown lane"


def check(ctx):
    known = [lane.id for lane in ctx.map.lanes]
    declared = set(known)
    for s, t, _stage, tp in ctx.map.touchpoints():
        for lane in tp.lanes:
            if lane not in declared:
                hint = did_you_mean(lane, known) or " (declare it in the map's `lanes` list)"
                yield ctx.touchpoint_path(s, t) + ("lanes", lane), f"unknown lane {lane!r}{hint}", True  # at the key
