"""JM104 value out of range (the checks that need the map's declared scales).

What it does: checks that the number of counts matches the declared scale (5 for CSAT 1-5,
11 for NPS 0-10, 7 for CES 1-7), that emotions and CES values lie on their scales, that scales
run upwards, that CES targets lie on the CES scale and that NPS keeps its defined 0-10 scale. Plain ranges (negative counts, shares
outside 0-1, CSAT values outside 0-1) are caught by the model with the same code.

Why it matters: five counts on a seven-point scale are not an error anyone sees in a chart;
they silently shift every answer and every score computed from them.

Example:
    jmap: 1
    journey: {id: shop, title: Online store}
    scales: {ces: {min: 1, max: 5}}
    channels: [web]
    stages:
      - id: purchase
        name: Purchase
        touchpoints:
          - id: checkout
            name: Checkout
            channel: web
            owner: ecommerce
            satisfaction:
              ces: {counts: [10, 10, 10, 10, 10, 10, 10]}   # JM104: 7 counts given; the CES scale 1-5 has 5 answers
"""

from journeymap.base.diagnostics import Severity
from journeymap.scoring.estimates import answers

CODE = "JM104"
SEVERITY = Severity.ERROR
SUMMARY = "value out of range"


def check(ctx):
    scales = ctx.map.scales
    for name in ("csat", "nps", "ces", "emotion"):
        scale = getattr(scales, name)
        if scale.min >= scale.max:
            yield ("scales", name), f"scale {name} runs from {scale.min} to {scale.max}; min must be below max"
    if (scales.nps.min, scales.nps.max) != (0, 10):
        yield ("scales", "nps"), "NPS is defined on answers 0-10 (promoters 9-10, detractors 0-6)"
    yield from _ces_target(ctx.map.targets, ("targets",), scales.ces)
    for s, stage in enumerate(ctx.map.stages):
        yield from _ces_target(stage.targets, ("stages", s, "targets"), scales.ces)
    for s, t, _stage, tp in ctx.map.touchpoints():
        here = ctx.touchpoint_path(s, t)
        yield from _ces_target(tp.targets, here + ("targets",), scales.ces)
        yield from _emotions(tp, here, scales.emotion)
        if tp.satisfaction is None:
            continue
        for metric in ("csat", "nps", "ces"):
            score = getattr(tp.satisfaction, metric)
            if score is None or score.counts is None:
                continue
            scale = getattr(scales, metric)
            expected = answers(metric, scales)
            if expected > 0 and len(score.counts) != expected:
                yield (here + ("satisfaction", metric, "counts"),
                       f"{len(score.counts)} counts given; the {metric.upper()} scale "
                       f"{scale.min}-{scale.max} has {expected} answers")
        ces = tp.satisfaction.ces
        if ces is not None and ces.value is not None and not scales.ces.min <= ces.value <= scales.ces.max:
            yield (here + ("satisfaction", "ces", "value"),
                   f"CES {ces.value:g} is outside the CES scale {scales.ces.min}-{scales.ces.max}")


def _ces_target(targets, path, scale):
    if targets is not None and targets.ces is not None and not scale.min <= targets.ces <= scale.max:
        yield path + ("ces",), f"CES target {targets.ces:g} is outside the CES scale {scale.min}-{scale.max}"


def _emotions(tp, here, scale):
    values = tp.emotion.items() if isinstance(tp.emotion, dict) else [(None, tp.emotion)]
    for persona, value in values:
        if value is not None and not scale.min <= value <= scale.max:
            path = here + ("emotion",) + ((persona,) if persona else ())
            yield path, f"emotion {value:g} is outside the emotion scale {scale.min}..{scale.max}"
