"""JM311 text that only looks the same (look-alike ids, names or KPI keys).

What it does: finds two ids, two names or two KPI keys of the same kind (stage, touchpoint,
persona, channel) that are written differently but become equal once normalised (Unicode NFKC,
which folds full-width and compatibility forms and joins NFD accents) and stripped of invisible
characters (zero-width spaces and joiners, direction marks, TAG characters, byte order marks).

Why it matters: they look the same on screen and in every report, yet jmap, spreadsheets and
diffs treat them as different: a KPI `conversion_rate` with a zero-width space inside is a
second KPI that no roll-up joins to the first, and a persona `Café` typed once in NFC and once
in NFD is two personas to a filter.

Example:
    jmap: 1
    journey: {id: shop, title: Online store}
    channels: [web]
    stages:
      - id: purchase
        name: Purchase
        touchpoints:
          - id: checkout
            name: Checkout
            channel: web
            owner: ecommerce
            kpis:
              conversion_rate: {value: 0.02}
              "conversion\\u200b_rate": {value: 0.03}   # JM311: KPI key 'conversion\\u200b_rate' looks like 'conversion_rate' at stages[0].touchpoints[0].kpis.conversion_rate but is not the same text (Unicode normalisation or invisible characters)
"""

import unicodedata

from journeymap.base.diagnostics import Severity, format_path
from journeymap.base.textsafe import inert, without_invisibles

CODE = "JM311"
SEVERITY = Severity.WARNING
SUMMARY = "text that only looks the same"


def folded(text: str) -> str:
    """What a text looks like: NFKC, without invisible characters."""
    return unicodedata.normalize("NFKC", without_invisibles(text))


def _groups(ctx):
    """(kind, [(path, text, on_key)]) for every kind of text that must not have look-alikes."""
    m = ctx.map
    touchpoints = [(ctx.touchpoint_path(s, t), tp) for s, t, _stage, tp in m.touchpoints()]
    yield "stage id", [(("stages", i, "id"), x.id, False) for i, x in enumerate(m.stages)]
    yield "stage name", [(("stages", i, "name"), x.name, False) for i, x in enumerate(m.stages)]
    yield "touchpoint id", [(path + ("id",), tp.id, False) for path, tp in touchpoints]
    yield "touchpoint name", [(path + ("name",), tp.name, False) for path, tp in touchpoints]
    yield "persona id", [(("personas", i, "id"), x.id, False) for i, x in enumerate(m.personas)]
    yield "persona name", [(("personas", i, "name"), x.name, False) for i, x in enumerate(m.personas)]
    yield "channel id", [(("channels", i, "id"), x.id, False) for i, x in enumerate(m.channels)]
    yield "channel name", [(("channels", i, "name"), x.name, False) for i, x in enumerate(m.channels)
                           if x.name is not None]
    yield "KPI key", [(path + ("kpis", key), key, True) for path, tp in touchpoints for key in tp.kpis]


def check(ctx):
    for kind, items in _groups(ctx):
        first = {}  # folded text -> (path, text) of the first spelling seen
        for path, text, on_key in items:
            if not isinstance(text, str):
                continue
            seen = first.setdefault(folded(text), (path, text))
            if seen[1] != text:
                this, that = repr(text), repr(seen[1])
                if unicodedata.normalize("NFC", this) == unicodedata.normalize("NFC", that):
                    # the difference would not show (NFD accents): show code points
                    this, that = ascii(text), ascii(seen[1])
                yield path, (f"{kind} {inert(this)} looks like {inert(that)} at "
                             f"{format_path(seen[0])} but is not the same text (Unicode normalisation "
                             "or invisible characters)"), on_key
