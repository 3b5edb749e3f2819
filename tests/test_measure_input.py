"""Any event file: every row is measured or counted as bad (exactly once), and nothing raises."""

import csv

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

pytest.importorskip("duckdb")

from journeymap.checks.validation import validate_bytes  # noqa: E402
from journeymap.measure.duck import DuckEngine  # noqa: E402
from journeymap.measure.plan import MeasureError, Options, plan_for  # noqa: E402
from journeymap.measure.result import read_rows  # noqa: E402
from helpers.measure import NO_WHERE_MAP  # noqa: E402

PLAN = plan_for(validate_bytes(NO_WHERE_MAP.encode(), "m.jmap.yaml").map)
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=8)
TIMES = st.one_of(st.just("2024-01-01T10:00:00Z"), st.just("2024-02-29 23:59:59+02:00"), st.just(""),
                  st.integers(0, 2_000_000_000_000_000).map(str), st.floats(0, 2e9).map(str), TEXT)
ROWS = st.lists(st.tuples(st.sampled_from(["s1", "s2", "", " "]), st.sampled_from(["u1", "u2", ""]),
                          st.one_of(st.sampled_from(["view_home", "add_to_cart", ""]), TEXT), TIMES),
                min_size=1, max_size=25)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=ROWS)
def test_every_row_is_measured_or_counted_as_bad_once(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("events") / "e.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["session_id", "user_id", "event", "timestamp"])
        writer.writerows(rows)
    try:
        engine = DuckEngine([str(path)])
        bad = engine.bad_rows(PLAN, Options())
        measurement = read_rows(PLAN, engine.measure(PLAN, Options()), 90)
    except MeasureError as problem:  # a file DuckDB cannot read is one line, never a traceback
        assert "\n" not in str(problem)
        return
    bad_total = sum({kind: count for kind, count, _row in bad}.values())
    assert bad_total + measurement.events_in_period == len(rows)
    blank = [i + 1 for i, (session, user, event, _t) in enumerate(rows) if not user.strip()]
    empty_user = [row for kind, _count, row in bad if kind == "empty user id"]
    assert empty_user == [i for i in blank if rows[i - 1][0].strip()][:3]
