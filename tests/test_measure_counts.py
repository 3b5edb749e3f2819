"""Every count of `jmap measure` equals the one computed the plain way (measure_reference.py)."""

import random

import pytest

pytest.importorskip("duckdb")

from journeymap.checks.validation import validate_bytes  # noqa: E402
from journeymap.measure.duck import DuckEngine  # noqa: E402
from journeymap.measure.plan import Columns, Options, plan_for  # noqa: E402
from journeymap.measure.result import read_rows  # noqa: E402
import measure_reference as ref  # noqa: E402
from helpers.measure import random_rows, write_csv  # noqa: E402

def engine_measure(path, by=(), session=True):
    plan = plan_for(validate_bytes(ref.MAP.encode(), "m.jmap.yaml").map)
    columns = Columns(session="session_id" if session else "no_such_column", by=tuple(by))
    options = Options(columns=columns)
    return read_rows(plan, DuckEngine([str(path)]).measure(plan, options), 90)


def assert_same(figures, expected):
    assert figures.sessions == expected["sessions"]
    assert figures.users == len(expected["users"])
    assert figures.events == expected["events"]
    assert {t: r.sessions for t, r in figures.touchpoints.items()} == dict(expected["touchpoints"])
    assert {t: r.users for t, r in figures.touchpoints.items()} == {t: len(u) for t, u in expected["tp_users"].items()}
    assert {s: r.sessions for s, r in figures.stages.items()} == dict(expected["stages"])
    assert {k: (s.reached, s.converted) for k, s in figures.steps.items()} == {
        k: (n, expected["steps"][k]) for k, n in expected["reached"].items()}
    assert {k: (s.reached, s.converted) for k, s in figures.stage_steps.items()} == {
        k: (n, expected["stage_steps"][k]) for k, n in expected["stage_reached"].items()}
    assert figures.undeclared == dict(expected["undeclared"])
    assert (figures.pathed, figures.conforming) == (expected["pathed"], expected["conforming"])


@pytest.mark.parametrize("seed", range(4))
def test_every_count_matches_the_plain_computation(tmp_path, seed):
    rows = random_rows(seed)
    write_csv(tmp_path / "events.csv", rows)
    measurement = engine_measure(tmp_path / "events.csv", by=["device"])
    expected, unclaimed = ref.measure(rows, by="device")
    assert_same(measurement.overall, expected["all"])
    assert dict(measurement.unclaimed) == dict(unclaimed)
    assert sorted(value for _c, value in measurement.segments) == sorted(k for k in expected if k != "all")
    for (_column, value), figures in measurement.segments.items():
        assert_same(figures, expected[value])


@pytest.mark.parametrize("seed", range(2))
def test_sessions_cut_at_thirty_minutes_without_a_session_column(tmp_path, seed):
    rows = random_rows(seed + 10)
    write_csv(tmp_path / "events.csv", rows)
    measurement = engine_measure(tmp_path / "events.csv", session=False)
    expected, _unclaimed = ref.measure(rows, gap_seconds=30 * 60)
    assert_same(measurement.overall, expected["all"])


def test_ties_in_time_follow_file_order(tmp_path):
    rows = [{"session_id": "s", "user_id": "u", "event": e, "ts": 100, "page": p, "device": "d"}
            for e, p in [("add_to_cart", "/"), ("view_home", "/"), ("page_view", "/p/1")]]
    write_csv(tmp_path / "events.csv", rows)
    measurement = engine_measure(tmp_path / "events.csv")
    # path: cart, home, product: home -> product declared, cart -> home is not
    assert measurement.overall.undeclared == {("cart", "home"): 1}
    assert (measurement.overall.steps[("home", "product")].converted,
            measurement.overall.steps[("cart", "checkout")].converted) == (1, 0)


def test_a_session_takes_its_segment_from_its_first_event_even_when_that_value_is_missing(tmp_path):
    rows = [{"session_id": "s", "user_id": "u", "event": "view_home", "ts": 100, "page": "/", "device": ""},
            {"session_id": "s", "user_id": "u", "event": "add_to_cart", "ts": 100, "page": "/", "device": "mobile"},
            {"session_id": "t", "user_id": "v", "event": "view_home", "ts": 50, "page": "/", "device": "tablet"}]
    write_csv(tmp_path / "events.csv", rows)
    measurement = engine_measure(tmp_path / "events.csv", by=["device"])
    assert {value: f.sessions for (_c, value), f in measurement.segments.items()} == {"(none)": 1, "tablet": 1}


def test_retention_cohorts_match_the_plain_computation(tmp_path):
    rng = random.Random(21)
    rows = []
    for user in range(120):
        for visit in range(rng.randrange(1, 5)):
            t = 1_704_067_200 + rng.randrange(0, 86_400 * 200)
            for event in rng.sample(["purchase", "view_home", "purchase", "scroll"], 2):
                t += 60
                rows.append({"session_id": f"s{user}-{visit}", "user_id": f"u{user}", "event": event, "ts": t,
                             "page": "/", "device": "d"})
    write_csv(tmp_path / "events.csv", rows)
    measurement = engine_measure(tmp_path / "events.csv")
    cohorts, median_days, converting = ref.retention(rows)
    got = measurement.retention
    assert {c.cohort: (c.users, c.repeated) for c in got.cohorts} == cohorts
    assert got.converting_users == converting
    assert got.median_days_to_repeat == pytest.approx(median_days, abs=1e-9)
    assert sum(users for users, _r in cohorts.values()) > 20 and any(r for _u, r in cohorts.values())
