"""The gap report as JSON: every number the table shows, as `numbers.machine` writes it, in a stable order."""

from __future__ import annotations


from journeymap.outputs import numbers
from journeymap.outputs.registry import View
from journeymap.outputs.report import common
from journeymap.base.textsafe import to_json


def document(report, top: int = 10, by=None) -> dict:
    cov, flow = report.coverage, report.flow
    doc = {
        "journey": report.journey,
        "title": report.title,
        "filter": {"persona": report.persona, "stage": report.stage},
        "summary": _summary(report.summary),
        "gaps": len(report.gaps),
        "significant_gaps": report.significant_gaps,
        "priority": common.PRIORITY_FORMULA,
        "fix_first": [common.record(rank, gap) for rank, gap in common.groups(report, top, None)[0][1]],
    }
    if by == "owner":
        doc["by_owner"] = [{"owner": owner, "fix_first": [common.record(rank, gap) for rank, gap in rows]}
                           for owner, rows in common.groups(report, top, by)]
    doc["coverage"] = {
        "empty_stages": list(cov.empty_stages),
        "persona_holes": [{"stage": s, "persona": p} for s, p in cov.persona_holes],
        "channel_holes": [{"stage": s, "channel": c} for s, c in cov.channel_holes],
        "stage_channel": _matrix(cov.channels),
        "stage_persona": _matrix(cov.personas),
    }
    doc["pains_without_opportunity"] = [{"touchpoint": tp, "pain": pain}
                                        for tp, pain in report.pains_without_opportunity]
    doc["no_owner"] = list(report.unowned)
    doc["low_samples"] = [{"touchpoint": low.touchpoint, "metric": low.metric, "n": low.n}
                          for low in report.low_samples]
    doc["low_sample_threshold"] = report.low_sample_threshold
    doc["flow"] = {
        "uses_next": flow.uses_next,
        "backward_jumps": [{"touchpoint": j.touchpoint, "stage": j.stage, "target": j.target,
                            "target_stage": j.target_stage} for j in flow.backward_jumps],
        "unreachable": list(flow.unreachable),
        "dead_ends": list(flow.dead_ends),
        "emotion_drops": [_drop(d) for d in flow.emotion_drops],
        "experience_drops": [_drop(d) for d in flow.experience_drops],
    }
    return doc


def render(report, view: View = View()) -> str:
    return to_json(document(report, view.top, view.by))


def _matrix(matrix) -> dict:
    return {"stages": list(matrix.rows), "columns": list(matrix.columns),
            "counts": [list(row) for row in matrix.counts],
            "holes": [[r, c] for r in matrix.rows for c in matrix.columns if (r, c) in matrix.holes]}


def _drop(d) -> dict:
    return {"from": d.source, "to": d.target, "before": numbers.machine(d.before), "after": numbers.machine(d.after),
            "drop": numbers.machine(d.drop)}


def _summary(found) -> dict:
    e = found.experience
    return {"scope": found.scope, "id": found.id,
            "experience": None if e is None else {k: numbers.machine(v) for k, v in
                                                  (("score", e.score), ("low", e.low), ("high", e.high))},
            "touchpoints": found.touchpoints, "surveyed": found.surveyed, "responses": found.responses,
            "evidence": found.evidence, "no_interval": found.no_interval}
