"""Turn `rollups.Scores` into text: a table for people, JSON and CSV for machines.

Every number is shown the way `outputs.numbers` says (percentages and separators for people,
fractions at 12 significant digits for machines); CSV cells go through `numbers.csv_value`.
"""

from __future__ import annotations

import csv
import io
from typing import Optional

from journeymap.scoring.rollups import Rollup, Scores, TouchpointScore
from journeymap.scoring.estimates import METRICS
from journeymap.base.textsafe import inert, to_json
from journeymap.outputs import numbers
from journeymap.outputs.registry import View

DEFAULT_WIDTH = 100  # columns when the caller does not say (not a terminal)
LOW_MARK = "*"  # marks a figure resting on fewer responses than the threshold
NO_SURVEY = "no survey"
WEIGHTING_MARKS = {"reach": "", "responses": "\u2020", "equal": "\u2021"}  # † ‡: not weighed by reach
_number = numbers.machine


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
    """`checkout CSAT: returning 80.0% (n=120) vs new-visitor 55.0% (n=220): differ significantly (p=...)`."""
    shown = lambda value: numbers.metric_value(d.metric, value)  # noqa: E731
    diff = d.difference
    verdict = ("no test: " + diff.note if diff.significant is None else
               ("differ significantly" if diff.significant else "no significant difference")
               + f" (p={numbers.p_value(diff.p_value)}, {diff.test})")
    return (f"{inert(d.touchpoint)} {d.metric.upper()}: {inert(d.first)} {shown(d.first_estimate.value)}"
            f" (n={numbers.count(d.first_estimate.n)}) vs {inert(d.second)} {shown(d.second_estimate.value)}"
            f" (n={numbers.count(d.second_estimate.n)}): {verdict}")


def render_json(scores: Scores, view: View = View()) -> str:
    return to_json(scores_data(scores))


# ----------------------------------------------------------------------------- CSV

CSV_COLUMNS = ["level", "id", "name", "stage", "channel", "touchpoints", "surveyed", "responses", "weighting",
               "score", "score_low", "score_high", "score_from", "emotion"] + [
    f"{metric}_{part}" for metric in METRICS for part in ("value", "low", "high", "n", "target", "met")
] + ["low_sample"]


def _csv_row(level: str, data: dict, touchpoints: str = "") -> list[str]:
    row = [level, data["id"], data["name"], data.get("stage"), data.get("channel"), touchpoints,
           data.get("surveyed"), data["responses"], data.get("weighting"), data["score"], data["score_low"],
           data["score_high"], data.get("score_from"), data.get("emotion")]
    for metric in METRICS:
        found = data[metric] or {}
        row += [found.get(part) for part in ("value", "low", "high", "n", "target", "met")]
    return [numbers.csv_value(cell) for cell in row + [" ".join(data["low_sample"])]]


def render_csv(scores: Scores, view: View = View()) -> str:
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
    """`77.5% [70.1%, 84.2%] n=120`; fewer parts as `detail` drops for narrow terminals."""
    if found is None:
        return ""
    text = numbers.metric_value(metric, found.value)
    if detail >= 2 and found.value is not None and found.low is not None:
        text += " " + numbers.metric_interval(metric, found.low, found.high)
    if detail >= 1 or found.value is None:
        text += f" n={numbers.count(found.n)}"
    return text + (LOW_MARK if low_sample else "")


def experience_text(experience, detail: int) -> str:
    """`72 [65, 79]`: an experience score is survey evidence only, never an emotion."""
    if experience is None:
        return ""
    text = numbers.experience(experience.score)
    if detail >= 2 and experience.low is not None:
        text += " " + numbers.experience_interval(experience.low, experience.high)
    return text


def emotion_text(emotion: float) -> str:
    """`emotion +1` (on its own scale, never as a score)."""
    return "emotion " + ("0" if emotion == 0 else f"{emotion:+g}")


def status_text(tp: TouchpointScore) -> str:
    missed = [f"{m.upper()}<{numbers.metric_value(m, tp.targets[m])}" for m in METRICS if tp.met.get(m) is False]
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
        cells += [Text(experience_text(tp.experience, detail) or "–"), Text(status, style=style)]
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
        cells += [Text(f"{numbers.count(r.surveyed)}/{numbers.count(r.touchpoints)}"),
                  Text(numbers.count(r.responses) + WEIGHTING_MARKS.get(r.weighting, ""))]
        cells += [Text(metric_text(m, r.metrics.get(m), detail, m in r.low_sample)) for m in METRICS]
        cells.append(Text(experience_text(r.experience, detail)))
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


def render_table(scores: Scores, view: View = View()) -> str:
    """The richest layout that fits the width; ids are never cut, other cells fold."""
    color, width, threshold = view.color, view.width or DEFAULT_WIDTH, view.low_sample
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
    score = f"experience score {experience_text(r.experience, 2)}"
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
