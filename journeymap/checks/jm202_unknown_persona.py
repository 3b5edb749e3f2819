"""JM202 unknown persona.

What it does: checks that every persona a touchpoint names (in `personas`, as a key of a
per-persona `emotion`, or of a score's per-persona counts) is declared under `personas`, and
that an emotion or counts are given only for personas the touchpoint serves.

Why it matters: a misspelt persona drops that touchpoint from the persona's roll-up, its
emotion curve and its coverage, without any other sign; an emotion or answers for a persona
the touchpoint does not serve describe an experience nobody has there.

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
        served = ctx.serves(tp)
        given = [(("emotion", persona), "emotion", persona) for persona in (
            tp.emotion if isinstance(tp.emotion, dict) else {})]
        for metric in ("csat", "nps", "ces"):
            score = None if tp.satisfaction is None else getattr(tp.satisfaction, metric)
            given += [(("satisfaction", metric, "personas", persona), f"{metric.upper()} counts", persona)
                      for persona in ((score.personas or {}) if score is not None else {})]
        for path, what, persona in given:
            if persona not in declared:
                yield here + path, f"{what} given for unknown persona {persona!r}{did_you_mean(persona, known)}", True
            elif persona not in served:
                yield (here + path, f"{what} given for persona {persona!r}, which this touchpoint does not serve "
                                    f"(it serves {', '.join(served) or 'no persona'})", True)
