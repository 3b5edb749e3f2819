"""JM202 unknown persona.

What it does: checks that every persona a touchpoint names (in `personas`, or as a key of a
per-persona `emotion`) is declared under `personas`.

Why it matters: a misspelt persona drops that touchpoint from the persona's roll-up, its
emotion curve and its coverage, without any other sign.

Example:
    jmap: 1
    journey: {id: shop, title: Online store}
    personas: [{id: new-visitor, name: New visitor}]
    channels: [web]
    stages:
      - id: purchase
        name: Purchase
        touchpoints:
          - {id: cart, name: Cart, channel: web, owner: ecommerce}
          - id: checkout
            name: Checkout
            channel: web
            owner: ecommerce
            personas: [new-visitors]   # JM202: unknown persona 'new-visitors' (did you mean 'new-visitor'?)
"""

from journeymap.base.diagnostics import Severity
from journeymap.base.suggest import did_you_mean

CODE = "JM202"
SEVERITY = Severity.ERROR
SUMMARY = "unknown persona"


def check(ctx):
    known = ctx.persona_ids()
    declared = set(known)
    for s, t, _stage, tp in ctx.map.touchpoints():
        here = ctx.touchpoint_path(s, t)
        for i, persona in enumerate(tp.personas or []):
            if persona not in declared:
                yield here + ("personas", i), f"unknown persona {persona!r}{did_you_mean(persona, known)}"
        if isinstance(tp.emotion, dict):
            for persona in tp.emotion:
                if persona not in declared:
                    yield (here + ("emotion", persona),
                           f"emotion given for unknown persona {persona!r}{did_you_mean(persona, known)}", True)
