"""How every number is shown, decided once for every output (the README's "How numbers are shown").

People read: CSAT as a percentage with one decimal (77.5% [70.1, 84.2]), NPS as a signed
integer (+32, -10, 0), CES with two decimals (4.53), the experience score (0-100) as an
integer, shares as percentages (12.5%), counts with thousands separators (1,200), emotion
signed with at most one decimal (+1, -0.7). A change is signed (CSAT in percentage points, +1.2 pp); a gap under target is a size (2.5 pp). Nothing is ever
shown as -0 or -0.0, and a missing value is always MISSING.

Machines read (JSON, CSV): fractions as they are computed (CSAT 0.775), to 12 significant
digits (every digit that means something, none of the float noise, so files stay
byte-identical across platforms); booleans as true/false; a missing value as null or an
empty cell. `csv_value` is the one CSV cell of every CSV output.
"""

from __future__ import annotations

from typing import Optional

from journeymap.base.textsafe import csv_cell

MISSING = "\u2013"  # – : no value, in every human format


def fixed(value: float, digits: int, signed: bool = False) -> str:
    """`value` to `digits` decimals, never repr (the bytes must not depend on float noise); a value
    that rounds to zero is plain 0 (no "-0.0", no "+0"). Also the coordinates of the drawings."""
    text = f"{value:.{digits}f}"
    if text.lstrip("-").strip("0.") == "":
        return text.lstrip("-")
    return "+" + text if signed and not text.startswith("-") else text


# ----------------------------------------------------------------------------- for people

def count(n: Optional[int]) -> str:
    """1,200 responses, 120,000 reach."""
    return MISSING if n is None else f"{n:,}"


def plural(n: int, word: str, words: Optional[str] = None) -> str:
    """`1 response`, `2 responses`, `1,200 responses`."""
    return f"{count(n)} {word if n == 1 else (words or word + 's')}"


def percent(fraction: Optional[float]) -> str:
    """A share or a CSAT: 0.775 is 77.5%."""
    return MISSING if fraction is None else fixed(100 * fraction, 1) + "%"


def whole_percent(fraction: Optional[float]) -> str:
    """A share on a drawing, where one decimal is noise at a glance: 0.123 is `12 %`."""
    return MISSING if fraction is None else fixed(100 * fraction, 0) + " %"


SHARES = ("csat", "rate")  # metrics that are proportions: CSAT, and a rate measured as successes of n


def metric_value(metric: str, value: Optional[float]) -> str:
    """A CSAT, NPS or CES value, or a measured rate (or its target, or an interval bound) as people read it."""
    if value is None:
        return MISSING
    if metric in SHARES:
        return percent(value)
    if metric == "nps":
        return fixed(value, 0, signed=True)
    return fixed(value, 2)


def metric_interval(metric: str, low: Optional[float], high: Optional[float]) -> str:
    """`[70.1, 84.2]` after a CSAT of 77.5% (the unit is the value's), `[-3, +18]`, `[5.31, 5.73]`;
    empty when there is no interval."""
    if low is None or high is None:
        return ""
    shown = [metric_value(metric, bound) for bound in (low, high)]
    return "[" + ", ".join(text.rstrip("%") for text in shown) + "]"


def metric_change(metric: str, delta: Optional[float], signed: bool = True) -> str:
    """A difference: CSAT and a rate in percentage points (+1.2 pp), NPS in points (+3), CES +0.12;
    unsigned for a size (how far under target)."""
    if delta is None:
        return MISSING
    if metric in SHARES:
        return fixed(100 * delta, 1, signed=signed) + " pp"
    return fixed(delta, 0 if metric == "nps" else 2, signed=signed)


def kpi_value(value: Optional[float]) -> str:
    """A KPI in its own units (a rate, a count, an amount): four significant digits (0.021, 12.5),
    whole units with separators from 1,000 on (12,346), no exponent."""
    if value is None:
        return MISSING
    if abs(value) >= 1000:
        return f"{round(value):,}"
    text = f"{value:.4g}"
    if "e" in text:  # under 0.0001: fixed decimals rather than an exponent
        text = f"{value:.6f}"
    return "0" if text.lstrip("-").strip("0.") == "" else text


def gap_value(metric: str, kind: str, value: Optional[float]) -> str:
    """A value, target or gap of a report row: satisfaction in its metric's units, a KPI in its own."""
    return metric_value(metric, value) if kind == "satisfaction" else kpi_value(value)


def gap_size(metric: str, kind: str, value: Optional[float]) -> str:
    """How far under target, in the metric's units: 2.5 pp, 40 (NPS points), 0.47, a KPI's 0.008."""
    return metric_change(metric, value, signed=False) if kind == "satisfaction" else kpi_value(value)


def experience(score: Optional[float], digits: int = 0) -> str:
    """The experience score, 0-100, as an integer (72): its interval is some ten points wide.
    One decimal (`digits=1`) only where it is compared with a threshold (`--fail-under`)."""
    return MISSING if score is None else fixed(score, digits)


def experience_interval(low: Optional[float], high: Optional[float]) -> str:
    return "" if low is None or high is None else f"[{experience(low)}, {experience(high)}]"


def percent_interval(low: Optional[float], high: Optional[float]) -> str:
    """The interval of a share, after the share itself (45.0% [40.2, 49.9]); empty without one."""
    return metric_interval("csat", low, high)


def emotion(value: float, signed: bool = True) -> str:
    """-2 … +2, signed, at most one decimal: +1, -0.7, 0 (unsigned for a size, such as a drop of 1.5)."""
    text = fixed(value, 1, signed=signed)
    return text[:-2] if text.endswith(".0") else text


def ratio(value: float, digits: int = 3) -> str:
    """A unitless fraction of the report (normalised gap 0.289, priority 0.0447): fixed decimals."""
    return fixed(value, digits)


def p_value(p: Optional[float]) -> str:
    if p is None:
        return MISSING
    return "<0.0001" if p < 0.0001 else f"{p:.4f}"


# ----------------------------------------------------------------------------- for machines

def machine(value):
    """A number for JSON and CSV: 12 significant digits, never -0.0; other values unchanged."""
    if isinstance(value, float):
        value = float(f"{value:.12g}")
        return 0.0 if value == 0 else value
    return value


def machine_all(document):
    """`machine` applied to every number of a JSON document (dicts, lists, tuples)."""
    if isinstance(document, dict):
        return {key: machine_all(value) for key, value in document.items()}
    if isinstance(document, (list, tuple)):
        return [machine_all(value) for value in document]
    return machine(document)


def csv_value(value) -> str:
    """The one CSV cell: empty for nothing, true/false, numbers as numbers (-9.5 stays a number),
    user text neutralised so that a spreadsheet never runs it as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return csv_cell(value)
    if isinstance(value, float):
        return repr(machine(value))
    return str(value)
