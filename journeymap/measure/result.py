"""From the aggregated table (any engine's, or a warehouse's read back) to figures with intervals."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Optional

from journeymap.measure.plan import STAGE, TOUCHPOINT, Plan
from journeymap.measure.query import ALL, RESULT_COLUMNS
from journeymap.scoring import metrics


@dataclass(frozen=True)
class Step:
    """A declared step A -> B: of the sessions that reached A, those in which B came after the first A."""

    source: str
    target: str
    reached: int
    converted: int

    @property
    def rate(self) -> Optional[float]:
        return self.converted / self.reached if self.reached else None

    @property
    def interval(self) -> tuple[float, float]:
        return metrics.wilson_interval(self.converted, self.reached)


@dataclass(frozen=True)
class Reach:
    id: str
    sessions: int
    users: int


@dataclass
class Figures:
    """Everything measured over one group of sessions: all of them, or one segment."""

    sessions: int = 0
    users: int = 0
    events: int = 0
    touchpoints: dict = field(default_factory=dict)  # id -> Reach
    stages: dict = field(default_factory=dict)  # id -> Reach
    steps: dict = field(default_factory=dict)  # (from, to) -> Step
    stage_steps: dict = field(default_factory=dict)  # (from, to) -> Step
    undeclared: dict = field(default_factory=dict)  # (from, to) -> sessions
    pathed: int = 0  # sessions whose path has a touchpoint
    conforming: int = 0  # of those, sessions with no undeclared transition
    value: Optional[float] = None

    @property
    def conformance(self) -> Optional[float]:
        return self.conforming / self.pathed if self.pathed else None

    def ranked_undeclared(self) -> list[tuple]:
        """(from, to, sessions) of each undeclared transition, most frequent first (ties by ids)."""
        return sorted(((a, b, n) for (a, b), n in self.undeclared.items()), key=lambda t: (-t[2], t[0], t[1]))


@dataclass(frozen=True)
class Cohort:
    cohort: str
    users: int
    repeated: int

    @property
    def rate(self) -> Optional[float]:
        return self.repeated / self.users if self.users else None

    @property
    def interval(self) -> tuple[float, float]:
        return metrics.wilson_interval(self.repeated, self.users)


@dataclass
class Retention:
    window_days: int
    cohorts: list  # Cohort, oldest first
    converting_users: int = 0
    repeat_users: int = 0  # at any time later, window or not
    median_days_to_repeat: Optional[float] = None


@dataclass
class Measurement:
    plan: Plan
    overall: Figures
    segments: dict  # (column, value) -> Figures
    unclaimed: list  # (event, events), most frequent first
    period_from: Optional[int] = None  # epoch µs
    period_to: Optional[int] = None
    events_in_period: int = 0
    retention: Optional[Retention] = None

    def difference(self, segment: Figures, step: tuple, level: str = TOUCHPOINT) -> metrics.Difference:
        """The segment's rate on a step against the rest of the sessions: `jmap diff`'s two-proportion test."""
        steps = "steps" if level == TOUCHPOINT else "stage_steps"
        mine = getattr(segment, steps).get(step) or Step(*step, 0, 0)
        everyone = getattr(self.overall, steps).get(step) or Step(*step, 0, 0)
        rest = Step(*step, everyone.reached - mine.reached, everyone.converted - mine.converted)
        return metrics.proportion_difference(_estimate(rest), _estimate(mine))


def _estimate(step: Step) -> metrics.Estimate:
    low, high = step.interval
    return metrics.Estimate("rate", step.rate, low, high, step.reached)


def day(epoch_us: Optional[int]) -> Optional[str]:
    if epoch_us is None:
        return None
    return datetime.fromtimestamp(epoch_us / 1e6, tz=timezone.utc).strftime("%Y-%m-%d")


def _whole(value) -> int:
    return 0 if value is None or (isinstance(value, float) and math.isnan(value)) else int(round(float(value)))


def read_result_csv(path: str) -> list[dict]:
    """A saved result table (the `--sql` query's output, as CSV) as rows for read_rows."""
    import csv

    from journeymap.measure.plan import MeasureError

    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = {name.strip().lower(): name for name in reader.fieldnames or []}
            missing = [name for name in RESULT_COLUMNS if name not in header]
            if missing:
                raise MeasureError(f"{path}: not a jmap measure result: no column {missing[0]!r} "
                                   f"(expected {', '.join(RESULT_COLUMNS)})")
            rows = []
            for number, line in enumerate(reader, start=2):
                row = {name: line[header[name]] for name in RESULT_COLUMNS}
                try:
                    for name in ("n1", "n2", "x"):
                        row[name] = float(row[name]) if row[name] not in ("", None) else None
                except ValueError:
                    raise MeasureError(f"{path}:{number}: {name} is not a number: {row[name]!r}") from None
                rows.append(row)
            return rows
    except OSError as error:
        raise MeasureError(f"{path}: cannot read ({error.strerror or error})") from None
    except UnicodeDecodeError:
        raise MeasureError(f"{path}: not UTF-8 text") from None


def read_rows(plan: Plan, rows, window_days: int) -> Measurement:
    """The aggregated table (RESULT_COLUMNS, in any order of rows) as a Measurement."""
    overall, segments, unclaimed = Figures(), {}, []
    measurement = Measurement(plan, overall, segments, unclaimed)
    cohorts, retention = [], None

    def figures(column: str, value: str) -> Figures:
        if column == ALL:
            return overall
        return segments.setdefault((column, value), Figures())

    for row in rows:
        kind, level, column, value, a, b, n1, n2, x = (row[name] for name in RESULT_COLUMNS) if isinstance(row, dict) else row
        column, value, a, b = column or "", value or "", a or "", b or ""
        if kind == "sessions":
            f = figures(column, value)
            f.sessions, f.users, f.events = _whole(n1), _whole(n2), _whole(x)
        elif kind == "period":
            measurement.period_from = None if n1 is None else _whole(n1)
            measurement.period_to = None if n2 is None else _whole(n2)
            measurement.events_in_period = _whole(x)
        elif kind == "unclaimed":
            unclaimed.append((a, _whole(n1)))
        elif kind == "node":
            target = figures(column, value).touchpoints if level == TOUCHPOINT else figures(column, value).stages
            target[a] = Reach(a, _whole(n1), _whole(n2))
        elif kind == "step":
            f = figures(column, value)
            (f.steps if level == TOUCHPOINT else f.stage_steps)[(a, b)] = Step(a, b, _whole(n1), _whole(n2))
        elif kind == "undeclared":
            figures(column, value).undeclared[(a, b)] = _whole(n1)
        elif kind == "conformance":
            f = figures(column, value)
            f.pathed, f.conforming = _whole(n1), _whole(n2)
        elif kind == "value":
            figures(column, value).value = float(x or 0.0)
        elif kind == "cohort":
            cohorts.append(Cohort(a, _whole(n1), _whole(n2)))
        elif kind == "converting":
            retention = Retention(window_days, [], _whole(n1), _whole(n2),
                                  None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x))
    unclaimed.sort(key=lambda item: (-item[1], item[0]))
    if plan.conversions:
        retention = retention or Retention(window_days, [])
        retention.cohorts = sorted(cohorts, key=lambda c: c.cohort)
        measurement.retention = retention
    measurement.segments = dict(sorted(segments.items()))
    return measurement


__all__ = ["Step", "Reach", "Figures", "Cohort", "Retention", "Measurement", "read_rows", "day", "STAGE"]
