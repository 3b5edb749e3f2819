"""Hover: the numbers `jmap score` and `jmap report` show for a touchpoint, stage, persona,
channel or metric, written with their own formatting functions, never recomputed here."""

from __future__ import annotations

from typing import Optional

from lsprotocol import types as lsp

from journeymap.lsp import ids
from journeymap.lsp.positions import node_at
from journeymap.outputs import numbers
from journeymap.outputs.report.common import COLUMNS, cells
from journeymap.outputs.score import (
    LOW_MARK, WEIGHTING_MARKS, emotion_text, experience_text, metric_text, status_text)
from journeymap.scoring.estimates import METRICS
from journeymap.base.textsafe import inert

NOT_SCORED = "_No numbers: `jmap score` refuses a map with errors; fix them first._"
INTERVAL_NOTE = "intervals are 95 %"


def hover(state, position: lsp.Position) -> Optional[lsp.Hover]:
    document = state.result.document
    if document is None or document.data is None:
        return None
    found = node_at(document, position.line, state.lines.column(position))
    if found is None:
        return None
    path, on_key = found
    text = _about_id(state, path, on_key) or _about_metric(state, path, on_key)
    if text is None:
        return None
    span = document.key_span(path) if on_key else document.span(path)
    return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text),
                     range=state.lines.range(span))


def _about_id(state, path, on_key) -> Optional[str]:
    occurrence = state.ids.at(path, on_key)
    if occurrence is None:
        return None
    if state.scores is None:
        return f"**{occurrence.kind} `{_md(occurrence.id)}`**\n\n{NOT_SCORED}"
    if occurrence.kind == ids.TOUCHPOINT:
        return touchpoint_text(state, occurrence.id)
    rollups = {ids.STAGE: state.scores.stages, ids.PERSONA: state.scores.personas,
               ids.CHANNEL: state.scores.channels}[occurrence.kind]
    rollup = next((r for r in rollups if r.id == occurrence.id), None)
    return None if rollup is None else rollup_text(state, rollup)


def _about_metric(state, path, on_key) -> Optional[str]:
    """A `csat:`/`nps:`/`ces:` under a touchpoint's satisfaction, or a KPI's name."""
    if not on_key or len(path) < 6 or path[0] != "stages" or path[2] != "touchpoints":
        return None
    if path[4] not in ("satisfaction", "kpis") or state.scores is None:
        return None
    stage, touchpoint = state.result.map.stages[path[1]], state.result.map.stages[path[1]].touchpoints[path[3]]
    metric = path[5]
    lines = [f"**{_md(metric)}** of touchpoint `{_md(touchpoint.id)}` (stage `{_md(stage.id)}`)", ""]
    if path[4] == "satisfaction":
        row = _row(state, touchpoint.id)
        if row is None or metric not in METRICS:
            return None
        lines.append(_metric_line(row, metric))
    else:
        kpi = touchpoint.kpis.get(metric)
        if kpi is None:
            return None
        lines.append(f"- value {numbers.kpi_value(kpi.value)}"
                     + ("" if kpi.target is None else f" · target {numbers.kpi_value(kpi.target)}"))
    lines += _gap_lines(state, touchpoint.id, metric)
    return "\n".join(lines)


def _row(state, touchpoint_id: str):
    return next((tp for tp in state.scores.touchpoints if tp.touchpoint == touchpoint_id), None)


def _metric_line(row, metric: str) -> str:
    low = metric in row.low_sample
    shown = metric_text(metric, row.estimates.get(metric), 2, low)
    target = row.targets.get(metric)
    text = f"- {metric.upper()} {shown}"
    if target is not None:
        met = row.met.get(metric)
        text += f" · target {numbers.metric_value(metric, target)}"
        text += "" if met is None else (" · met" if met else " · **under target**")
    return text


def touchpoint_text(state, touchpoint_id: str) -> Optional[str]:
    row = _row(state, touchpoint_id)
    if row is None:
        return None
    lines = [f"**touchpoint `{_md(row.touchpoint)}`** · {_md(row.name)}",
             f"stage `{_md(row.stage)}` · channel `{_md(row.channel)}` · owner {_md(row.owner or '(none)')}"
             + ("" if row.reach is None else f" · reach {numbers.count(row.reach)}"), ""]
    lines += [_metric_line(row, metric) for metric in METRICS if metric in row.estimates]
    if row.experience is not None:
        lines.append(f"- experience score {experience_text(row.experience, 2)}")
    elif row.emotion is not None:
        lines.append(f"- {emotion_text(row.emotion)} (the designer's judgement: no survey, so no experience score)")
    lines.append(f"- status: {status_text(row)}")
    shares = {p.id: p.share for p in state.result.map.personas}
    for persona in row.personas:
        share = shares.get(persona)
        lines.append(f"- serves `{_md(persona)}`, persona share {'not given' if share is None else numbers.percent(share)}"
                     " (weights roll-ups across personas; reach already counts only the personas served)")
    lines += _gap_lines(state, touchpoint_id, None)
    lines += ["", _footnote(state, any(row.low_sample))]
    return "\n".join(lines)


def rollup_text(state, rollup) -> str:
    lines = [f"**{rollup.kind} `{_md(rollup.id)}`** · {_md(rollup.name)}",
             f"{numbers.plural(rollup.touchpoints, 'touchpoint')} · {numbers.plural(rollup.responses, 'response')}"
             f"{WEIGHTING_MARKS.get(rollup.weighting, '')}, weighted by {rollup.weighting}", ""]
    for metric in METRICS:
        found = rollup.metrics.get(metric)
        if found is not None:
            lines.append(f"- {metric.upper()} {metric_text(metric, found, 2, metric in rollup.low_sample)}")
    if rollup.experience is not None:
        lines.append(f"- experience score {experience_text(rollup.experience, 2)}")
    if rollup.kind == ids.PERSONA:
        share = next((p.share for p in state.result.map.personas if p.id == rollup.id), None)
        lines.append(f"- persona share {'not given' if share is None else numbers.percent(share)}")
    if rollup.kind == ids.STAGE:
        gaps = [g for g in state.gaps.gaps if g.stage == rollup.id]
        lines.append(f"- {len(gaps)} gap{'s' if len(gaps) != 1 else ''} under target"
                     + (f", the first: `{_md(gaps[0].touchpoint)}` {_md(gaps[0].metric)}" if gaps else ""))
    lines += ["", _footnote(state, bool(rollup.low_sample))]
    return "\n".join(lines)


def _gap_lines(state, touchpoint_id: str, metric: Optional[str]) -> list[str]:
    """This touchpoint's rows of `jmap report`'s fix-first list, with their overall rank."""
    ranked = [(rank, gap) for rank, gap in enumerate(state.gaps.gaps, start=1)
              if gap.touchpoint == touchpoint_id and (metric is None or gap.metric == metric)]
    if not ranked:
        return []
    found = ["", "**under target** (as `jmap report` ranks them):"]
    for rank, gap in ranked:
        row = cells(rank, gap)
        found.append(f"- #{rank} · " + " · ".join(f"{_md(heading)} {_md(row[key])}" for key, heading in COLUMNS
                                                  if key not in ("rank", "touchpoint", "stage")
                                                  and (key != "money" or gap.money is not None)))
    return found


def _footnote(state, low_sample: bool) -> str:
    note = INTERVAL_NOTE
    if low_sample:
        note = f"{LOW_MARK} fewer than {state.settings.low_sample} responses · " + note
    return f"_{_md(note)}_"


def _md(text) -> str:
    """User text made inert for a terminal and for Markdown: no markup, links or HTML from a map."""
    text = inert(str(text))
    return "".join("\\" + char if char in "\\`*_[]<>#|!~{}()" else char for char in text)
