"""What every report format shares: the fields of a fix-first row, and how numbers are shown."""

from __future__ import annotations

from journeymap.gaps import NO_OWNER, GapReport, by_owner, ranked
from journeymap.outputs import numbers

PRIORITY_FORMULA = ("customers affected = reach × shortfall, the share of its customers who would need a better "
                    "experience: CSAT and rates target − value; NPS (target − value) ÷ 200; CES (target − value) ÷ "
                    "(scale max − min); ranked by customers affected")
SIGNIFICANCE_NOTE = ("significant: yes = the whole 95 % interval misses the target · no = only the point "
                     f"estimate does · {numbers.MISSING} = no interval (a value without counts, or a KPI given as a "
                     "plain value)")

# The keys of one fix-first entry, in order (JSON and CSV); the JSON contract.
FIX_FIRST_FIELDS = ("rank", "touchpoint", "stage", "metric", "value", "target", "gap", "shortfall", "reach",
                    "reach_assumed", "affected", "affected_low", "affected_high", "money", "money_low",
                    "money_high", "significant", "owner", "better", "low", "high", "n", "low_sample")

# Display columns: key, heading; the narrow-terminal order of importance lives in table.py.
COLUMNS = (
    ("rank", "#"), ("touchpoint", "touchpoint"), ("stage", "stage"), ("metric", "metric"),
    ("value", "value"), ("target", "target"), ("gap", "gap"), ("shortfall", "shortfall"), ("reach", "reach"),
    ("affected", "affected"), ("affected_range", "95 % range"), ("money", "at stake"),
    ("significant", "significant"), ("owner", "owner"),
)

def columns(rows) -> tuple:
    """The display columns for these rows: money only when the map declares a value per customer."""
    if any(gap.money is not None for _rank, gap in rows):
        return COLUMNS
    return tuple(column for column in COLUMNS if column[0] != "money")


def people(count) -> str:
    """A number of customers: whole, with thousands separators (never split: one cell, one token)."""
    return numbers.MISSING if count is None else numbers.count(round(count))


def significance(flag) -> str:
    return numbers.MISSING if flag is None else ("yes" if flag else "no")


def record(rank: int, gap) -> dict:
    """One fix-first entry with every number at full meaningful precision (JSON, CSV)."""
    return {key: numbers.machine(value) for key, value in _record(rank, gap).items()}


def _record(rank: int, gap) -> dict:
    return {"rank": rank, "touchpoint": gap.touchpoint, "stage": gap.stage, "metric": gap.metric,
            "value": gap.value, "target": gap.target, "gap": gap.gap, "shortfall": gap.shortfall,
            "reach": gap.reach, "reach_assumed": gap.reach_assumed, "affected": gap.affected,
            "affected_low": gap.affected_low, "affected_high": gap.affected_high, "money": gap.money,
            "money_low": gap.money_low, "money_high": gap.money_high, "significant": gap.significant,
            "owner": gap.owner, "better": gap.better, "low": gap.low, "high": gap.high, "n": gap.n,
            "low_sample": gap.low_sample}


def cells(rank: int, gap, currency: str | None = None) -> dict:
    """One fix-first row as the human formats show it (user text still raw: each format escapes it)."""
    show = lambda v: numbers.gap_value(gap.metric, gap.kind, v)  # noqa: E731
    span = (numbers.MISSING if gap.affected_low is None
            else f"{people(gap.affected_low)}–{people(gap.affected_high)}")
    money = numbers.MISSING if gap.money is None else f"{gap.money:,.0f}" + (f" {currency}" if currency else "")
    return {"rank": str(rank), "touchpoint": gap.touchpoint, "stage": gap.stage, "metric": gap.metric,
            "value": show(gap.value) + ("*" if gap.low_sample else ""), "target": show(gap.target),
            "gap": numbers.gap_size(gap.metric, gap.kind, gap.gap),
            "shortfall": "not a rate" if gap.shortfall is None else numbers.percent(gap.shortfall),
            "reach": people(gap.reach) + ("~" if gap.reach_assumed else ""),
            "affected": people(gap.affected), "affected_range": span, "money": money,
            "significant": significance(gap.significant), "owner": gap.owner or NO_OWNER}


def row_notes(rows) -> list[str]:
    """Footnotes for the marks the rows use, so a mark is never left unexplained."""
    notes = []
    if any(gap.low_sample for _rank, gap in rows):
        notes.append("* rests on fewer responses than the low-sample threshold")
    if any(gap.reach_assumed for _rank, gap in rows):
        notes.append("~ no reach given: the journey's audience (largest reach) × the shares of the personas served")
    if any(gap.shortfall is None for _rank, gap in rows):
        notes.append("not a rate: a KPI in other units counts no customers; listed after the counted rows")
    return notes


def groups(report: GapReport, top: int, by: str | None) -> list[tuple[str | None, list]]:
    """The fix-first rows to show: one unnamed group, or one per owner with `--by owner`."""
    if by == "owner":
        return by_owner(report.gaps, top)
    return [(None, ranked(report.gaps, top))]


def scope(report: GapReport) -> str:
    parts = [f"{kind} {value}" for kind, value in (("persona", report.persona), ("stage", report.stage)) if value]
    return ", ".join(parts)


def header_line(report: GapReport) -> str:
    """The experience score of the report's scope, with its 95 % interval when there is one."""
    found = report.summary
    whose = "" if found.scope == "journey" else f" of {found.scope} {found.id}"
    e = found.experience
    if e is None:
        return f"Experience{whose}: no score ({found.no_interval})"
    if e.low is None:
        return f"Experience{whose}: {numbers.experience(e.score)}/100, no interval ({found.no_interval})"
    return (f"Experience{whose}: {numbers.experience(e.score)}/100 "
            f"(95 % interval {numbers.experience(e.low)}–{numbers.experience(e.high)})")


def summary_line(report: GapReport) -> str:
    """What stands behind the score, the gaps and the filter in one line."""
    found, n = report.summary, len(report.gaps)
    line = (f"{found.evidence[:1].upper()}{found.evidence[1:]}"
            f" · {numbers.plural(n, 'gap')} under target, {numbers.count(report.significant_gaps)} significant")
    return line + (f" · filter: {scope(report)}" if scope(report) else "")


def shown_line(report: GapReport, shown: list) -> str:
    if len(shown) == len(report.gaps):
        return f"showing all {len(shown)}"
    return f"showing {len(shown)} of {len(report.gaps)} (--top 0 lists all)"


def lists(report: GapReport) -> list[tuple[str, list[tuple[str, list[tuple[str, tuple]]]]]]:
    """The open lists in three groups: [(group, [(title, [(template, user values)])])].

    Each format escapes the user values its own way and fills them into the template with
    str.format (see `fill`), so only user text is ever escaped and no format re-words a line.
    """
    cov, flow = report.coverage, report.flow
    threshold = report.low_sample_threshold
    coverage_holes = [
        ("Stages with no touchpoint", [("{}", (s,)) for s in cov.empty_stages]),
        ("Personas with no touchpoint in a stage", [("{} in {}", (p, s)) for s, p in cov.persona_holes]),
        ("Omnichannel holes", [("{} missing in {} (used before and after it)", (c, s))
                               for s, c in cov.channel_holes]),
    ]
    open_items = [
        ("Pains with no opportunity", [("{}: {}", (tp, pain)) for tp, pain in report.pains_without_opportunity]),
        ("Touchpoints with no owner", [("{}", (tp,)) for tp in report.unowned]),
        ("Low-sample scores", [(f"{{}} {low.metric.upper()}: {numbers.plural(low.n, 'response')} "
                                f"(fewer than {numbers.count(threshold)})",
                                (low.touchpoint,)) for low in report.low_samples]),
    ]
    flow_problems = [
        ("Backward jumps", [("{} ({}) → {} ({})", (j.touchpoint, j.stage, j.target, j.target_stage))
                            for j in flow.backward_jumps]),
        ("Unreachable through next", [("{}", (tp,)) for tp in flow.unreachable]),
        ("Dead ends before the last stage", [("{}", (tp,)) for tp in flow.dead_ends]),
        ("Largest emotion drops", [_drop(d) for d in flow.emotion_drops]),
        ("Largest experience-score drops", [_drop(d) for d in flow.experience_drops]),
    ]
    if not flow.uses_next:
        flow_problems[1:3] = [(title, []) for title, _items in flow_problems[1:3]]
    return [("Coverage holes", coverage_holes), ("Open items", open_items), ("Flow", flow_problems)]


def empty_text(report: GapReport, title: str) -> str:
    """What an empty list says: "none", or why it cannot say more."""
    if not report.flow.uses_next and title in ("Unreachable through next", "Dead ends before the last stage"):
        return "not checked (the map has no next links)"
    return "none"


def fill(item: tuple[str, tuple], escape) -> str:
    template, values = item
    return template.format(*(escape(v) for v in values))


def _drop(d) -> tuple[str, tuple]:
    if d.kind == "emotion":
        before, after, drop = numbers.emotion(d.before), numbers.emotion(d.after), numbers.emotion(d.drop, signed=False)
    else:
        before, after, drop = (numbers.experience(v) for v in (d.before, d.after, d.drop))
    return f"{{}} → {{}}: {before} → {after}, down {drop}", (d.source, d.target)
