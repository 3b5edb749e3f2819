"""`jmap measure` for a terminal: read like a funnel review, within the width it is given.

Stage funnel first, then the steps that lose the most sessions, where customers leave the
designed path, what the map does not observe, segments side by side, and retention. Names are
cut (never wrapped) to fit; numbers never are.
"""

from __future__ import annotations

from journeymap.base.textsafe import inert
from journeymap.outputs import numbers
from journeymap.measure.plan import STAGE, TOUCHPOINT
from journeymap.measure.result import Measurement, day
from journeymap.outputs.measure.document import reach_in_order, steps_in_order, undeclared

SEGMENT_CELL = 11  # one segment's column: "  100.0%▲*"
LABEL_MAX = 44  # widest a name column grows: the numbers stay next to their names


def _cut(text: str, width: int) -> str:
    text = inert(text)
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


_pct = numbers.percent
_span = numbers.percent_interval


def _name(measurement: Measurement, level: str, ident: str) -> str:
    return measurement.plan.names.get((level, ident), ident)


def render(measurement: Measurement, width: int = 100, top: int = 10) -> str:
    width = max(60, width)
    out = _header(measurement, width)
    out += _funnel(measurement, width)
    out += _steps(measurement, width, top)
    out += _undeclared(measurement, width, top)
    out += _unclaimed(measurement, width, top)
    out += _segments(measurement, width)
    out += _retention(measurement)
    return "\n".join(out).rstrip() + "\n"


def _header(m: Measurement, width: int) -> list[str]:
    o = m.overall
    lines = [_cut(f"{o.sessions:,} sessions, {o.users:,} users, {o.events:,} events, "
                  f"{day(m.period_from)} to {day(m.period_to)}", width)]
    if o.conformance is not None:
        lines.append(f"{_pct(o.conformance)} of the {o.pathed:,} sessions that met the map took only declared steps")
    if m.plan.unobserved:
        lines.append(_cut("not observed (no events declared): " + ", ".join(m.plan.unobserved), width))
    return lines + [""]


def _funnel(m: Measurement, width: int) -> list[str]:
    stages = reach_in_order(m, m.overall, STAGE)
    steps = {(s.source, s.target): s for s in steps_in_order(m, m.overall, STAGE)}
    label = min(LABEL_MAX, width - 2 - 10 - 9 - 11 - 15)
    lines = ["Stage funnel: sessions reaching each stage, and going on to the next",
             f"  {'stage':<{label}}{'sessions':>10}{'share':>9}{'went on':>11}{'95 % interval':>15}"]
    everyone = m.overall.sessions
    for i, (stage, sessions, _users) in enumerate(stages):
        share = numbers.percent(sessions / everyone if everyone else None)
        row = f"  {_cut(_name(m, STAGE, stage), label):<{label}}{sessions:>10,}{share:>9}"
        if i + 1 < len(stages):
            step = steps.get((stage, stages[i + 1][0]))
            if step is not None and step.reached:
                row += f"{_pct(step.rate):>11}{_span(*step.interval):>15}"
        lines.append(row)
    return lines + [""]


def _step_label(m: Measurement, step) -> str:
    return f"{_name(m, TOUCHPOINT, step.source)} → {_name(m, TOUCHPOINT, step.target)}"


def _steps(m: Measurement, width: int, top: int) -> list[str]:
    steps = [s for s in steps_in_order(m, m.overall) if s.reached]
    if not steps:
        return []
    steps.sort(key=lambda s: (-(s.reached - s.converted), s.source, s.target))
    label = min(LABEL_MAX, width - 2 - 9 - 9 - 9 - 15 - 8)
    lines = ["Steps, largest drop-off first",
             f"  {'step':<{label}}{'reached':>9}{'went on':>9}{'rate':>9}{'95 % interval':>15}{'lost':>8}"]
    for s in steps[:top]:
        lines.append(f"  {_cut(_step_label(m, s), label):<{label}}{s.reached:>9,}{s.converted:>9,}{_pct(s.rate):>9}"
                     f"{_span(*s.interval):>15}{s.reached - s.converted:>8,}")
    if len(steps) > top:
        lines.append(f"  … {len(steps) - top} more steps (--top, or --format json)")
    return lines + [""]


def _undeclared(m: Measurement, width: int, top: int) -> list[str]:
    found = undeclared(m.overall)
    if not found:
        return []
    order = {tp: i for i, (tp, _stage) in enumerate(m.plan.touchpoints)}
    lines = ["Off the map: undeclared steps, most frequent first (sessions)"]
    for a, b, n in found[:top]:
        reached = m.overall.touchpoints.get(a)
        share = numbers.percent(n / reached.sessions if reached and reached.sessions else None)
        verb = "go back to" if order.get(b, 0) < order.get(a, 0) else "skip to"
        count = f" ({n:,})"
        lines.append("  " + _cut(f"{share} of sessions at {_name(m, TOUCHPOINT, a)} {verb} "
                                 f"{_name(m, TOUCHPOINT, b)}", width - 2 - len(count)) + count)
    if len(found) > top:
        lines.append(f"  … {len(found) - top} more")
    return lines + [""]


def _unclaimed(m: Measurement, width: int, top: int) -> list[str]:
    if not m.unclaimed:
        return []
    total = sum(n for _e, n in m.unclaimed)
    lines = [f"Events no touchpoint claims: {total:,}, most frequent first"]
    label = min(LABEL_MAX, width - 2 - 12)
    for event, n in m.unclaimed[:top]:
        lines.append(f"  {_cut(event, label):<{label}}{n:>12,}")
    if len(m.unclaimed) > top:
        lines.append(f"  … {len(m.unclaimed) - top} more event names")
    return lines + [""]


def _segments(m: Measurement, width: int) -> list[str]:
    lines = []
    columns = sorted({column for column, _value in m.segments})
    for column in columns:
        values = [(value, f) for (c, value), f in m.segments.items() if c == column]
        values.sort(key=lambda item: -item[1].sessions)
        label = min(LABEL_MAX, max(16, width - 2 - SEGMENT_CELL * (len(values) + 1)))
        room = max(1, (width - 2 - label) // SEGMENT_CELL - 1)
        shown, hidden = values[:room], values[room:]
        lines.append(_cut(f"Segments by {column}: step rate; ▲* ▼* differs from the rest (p < 0.05)", width))
        head = f"  {'':<{label}}{'all  ':>{SEGMENT_CELL}}" + "".join(f"{_cut(v, SEGMENT_CELL - 3) + '  ':>{SEGMENT_CELL}}" for v, _f in shown)
        lines.append(head)
        lines.append(f"  {'sessions':<{label}}{m.overall.sessions:>{SEGMENT_CELL - 2},}  "
                     + "".join(f"{f.sessions:>{SEGMENT_CELL - 2},}  " for _v, f in shown))
        for step in steps_in_order(m, m.overall):
            if not step.reached:
                continue
            row = f"  {_cut(_step_label(m, step), label):<{label}}{_pct(step.rate) + '  ':>{SEGMENT_CELL}}"
            for _value, figures in shown:
                mine = figures.steps.get((step.source, step.target))
                if mine is None or not mine.reached:
                    row += f"{numbers.MISSING + '  ':>{SEGMENT_CELL}}"
                    continue
                difference = m.difference(figures, (step.source, step.target))
                mark = "  "
                if difference.significant:  # only what the test supports: noise gets no arrow
                    mark = ("▲" if difference.delta > 0 else "▼") + "*"
                row += f"{_pct(mine.rate) + mark:>{SEGMENT_CELL}}"
            lines.append(row)
        if hidden:
            lines.append(f"  … {len(hidden)} more values of {inert(column)} (a wider terminal, or --format json)")
        lines.append("")
    return lines


def _retention(m: Measurement) -> list[str]:
    r = m.retention
    if r is None:
        return []
    lines = [f"Retention: repeat conversion within {r.window_days} days, by month of first conversion"]
    if not r.cohorts:
        lines.append(f"  no cohort yet: a first conversion needs {r.window_days} days of events after it")
    for c in r.cohorts:
        lines.append(f"  {inert(c.cohort):<10}{c.users:>9,} users{c.repeated:>9,} again{_pct(c.rate):>9}"
                     f"{_span(*c.interval):>15}")
    if r.median_days_to_repeat is not None:
        lines.append(f"  median days to the second conversion: {r.median_days_to_repeat:.1f}")
    if m.overall.value is not None:
        per_user = m.overall.value / r.converting_users if r.converting_users else None
        per_session = m.overall.value / m.overall.sessions if m.overall.sessions else None
        lines.append(f"  value per converting user: {per_user:,.2f}; per session: {per_session:,.2f}"
                     if per_user is not None and per_session is not None else "  no value measured")
    return lines + [""]
