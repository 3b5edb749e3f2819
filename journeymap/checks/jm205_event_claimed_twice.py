"""JM205 event claimed by two touchpoints.

What it does: finds an event that two touchpoints' `events` both claim: the same event name
with no `where` on either, one of them without `where` (it claims every event of that name),
or the same `where` on both.

Why it matters: `jmap measure` gives every event to exactly one touchpoint; with two claims
the second touchpoint would never be seen, and its reach would read zero.

Example:
    jmap: 1
    journey: {id: shop, title: Online store}
    channels: [web]
    stages:
      - id: purchase
        name: Purchase
        touchpoints:
          - id: cart
            name: Cart
            channel: web
            owner: ecommerce
            events: [add_to_cart]
          - id: mini-cart
            name: Mini cart
            channel: web
            owner: ecommerce
            events: [add_to_cart]   # JM205: event 'add_to_cart' is already claimed by touchpoint 'cart'
"""

from journeymap.base.diagnostics import Severity

CODE = "JM205"
SEVERITY = Severity.ERROR
SUMMARY = "event claimed by two touchpoints"


def check(ctx):
    claims: dict[str, list] = {}  # event name -> [(where, touchpoint id)]
    for s, t, _stage, tp in ctx.map.touchpoints():
        for i, event in enumerate(tp.events):
            earlier = claims.setdefault(event.name, [])
            owner = next((tp_id for where, tp_id in earlier if overlap(where, event.where)), None)
            if owner is not None:
                yield (ctx.touchpoint_path(s, t) + ("events", i),
                       f"event {_describe(event)} is already claimed by touchpoint {owner!r}")
            earlier.append((event.where, tp.id))


def overlap(where, other) -> bool:
    """Whether two claims on one event name certainly share events (different patterns may too;
    `jmap measure` then gives each event to the first touchpoint in map order)."""
    return not where or not other or where == other


def _describe(event) -> str:
    if not event.where:
        return repr(event.name)
    return f"{event.name!r} where " + ", ".join(f"{column} matches {glob!r}" for column, glob in event.where.items())
