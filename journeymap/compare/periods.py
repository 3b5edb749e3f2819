"""Which days a map's `period` covers, and whether two periods can be compared.

A period is a year (`2024`), a quarter (`2024-Q3`), a month (`2024-07`) or a range of days
(`2024-07-01..2024-09-30`, both ends included): see `records.PERIOD_PATTERN`.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Optional


def days(period: str) -> Optional[tuple[date, date]]:
    """(first day, last day) of a period; None when the text is no period (or an impossible date)."""
    try:
        if ".." in period:
            first, last = (date.fromisoformat(part) for part in period.split(".."))
            return (first, last) if first <= last else None
        if "-Q" in period:
            year, quarter = int(period[:4]), int(period[-1])
            return date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter)
        if len(period) == 7:
            year, month = int(period[:4]), int(period[5:])
            return date(year, month, 1), _month_end(year, month)
        return date(int(period), 1, 1), date(int(period), 12, 31)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def comparison_warning(old: Optional[str], new: Optional[str]) -> Optional[str]:
    """Why comparing the two periods' numbers may mislead; None when they are distinct and in order."""
    if old is None or new is None:
        missing = " and ".join(side for side, period in (("old", old), ("new", new)) if period is None)
        return f"the {missing} map{'s do' if ' and ' in missing else ' does'} not say which period its numbers cover"
    if old == new:
        return f"both maps cover {old}: the same period's answers, not a change over time"
    a, b = days(old), days(new)
    if a is None or b is None:
        return None
    if a[0] <= b[1] and b[0] <= a[1]:
        return f"{old} and {new} overlap: answers in both periods count on both sides"
    if b[1] < a[0]:
        return f"{new} comes before {old}: the change reads backwards"
    return None
