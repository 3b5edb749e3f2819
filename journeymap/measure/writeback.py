"""What `jmap measure --write` records in the map: reach per touchpoint, each declared step's
conversion as a KPI with its counts (`conversion_to_<next>: {successes, n}`), and what was measured,
with the most frequent undeclared transitions (`measured: undeclared: [{from, to, sessions, reached}]`)."""

from __future__ import annotations

from journeymap.measure.plan import TOUCHPOINT
from journeymap.measure.result import Measurement, day


def step_kpi_name(target: str) -> str:
    return "conversion_to_" + target.replace("-", "_")


UNDECLARED_KEPT = 10  # the most frequent undeclared transitions the map records (`--top` changes it)


def undeclared_transitions(measurement: Measurement, top: int = UNDECLARED_KEPT) -> list[dict]:
    """The `top` most frequent undeclared transitions, each with the sessions that reached its `from`
    (so the map can show its share: 12 % of the sessions at checkout went back to the cart)."""
    reach = measurement.overall.touchpoints
    return [{"from": a, "to": b, "sessions": n, "reached": reach[a].sessions}
            for a, b, n in measurement.overall.ranked_undeclared()[:top] if a in reach and reach[a].sessions]


def measured_numbers(measurement: Measurement, per: str, source: str,
                     top: int = UNDECLARED_KEPT) -> tuple[dict, dict, dict]:
    """(reach, rates, measured block) for count_writer.write_measured; a step no session reached is left out."""
    overall = measurement.overall
    reach = {}
    for touchpoint, figures in overall.touchpoints.items():
        reach[touchpoint] = figures.users if per == "user" else figures.sessions
    rates = {}
    for level, source_tp, target in measurement.plan.steps:
        step = overall.steps.get((source_tp, target))
        if level == TOUCHPOINT and step is not None and step.reached:
            rates[(source_tp, step_kpi_name(target))] = (step.converted, step.reached)
    block = {"since": day(measurement.period_from), "until": day(measurement.period_to), "source": source,
             "per": per, "sessions": overall.sessions, "undeclared": undeclared_transitions(measurement, top)}
    return reach, rates, {k: v for k, v in block.items() if v is not None}
