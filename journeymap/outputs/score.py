"""Turn `rollups.Scores` into text: a table for people, JSON and CSV for machines.

Numbers are rounded to 6 decimals in JSON and CSV so that outputs stay byte-identical
across platforms. CSV cells holding user text are neutralised against formula injection;
our own numbers (a negative NPS starts with "-") are left as numbers.
"""

from __future__ import annotations

import csv
import io
from typing import Optional

from journeymap.scoring.rollups import Rollup, Scores, TouchpointScore
from journeymap.scoring.estimates import METRICS
from journeymap.base.textsafe import csv_cell, inert, to_json

FORMATS = ("table", "json", "csv")
LOW_MARK = "*"  # marks a figure resting on fewer responses than the threshold
NO_SURVEY = "no survey"
WEIGHTING_MARKS = {"reach": "", "responses": "\u2020", "equal": "\u2021"}  # † ‡: not weighed by reach
_SHOWN = {"csat": "{:.2f}", "nps": "{:.0f}", "ces": "{:.2f}"}


def _number(value: Optional[float]) -> Optional[float]:
    if value is None:
        return None
    value = round(value, 6)
    return 0.0 if value == 0 else value  # no "-0.0"


# ----------------------------------------------------------------------------- JSON

def _experience(found) -> dict:
    if found is None:
        return {"score": None, "score_low": None, "score_high": None}
    return {"score": _number(found.score), "score_low": _number(found.low), "score_high": _number(found.high)}


def _estimate(found) -> Optional[dict]:
    if found is None:
        return None
    return {"value": _number(found.value), "low": _number(found.low), "high": _number(found.high), "n": found.n}


def rollup_data(r: Rollup) -> dict:
    data = {"kind": r.kind, "id": r.id, "name": r.name, "touchpoints": r.touchpoints, "surveyed": r.surveyed,
            "pooled": r.pooled, "responses": r.responses, "weighting": r.weighting, **_experience(r.experience),
            "no_interval": r.no_interval, "evidence": r.evidence(), "low_sample": list(r.low_sample)}
    data.update({metric: _estimate(r.metrics.get(metric)) for metric in METRICS})
    return data


def touchpoint_data(tp: TouchpointScore) -> dict:
    data = {"id": tp.touchpoint, "name": tp.name, "stage": tp.stage, "channel": tp.channel,
            "personas": list(tp.personas), "owner": tp.owner, "reach": tp.reach,
            "responses": tp.responses, **_experience(tp.experience),
            # a score comes from survey evidence only; the emotion is the designer's, never a score
            "score_from": "survey" if tp.surveyed else None,
            "emotion": _number(tp.emotion), "low_sample": list(tp.low_sample)}
    for metric in METRICS:
        found = _estimate(tp.estimates.get(metric))
        if found is not None:
            found.update(target=_number(tp.targets.get(metric)), met=tp.met.get(metric),
                         low_sample=metric in tp.low_sample)
        data[metric] = found
    return data


def scores_data(scores: Scores) -> dict:
    return {
        "journey": rollup_data(scores.journey),
        "stages": [rollup_data(r) for r in scores.stages],
        "personas": [rollup_data(r) for r in scores.personas],
        "channels": [rollup_data(r) for r in scores.channels],
        "touchpoints": [touchpoint_data(tp) for tp in scores.touchpoints],
        "persona_differences": [persona_difference_data(d) for d in scores.persona_differences],
    }


def persona_difference_data(d) -> dict:
    diff = d.difference
    return {"touchpoint": d.touchpoint, "metric": d.metric, "first": d.first, "second": d.second,
            "first_value": _number(d.first_estimate.value), "first_n": d.first_estimate.n,
            "second_value": _number(d.second_estimate.value), "second_n": d.second_estimate.n,
            "delta": _number(diff.delta), "low": _number(diff.low), "high": _number(diff.high),
            "p_value": _number(diff.p_value), "significant": diff.significant, "test": diff.test or None,
            "note": diff.note or None}


def persona_difference_text(d) -> str:
    """`checkout CSAT: returning 0.80 (n=120) vs new-visitor 0.55 (n=220): differ, p=0.001`."""
    shown = _SHOWN[d.metric]
    diff = d.difference
    verdict = ("no test: " + diff.note if diff.significant is None else
               ("differ significantly" if diff.significant else "no significant difference")
               + f" (p={diff.p_value:.3g}, {diff.test})")
    return (f"{inert(d.touchpoint)} {d.metric.upper()}: {inert(d.first)} {shown.format(d.first_estimate.value)}"
            f" (n={d.first_estimate.n:,}) vs {inert(d.second)} {shown.format(d.second_estimate.value)}"
            f" (n={d.second_estimate.n:,}): {verdict}")


def render_json(scores: Scores) -> str:
    return to_json(scores_data(scores))


# ----------------------------------------------------------------------------- CSV

CSV_COLUMNS = ["level", "id", "name", "stage", "channel", "touchpoints", "surveyed", "responses", "weighting",
               "score", "score_low", "score_high", "score_from", "emotion"] + [
    f"{metric}_{part}" for metric in METRICS for part in ("value", "low", "high", "n", "target", "met")
] + ["low_sample"]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(_number(value)) if isinstance(value, float) else str(value)


def _csv_row(level: str, data: dict, touchpoints: str = "") -> list[str]:
    row = [level, csv_cell(data["id"]), csv_cell(data["name"]), csv_cell(data.get("stage")),
           csv_cell(data.get("channel")), touchpoints, _cell(data.get("surveyed")), _cell(data["responses"]),
           data.get("weighting", ""), _cell(data["score"]), _cell(data["score_low"]), _cell(data["score_high"]),
           data.get("score_from") or "", _cell(data.get("emotion"))]
    for metric in METRICS:
        found = data[metric] or {}
        row += [_cell(found.get(part)) for part in ("value", "low", "high", "n", "target", "met")]
    return row + [" ".join(data["low_sample"])]


def render_csv(scores: Scores) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    data = scores_data(scores)
    for tp in data["touchpoints"]:
        writer.writerow(_csv_row("touchpoint", tp))
    for key in ("stages", "personas", "channels"):
        for r in data[key]:
            writer.writerow(_csv_row(r["kind"], r, str(r["touchpoints"])))
    writer.writerow(_csv_row("journey", data["journey"], str(data["journey"]["touchpoints"])))
    return out.getvalue()


# ----------------------------------------------------------------------------- table

def metric_text(metric: str, found, detail: int, low_sample: bool) -> str:
    """`0.75 [0.67, 0.82] n=120`; fewer parts as `detail` drops for narrow terminals."""
    if found is None or found.value is None:
        return "" if found is None else f"- n={found.n}"
    shown = _SHOWN[metric]
    text = shown.format(found.value)
    if detail >= 2 and found.low is not None:
        text += f" [{shown.format(found.low)}, {shown.format(found.high)}]"
    if detail >= 1:
        text += f" n={found.n}"
    return text + (LOW_MARK if low_sample else "")


def _score_text(experience, detail: int) -> str:
    if experience is None:
        return ""
    text = f"{experience.score:.0f}"
    if detail >= 2 and experience.low is not None:
        text += f" [{experience.low:.0f}, {experience.high:.0f}]"
    return text


def emotion_text(emotion: float) -> str:
    """`emotion +1` (on its own scale, never as a score)."""
    return "emotion " + ("0" if emotion == 0 else f"{emotion:+g}")


def status_text(tp: TouchpointScore) -> str:
    missed = [f"{m.upper()}<{_SHOWN[m].format(tp.targets[m])}" for m in METRICS if tp.met.get(m) is False]
    if missed:
        return "under " + " ".join(missed)
    if tp.met:
        return "ok"
    if tp.emotion_only:
        return f"{NO_SURVEY}, {emotion_text(tp.emotion)} (not scored)"
    return "no data"


def _touchpoint_table(scores: Scores, detail: int, wide: bool, color: bool):
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title="Touchpoints", title_justify="left")
    width = max([len(inert(tp.touchpoint)) for tp in scores.touchpoints] + [10])
    table.add_column("touchpoint", no_wrap=True, min_width=width)
    if wide:
        table.add_column("stage", overflow="fold")
        table.add_column("channel", overflow="fold")
    for metric in METRICS:
        table.add_column(metric.upper(), overflow="fold")
    table.add_column("score", justify="right")
    table.add_column("status", overflow="fold", min_width=9)
    for tp in scores.touchpoints:
        cells = [Text(inert(tp.touchpoint))]
        if wide:
            cells += [Text(inert(tp.stage)), Text(inert(tp.channel))]
        for metric in METRICS:
            met = tp.met.get(metric)
            style = "" if not color or met is None else ("green" if met else "red")
            if color and metric in tp.low_sample:
                style += " italic"
            cells.append(Text(metric_text(metric, tp.estimates.get(metric), detail, metric in tp.low_sample),
                              style=style.strip()))
        status = status_text(tp)
        style = "" if not color else ("red" if status.startswith("under") else "green" if status == "ok"
                                      else "magenta" if tp.emotion_only else "dim")
        cells += [Text(_score_text(tp.experience, detail) or "–"), Text(status, style=style)]
        table.add_row(*cells)
    return table


def _rollup_table(title: str, rollups: list[Rollup], detail: int, wide: bool):
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title=title, title_justify="left")
    width = max([len(inert(r.id)) for r in rollups] + [2])
    table.add_column("id", no_wrap=True, min_width=width)
    if wide:
        table.add_column("name", overflow="fold")
    table.add_column("tps", justify="right")  # surveyed / all
    table.add_column("responses", justify="right")
    for metric in METRICS:
        table.add_column(metric.upper(), overflow="fold")
    table.add_column("score", justify="right")
    for r in rollups:
        cells = [Text(inert(r.id))] + ([Text(inert(r.name))] if wide else [])
        cells += [Text(f"{r.surveyed}/{r.touchpoints}"),
                  Text(f"{r.responses:,}" + WEIGHTING_MARKS.get(r.weighting, ""))]
        cells += [Text(metric_text(m, r.metrics.get(m), detail, m in r.low_sample)) for m in METRICS]
        cells.append(Text(_score_text(r.experience, detail)))
        table.add_row(*cells)
    return table


# (detail, wide) from the richest layout to the narrowest: intervals go last but one, they are the point
_LAYOUTS = [(2, True), (2, False), (1, True), (1, False), (0, False)]


def _fits(console, table, width: int) -> bool:
    from rich.measure import Measurement

    unbounded = console.options.update_width(10_000)
    return Measurement.get(console, unbounded, table).maximum <= width


def _widest(console, width: int, build):
    """The richest layout of one table that fits; the narrowest one when none does."""
    for detail, wide in _LAYOUTS:
        table = build(detail, wide)
        if _fits(console, table, width):
            return table
    return table


def _plain(text: str):
    """A rich Text, so that brackets in user text are never read as markup."""
    from rich.text import Text

    return Text(text)


def render_table(scores: Scores, color: bool = False, width: int = 100, threshold: int = 30) -> str:
    """The richest layout that fits `width`; ids are never cut, other cells fold."""
    from rich.console import Console

    out = io.StringIO()
    console = Console(file=out, width=max(width, 20), color_system="standard" if color else None,
                      force_terminal=color, no_color=not color, highlight=False, emoji=False,
                      legacy_windows=False, soft_wrap=False)
    roll = [("Stages", scores.stages), ("Personas", scores.personas), ("Channels", scores.channels),
            ("Journey", [scores.journey])]
    tables = [_widest(console, width, lambda d, w: _touchpoint_table(scores, d, w, color))]
    tables += [_widest(console, width, lambda d, w, r=rollups, t=title: _rollup_table(t, r, d, w))
               for title, rollups in roll]
    j = scores.journey
    console.print(_plain(f"Journey {inert(j.id)}: {rollup_headline(j)}"))
    for table, (_title, rollups) in zip(tables, [(None, None)] + roll):
        console.print()
        console.print(table)
        for note in ([] if rollups is None else rollup_notes(rollups)):
            console.print(_plain(note))
    if scores.persona_differences:
        console.print()
        console.print(_plain("Personas compared at a touchpoint (from per-persona counts; 95 %, two-sided)"))
        for d in scores.persona_differences:
            console.print(_plain("  " + persona_difference_text(d)))
        console.print()
    console.print(_plain(f"{LOW_MARK} fewer than {threshold} responses   "
                        "tps: touchpoints with survey data / all (emotion-only ones are never scored)   "
                        "† weighted by responses (a touchpoint has no reach)   "
                        "‡ weighted equally (a touchpoint has neither reach nor responses)   "
                        "intervals are 95 % (delta method)"))
    return "".join(line.rstrip() + "\n" for line in out.getvalue().splitlines())


def rollup_headline(r: Rollup) -> str:
    """`experience score 68 [64, 72], from 11 of 13 touchpoints with survey data, 2,632 responses`."""
    if r.experience is None:
        return f"no experience score ({r.no_interval}), {r.evidence()}"
    score = f"experience score {_score_text(r.experience, 2)}"
    if r.experience.low is None:
        score += f" (no interval: {r.no_interval})"
    return f"{score}, {r.evidence()}, weighted by {r.weighting}"


def rollup_notes(rollups: list[Rollup]) -> list[str]:
    """Under a roll-up table: what a score cannot show (pooled responses, a missing interval)."""
    notes = []
    for r in rollups:
        if r.pooled:
            notes.append(f"  {inert(r.id)}: {r.pooled} touchpoint{'' if r.pooled == 1 else 's'} with responses"
                         " pooled across personas left out (not split by guess)")
        if r.no_interval and r.surveyed:
            notes.append(f"  {inert(r.id)}: no interval, {r.no_interval}")
        elif not r.surveyed:
            notes.append(f"  {inert(r.id)}: no score, no touchpoint with survey data")
    return notes


def render(name: str, scores: Scores, color: bool = False, width: int = 100, threshold: int = 30) -> str:
    if name == "json":
        return render_json(scores)
    if name == "csv":
        return render_csv(scores)
    return render_table(scores, color=color, width=width, threshold=threshold)
