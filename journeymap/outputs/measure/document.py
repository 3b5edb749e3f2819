"""The measurement as the JSON document of the contract (keys may be added, never renamed)."""

from __future__ import annotations

from journeymap.measure.plan import STAGE, TOUCHPOINT
from journeymap.measure.result import Figures, Measurement, Step, day


def _edge(step: Step) -> dict:
    low, high = step.interval if step.reached else (None, None)
    return {"from": step.source, "to": step.target, "reached": step.reached, "converted": step.converted,
            "rate": step.rate, "low": low, "high": high}


def steps_in_order(measurement: Measurement, figures: Figures, level: str = TOUCHPOINT) -> list[Step]:
    """Every declared step in map order; a step no session reached has zero counts."""
    found = figures.steps if level == TOUCHPOINT else figures.stage_steps
    return [found.get((a, b)) or Step(a, b, 0, 0) for lvl, a, b in measurement.plan.steps if lvl == level]


def reach_in_order(measurement: Measurement, figures: Figures, level: str = TOUCHPOINT) -> list[tuple]:
    """(id, sessions, users) for each observed touchpoint (or each stage), in map order."""
    plan = measurement.plan
    found = figures.touchpoints if level == TOUCHPOINT else figures.stages
    ids = ([tp for tp, _stage in plan.touchpoints if any(c.touchpoint == tp for c in plan.claims)]
           if level == TOUCHPOINT else list(plan.stages))
    return [(i, found[i].sessions if i in found else 0, found[i].users if i in found else 0) for i in ids]


def undeclared(figures: Figures) -> list[tuple]:
    """(from, to, sessions), most frequent first."""
    return figures.ranked_undeclared()


def _figures(measurement: Measurement, figures: Figures) -> dict:
    plan = measurement.plan
    out = {
        "sessions": figures.sessions, "users": figures.users, "events": figures.events,
        "touchpoints": [{"id": i, "name": plan.names[(TOUCHPOINT, i)], "sessions": s, "users": u}
                        for i, s, u in reach_in_order(measurement, figures)],
        "edges": [_edge(step) for step in steps_in_order(measurement, figures)],
        "undeclared": [{"from": a, "to": b, "sessions": n} for a, b, n in undeclared(figures)],
        "conformance": figures.conformance,
        "stages": [{"id": i, "name": plan.names[(STAGE, i)], "sessions": s, "users": u}
                   for i, s, u in reach_in_order(measurement, figures, STAGE)],
        "stage_edges": [_edge(step) for step in steps_in_order(measurement, figures, STAGE)],
    }
    if figures.value is not None:
        out["value"] = figures.value
        out["value_per_session"] = figures.value / figures.sessions if figures.sessions else None
    return out


def document(measurement: Measurement, bad_rows=()) -> dict:
    overall = measurement.overall
    out = _figures(measurement, overall)
    out = {"sessions": out.pop("sessions"), "users": out.pop("users"), "events": out.pop("events"),
           "period": {"from": day(measurement.period_from), "to": day(measurement.period_to)},
           "unclaimed": [{"event": e, "events": n} for e, n in measurement.unclaimed], **out}
    out["unobserved"] = list(measurement.plan.unobserved)
    segments = []
    for (column, value), figures in measurement.segments.items():
        part = {"column": column, "value": value, **_figures(measurement, figures)}
        for edge, step in zip(part["edges"], steps_in_order(measurement, figures)):
            difference = measurement.difference(figures, (step.source, step.target))
            edge.update({"difference": difference.delta, "p_value": difference.p_value,
                         "significant": difference.significant})
        segments.append(part)
    out["segments"] = segments
    retention = measurement.retention
    if retention is not None:
        out["retention"] = {
            "window_days": retention.window_days, "converting_users": retention.converting_users,
            "median_days_to_repeat": retention.median_days_to_repeat,
            "cohorts": [{"cohort": c.cohort, "users": c.users, "repeated": c.repeated, "rate": c.rate,
                         "low": c.interval[0] if c.users else None, "high": c.interval[1] if c.users else None}
                        for c in retention.cohorts]}
        if overall.value is not None:
            out["retention"]["value_per_converting_user"] = (
                overall.value / retention.converting_users if retention.converting_users else None)
    out["bad_rows"] = [{"kind": kind, "rows": rows, "examples": examples} for kind, rows, examples in bad_rows]
    return out
