"""JM308 touchpoint unreachable from the first stage through `next`.

What it does: when a map uses `next`, follows the links from every touchpoint of the first
stage that has touchpoints, and reports the touchpoints no path reaches.

Why it matters: a touchpoint nothing leads to is either an entry point the map forgot to link
or a dead page customers never find; both distort the flow the render draws.

Example:
    jmap: 1
    journey: {id: shop, title: Online store}
    channels: [web, email]
    stages:
      - id: awareness
        name: Awareness
        touchpoints:
          - {id: search-result, name: Search result, channel: web, owner: seo, next: [product-page]}
      - id: consideration
        name: Consideration
        touchpoints:
          - {id: product-page, name: Product page, channel: web, owner: ecommerce}
          - {id: loyalty-email, name: Loyalty email, channel: email, owner: crm}   # JM308: touchpoint 'loyalty-email' is not reachable through next from stage 'awareness'
"""

from journeymap.base.diagnostics import Severity

CODE = "JM308"
SEVERITY = Severity.WARNING
SUMMARY = "touchpoint unreachable through next"


def reachable(journey_map) -> set[str]:
    """Ids reached from the first non-empty stage by following `next`."""
    start = next((stage for stage in journey_map.stages if stage.touchpoints), None)
    if start is None:
        return set()
    links = {}
    order = [tp for _s, _t, _stage, tp in journey_map.touchpoints()]
    for i, tp in enumerate(order):
        links.setdefault(tp.id, []).extend(tp.next)
        if tp.id in tp.next and i + 1 < len(order):  # JM204 reports the self-link; no cascade below it:
            links[tp.id].append(order[i + 1].id)  # read it as leading on to the touchpoint after it
    seen = {tp.id for tp in start.touchpoints}
    todo = list(seen)
    while todo:
        for target in links.get(todo.pop(), ()):
            if target not in seen and target in links:
                seen.add(target)
                todo.append(target)
    return seen


def check(ctx):
    if not ctx.uses_next():
        return
    seen = reachable(ctx.map)
    first = next((stage for stage in ctx.map.stages if stage.touchpoints), None)
    for s, t, _stage, tp in ctx.map.touchpoints():
        if tp.id not in seen:
            yield ctx.touchpoint_path(s, t), f"touchpoint {tp.id!r} is not reachable through next from stage {first.id!r}"
