"""What `jmap measure --write` records in the map: reach per touchpoint, each declared step's
conversion as a KPI with its counts (`conversion_to_<next>: {successes, n}`), and what was measured."""

from __future__ import annotations

from journeymap.measure.plan import TOUCHPOINT
from journeymap.measure.result import Measurement, day


def step_kpi_name(target: str) -> str:
    return "conversion_to_" + target.replace("-", "_")


def measured_numbers(measurement: Measurement, per: str, source: str) -> tuple[dict, dict, dict]:
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
             "per": per, "sessions": overall.sessions}
    return reach, rates, {k: v for k, v in block.items() if v is not None}
