"""`jmap measure` as Markdown, for a pull request or a wiki page."""

from __future__ import annotations

from journeymap.measure.plan import STAGE, TOUCHPOINT
from journeymap.measure.result import Measurement, day
from journeymap.outputs.measure.document import reach_in_order, steps_in_order, undeclared
from journeymap.outputs import numbers
from journeymap.outputs.markdown import escape

_pct = numbers.percent


def render(m: Measurement, top: int = 10) -> str:
    o, names = m.overall, m.plan.names
    out = [f"## Measured journey: {o.sessions:,} sessions, {day(m.period_from)} to {day(m.period_to)}", "",
           f"{o.users:,} users, {o.events:,} events; conformance {_pct(o.conformance)}.", "",
           "| stage | sessions | went on | 95 % interval |", "|---|---:|---:|---|"]
    stage_steps = {s.source: s for s in steps_in_order(m, o, STAGE)}
    for stage, sessions, _users in reach_in_order(m, o, STAGE):
        step = stage_steps.get(stage)
        went = _pct(step.rate) if step and step.reached else ""
        interval = numbers.percent_interval(*step.interval) if step and step.reached else ""
        out.append(f"| {escape(names[(STAGE, stage)])} | {sessions:,} | {went} | {interval} |")
    steps = sorted((s for s in steps_in_order(m, o) if s.reached), key=lambda s: -(s.reached - s.converted))
    out += ["", "**Steps, largest drop-off first**", "", "| step | reached | went on | rate | 95 % interval | lost |",
            "|---|---:|---:|---:|---|---:|"]
    for s in steps[:top]:
        low, high = s.interval
        out.append(f"| {escape(names[(TOUCHPOINT, s.source)])} → {escape(names[(TOUCHPOINT, s.target)])} | "
                   f"{s.reached:,} | {s.converted:,} | {_pct(s.rate)} | {numbers.percent_interval(low, high)} | "
                   f"{s.reached - s.converted:,} |")
    strays = undeclared(o)
    if strays:
        out += ["", "**Undeclared steps**", ""]
        for a, b, n in strays[:top]:
            out.append(f"- {escape(names[(TOUCHPOINT, a)])} → {escape(names[(TOUCHPOINT, b)])}: {numbers.plural(n, 'session')}")
    if m.unclaimed:
        out += ["", "**Events no touchpoint claims**", ""]
        out += [f"- {escape(e)}: {n:,}" for e, n in m.unclaimed[:top]]
    return "\n".join(out) + "\n"
