"""A MapDiff as text: a terminal table, GitHub Markdown, or JSON for scripts. Text only, no decisions."""

from __future__ import annotations

from journeymap.base.textsafe import inert, to_json
from journeymap.outputs import numbers
from journeymap.outputs.markdown import code_span, escape
from journeymap.outputs.registry import View

_LABELS = {"csat": "CSAT", "nps": "NPS", "ces": "CES"}


# -- numbers -----------------------------------------------------------------


def _interval(metric: str, d) -> str:
    """The 95 % interval of a change, each bound signed in the change's units."""
    if d.low is None or d.high is None:
        return numbers.MISSING
    return f"[{numbers.metric_change(metric, d.low)}, {numbers.metric_change(metric, d.high)}]"


def _verdict(change) -> str:
    d = change.difference
    if d.significant is None:
        return d.note or "no test"
    if not d.significant:
        return "not significant"
    return "significant drop" if change.regression else "significant rise"


def _estimate(e):
    return None if e is None else e.value


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
    old_label, new_label = view.labels
    out = [f"jmap diff {inert(old_label)} -> {inert(new_label)}", ""]
    for title, items in (("Added", diff.added), ("Removed", diff.removed)):
        out.append(f"{title}: " + (", ".join(f"{i.kind} {inert(i.id)}" for i in items) or "nothing"))
    out.append("")
    if diff.changed:
        out.append("Changed:")
        rows = [[c.kind, inert(c.id), inert(_item_text(c, _show))] for c in diff.changed]
        out += ["  " + line for line in _columns(rows)]
    else:
        out.append("Changed: nothing")
    out.append("")
    if diff.metrics:
        out.append("Metrics (change = new - old, 95 % interval of the change):")
        rows = [["touchpoint", "metric", "old", "new", "change", "95 % interval", "p", "verdict"]]
        for m in diff.metrics:
            d = m.difference
            rows.append([inert(m.touchpoint), _LABELS[m.metric], numbers.metric_value(m.metric, _estimate(m.old)),
                         numbers.metric_value(m.metric, _estimate(m.new)), numbers.metric_change(m.metric, d.delta),
                         _interval(m.metric, d), numbers.p_value(d.p_value), _verdict(m)])
        out += ["  " + line for line in _columns(rows)]
    else:
        out.append("Metrics: none to compare")
    out += ["", _summary(diff)]
    return "\n".join(out) + "\n"


def _summary(diff) -> str:
    return (f"{numbers.count(len(diff.added))} added, {numbers.count(len(diff.removed))} removed, "
            f"{numbers.count(len(diff.changed))} changed, {numbers.plural(len(diff.regressions), 'significant drop')}")


# -- markdown ----------------------------------------------------------------


def as_markdown(diff, view: View = View()) -> str:
    old_label, new_label = view.labels
    out = [f"## Journey map diff: {escape(old_label)} → {escape(new_label)}", "", _summary(diff), ""]
    for title, items in (("Added", diff.added), ("Removed", diff.removed)):
        out += [f"### {title}", ""]
        out += [f"- {i.kind} {code_span(i.id)}" for i in items] or ["Nothing."]
        out.append("")
    out += ["### Changed", ""]
    out += [f"- {c.kind} {code_span(c.id)}: {escape(_item_text(c, _show))}" for c in diff.changed] or ["Nothing."]
    out += ["", "### Metrics", ""]
    if diff.metrics:
        out += ["| touchpoint | metric | old | new | change | 95 % interval | p | verdict |",
                "|---|---|---:|---:|---:|---|---:|---|"]
        for m in diff.metrics:
            d = m.difference
            verdict = escape(_verdict(m))
            if m.regression:
                verdict = f"**{verdict}**"
            out.append(f"| {code_span(m.touchpoint, in_table=True)} | {_LABELS[m.metric]} | {escape(numbers.metric_value(m.metric, _estimate(m.old)))} "
                       f"| {escape(numbers.metric_value(m.metric, _estimate(m.new)))} | {escape(numbers.metric_change(m.metric, d.delta))} "
                       f"| {escape(_interval(m.metric, d))} | {escape(numbers.p_value(d.p_value))} | {verdict} |")
    else:
        out.append("None to compare.")
    return "\n".join(out) + "\n"


# -- json --------------------------------------------------------------------


_number = numbers.machine


def as_json(diff, view: View = View()) -> str:
    document = {
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
            for m in diff.metrics
        ],
        "summary": {"added": len(diff.added), "removed": len(diff.removed), "changed": len(diff.changed),
                    "significant_drops": len(diff.regressions)},
    }
    return to_json(document)
