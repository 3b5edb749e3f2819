"""A MapDiff as text: a terminal table, GitHub Markdown, or JSON for scripts. Text only, no decisions."""

from __future__ import annotations

from journeymap.base.textsafe import inert, to_json
from journeymap.outputs import numbers
from journeymap.outputs.markdown import code_span, escape
from journeymap.outputs.registry import View

_LABELS = {"csat": "CSAT", "nps": "NPS", "ces": "CES"}


def _n(estimate, threshold: int) -> str:
    """`340`, or `18*` under the low-sample threshold; `-` without the metric."""
    if estimate is None:
        return numbers.MISSING
    return numbers.count(estimate.n) + ("*" if estimate.n < threshold else "")


def period_lines(diff) -> list[str]:
    """Which periods are compared, and a warning when they are the same, overlap or are not given."""
    shown = f"{diff.old_period or '(not given)'} -> {diff.new_period or '(not given)'}"
    return [f"Periods: {inert(shown)}"] + ([f"warning: {inert(diff.period_warning)}"] if diff.period_warning else [])


def _footer(diff, every: bool, threshold: int) -> list[str]:
    lines = [_summary(diff)]
    hidden = len(diff.metrics) - len(diff.shown_metrics(every))
    if hidden:
        lines.append(f"{hidden} metric{'s' if hidden != 1 else ''} unchanged, not listed (--all lists them)")
    hidden = len(diff.rates) - len(diff.shown_rates(every))
    if hidden:
        lines.append(f"{hidden} measured rate{'s' if hidden != 1 else ''} unchanged, not listed (--all lists them)")
    if any(e is not None and e.n < threshold for m in diff.shown_metrics(every) for e in (m.old, m.new)):
        lines.append(f"* fewer than {threshold} answers: a change may be noise")
    return lines


def _wrap_cells(cells: list[str], width: int, indent: str) -> list[str]:
    """Cells joined by spaces, broken only between cells: a number is never split."""
    lines, line = [], indent
    for cell in cells:
        if line.strip() and len(line) + 1 + len(cell) > width:
            lines.append(line.rstrip())
            line = indent + "  "
        line += ("" if not line.strip() else " ") + cell
    return lines + [line.rstrip()]


# -- numbers -----------------------------------------------------------------


def change_interval(metric: str, d) -> str:
    """The 95 % interval of a change, each bound signed in the change's units."""
    if d.low is None or d.high is None:
        return numbers.MISSING
    return f"[{numbers.metric_change(metric, d.low)}, {numbers.metric_change(metric, d.high)}]"


def verdict(change) -> str:
    """A change in words: `significant drop` or `rise` (`(worse)` after a rise where lower is better),
    `not significant`, or why there is no test."""
    d = change.difference
    if d.significant is None:
        return d.note or "no test"
    if not d.significant:
        return "not significant"
    said = "significant drop" if d.delta < 0 else "significant rise"
    return said + (" (worse)" if change.regression and change.better == "lower" else "")


def _estimate(e):
    return None if e is None else e.value


def _rate_n(estimate) -> str:
    """The n behind a measured rate; `-` for a side without one (a value typed by hand)."""
    return numbers.MISSING if estimate is None or not estimate.n else numbers.count(estimate.n)


def _rate_cells(r) -> list[str]:
    """label, old, n, new, n, change, interval, p, verdict of one measured rate."""
    d = r.difference
    return [inert(r.label), numbers.metric_value("rate", _estimate(r.old)), _rate_n(r.old),
            numbers.metric_value("rate", _estimate(r.new)), _rate_n(r.new), numbers.metric_change("rate", d.delta),
            change_interval("rate", d), numbers.p_value(d.p_value), verdict(r)]


def _item_text(change, show) -> str:
    if change.old is None:
        return f"{change.field}: + {show(change.new)}"
    if change.new is None and change.field in ("personas", "pains", "opportunities", "next"):
        return f"{change.field}: - {show(change.old)}"
    return f"{change.field}: {show(change.old)} -> {show(change.new)}"


def _show(value) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, str):
        return to_json(value).rstrip("\n")
    return str(numbers.machine(value))


# -- table -------------------------------------------------------------------


def _columns(rows: list) -> list:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]


def as_table(diff, view: View = View()) -> str:
    import textwrap

    old_label, new_label = view.labels
    width, every, threshold = view.width or 10_000, view.every, view.low_sample

    def fill(text: str, indent: str = "") -> list[str]:
        return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent + "  ",
                             break_long_words=False, break_on_hyphens=False) or [indent]

    out = fill(f"jmap diff {inert(old_label)} -> {inert(new_label)}")
    for line in period_lines(diff):
        out += fill(line)
    out.append("")
    for title, items in (("Added", diff.added), ("Removed", diff.removed)):
        out += fill(f"{title}: " + (", ".join(f"{i.kind} {inert(i.id)}" for i in items) or "nothing"))
    out.append("")
    if diff.changed:
        out.append("Changed:")
        rows = [[c.kind, inert(c.id), inert(_item_text(c, _show))] for c in diff.changed]
        lines = ["  " + line for line in _columns(rows)]
        if max(len(line) for line in lines) > width:
            lines = [wrapped for row in rows for wrapped in fill(f"{row[0]} {row[1]}: {row[2]}", "  ")]
        out += lines
    else:
        out.append("Changed: nothing")
    out.append("")
    shown = diff.shown_metrics(every)
    if shown:
        out.append("Metrics (change = new - old, 95 % interval of the change):")
        rows = [["touchpoint", "metric", "old", "n", "new", "n", "change", "95 % interval", "p", "verdict"]]
        for m in shown:
            d = m.difference
            rows.append([inert(m.touchpoint), _LABELS[m.metric], numbers.metric_value(m.metric, _estimate(m.old)),
                         _n(m.old, threshold), numbers.metric_value(m.metric, _estimate(m.new)), _n(m.new, threshold),
                         numbers.metric_change(m.metric, d.delta), change_interval(m.metric, d), numbers.p_value(d.p_value),
                         verdict(m)])
        out += _change_rows(rows, width)
    elif diff.metrics:
        out.append("Metrics: none changed")
    else:
        out.append("Metrics: none to compare")
    out.append("")
    rates = diff.shown_rates(every)
    if rates:
        out.append("Measured rates (change = new - old, 95 % interval of the change):")
        rows = [["step or rate", "old", "n", "new", "n", "change", "95 % interval", "p", "verdict"]]
        out += _change_rows(rows + [_rate_cells(r) for r in rates], width, name_cells=1)
        out.append("")
    elif diff.rates:
        out += ["Measured rates: none changed", ""]
    for line in _footer(diff, every, threshold):
        out += fill(line)
    return "\n".join(out) + "\n"


def _change_rows(rows: list, width: int, name_cells: int = 2) -> list[str]:
    """A header and one row per change as columns; too narrow for that, one change a block
    (its name, old -> new, then the change, its interval, p and the verdict)."""
    lines = ["  " + line for line in _columns(rows)]
    if max(len(line) for line in lines) <= width:
        return lines
    lines = []
    for row in rows[1:]:
        name, (old, old_n, new, new_n, change, interval, p, verdict) = " ".join(row[:name_cells]), row[name_cells:]
        lines += _wrap_cells([f"{name}:", f"{old} (n={old_n})", "->", f"{new} (n={new_n})"], width, "  ")
        lines += _wrap_cells([f"change {change}", interval if interval != numbers.MISSING else "(no interval)",
                              f"p {p}:", verdict], width, "    ")
    return lines


def _summary(diff) -> str:
    return (f"{numbers.count(len(diff.added))} added, {numbers.count(len(diff.removed))} removed, "
            f"{numbers.count(len(diff.changed))} changed, {numbers.plural(len(diff.regressions), 'significant drop')}")


# -- markdown ----------------------------------------------------------------


def as_markdown(diff, view: View = View()) -> str:
    old_label, new_label = view.labels
    every, threshold = view.every, view.low_sample
    out = [f"## Journey map diff: {escape(old_label)} → {escape(new_label)}", ""]
    out += [escape(line) + "  " for line in period_lines(diff)] + [""]
    out += [escape(line).replace("\\*", "\\*") + "  " for line in _footer(diff, every, threshold)] + [""]
    for title, items in (("Added", diff.added), ("Removed", diff.removed)):
        out += [f"### {title}", ""]
        out += [f"- {i.kind} {code_span(i.id)}" for i in items] or ["Nothing."]
        out.append("")
    out += ["### Changed", ""]
    out += [f"- {c.kind} {code_span(c.id)}: {escape(_item_text(c, _show))}" for c in diff.changed] or ["Nothing."]
    out += ["", "### Metrics", ""]
    shown = diff.shown_metrics(every)
    if shown:
        out += ["| touchpoint | metric | old | n | new | n | change | 95 % interval | p | verdict |",
                "|---|---|---:|---:|---:|---:|---:|---|---:|---|"]
        for m in shown:
            d = m.difference
            said = escape(verdict(m))
            if m.regression:
                said = f"**{said}**"
            out.append(f"| {code_span(m.touchpoint, in_table=True)} | {_LABELS[m.metric]} "
                       f"| {escape(numbers.metric_value(m.metric, _estimate(m.old)))} "
                       f"| {escape(_n(m.old, threshold))} | {escape(numbers.metric_value(m.metric, _estimate(m.new)))} "
                       f"| {escape(_n(m.new, threshold))} | {escape(numbers.metric_change(m.metric, d.delta))} "
                       f"| {escape(change_interval(m.metric, d))} | {escape(numbers.p_value(d.p_value))} | {said} |")
    else:
        out.append("None changed." if diff.metrics else "None to compare.")
    rates = diff.shown_rates(every)
    if rates:
        out += ["", "### Measured rates", "",
                "| step or rate | old | n | new | n | change | 95 % interval | p | verdict |",
                "|---|---:|---:|---:|---:|---:|---|---:|---|"]
        for r in rates:
            cells = [escape(cell) for cell in _rate_cells(r)]
            if r.regression:
                cells[-1] = f"**{cells[-1]}**"
            out.append("| " + " | ".join(cells) + " |")
    elif diff.rates:
        out += ["", "### Measured rates", "", "None changed."]
    return "\n".join(out) + "\n"


# -- json --------------------------------------------------------------------


_number = numbers.machine


def as_json(diff, view: View = View()) -> str:
    every = view.every
    document = {
        "periods": {"old": diff.old_period, "new": diff.new_period, "warning": diff.period_warning},
        "added": [{"kind": i.kind, "id": i.id} for i in diff.added],
        "removed": [{"kind": i.kind, "id": i.id} for i in diff.removed],
        "changed": [{"kind": c.kind, "id": c.id, "field": c.field, "old": c.old, "new": c.new}
                    for c in diff.changed],
        "metrics": [
            {
                "touchpoint": m.touchpoint,
                "metric": m.metric,
                "old": _number(_estimate(m.old)),
                "new": _number(_estimate(m.new)),
                "delta": _number(m.difference.delta),
                "low": _number(m.difference.low),
                "high": _number(m.difference.high),
                "significant": m.difference.significant,
                "p_value": _number(m.difference.p_value),
                "test": m.difference.test or None,
                "note": m.difference.note or None,
                "old_n": None if m.old is None else m.old.n,
                "new_n": None if m.new is None else m.new.n,
                "regression": m.regression,
            }
            for m in diff.shown_metrics(every)
        ],
        "rates": [
            {
                "touchpoint": r.touchpoint,
                "kpi": r.kpi,
                "step": r.step,
                "label": r.label,
                "better": r.better,
                "old": _number(_estimate(r.old)),
                "new": _number(_estimate(r.new)),
                "old_n": r.old.n if r.old is not None and r.old.n else None,
                "new_n": r.new.n if r.new is not None and r.new.n else None,
                "delta": _number(r.difference.delta),
                "low": _number(r.difference.low),
                "high": _number(r.difference.high),
                "significant": r.difference.significant,
                "p_value": _number(r.difference.p_value),
                "test": r.difference.test or None,
                "note": r.difference.note or None,
                "regression": r.regression,
            }
            for r in diff.shown_rates(every)
        ],
        "summary": {"added": len(diff.added), "removed": len(diff.removed), "changed": len(diff.changed),
                    "significant_drops": len(diff.regressions),
                    "unchanged_metrics": len(diff.metrics) - len(diff.shown_metrics(every)),
                    "unchanged_rates": len(diff.rates) - len(diff.shown_rates(every))},
    }
    return to_json(document)
