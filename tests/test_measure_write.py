"""`jmap measure --write` records reach and step conversions (KPIs with their counts) in the map,
through the importer's writer: comments stay, the map still validates, the numbers are the measured ones."""

import pytest

pytest.importorskip("duckdb")

from journeymap.checks.validation import validate_bytes  # noqa: E402
import measure_reference as ref  # noqa: E402
from helpers.measure import run  # noqa: E402
from helpers.measure import random_rows, write_csv  # noqa: E402

COMMENTED = "# the shop, as designed\n" + ref.MAP.replace(
    "      - {id: cart, name: Cart,",
    "      # the cart page and the mini cart\n      - {id: cart, name: Cart, kpis: {conversion_to_checkout: {value: 0.2, target: 0.5}},")


@pytest.mark.parametrize("per", ["session", "user"])
def test_write_records_the_measured_numbers_and_keeps_comments(tmp_path, per):
    (tmp_path / "m.jmap.yaml").write_text(COMMENTED)
    rows = random_rows(7)
    write_csv(tmp_path / "events.csv", rows)
    result = run(tmp_path / "events.csv", tmp_path / "m.jmap.yaml", "--write", "--per", per, "-f", "json")
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "m.jmap.yaml").read_text()
    assert "# the shop, as designed" in text and "# the cart page and the mini cart" in text
    checked = validate_bytes(text.encode(), "m.jmap.yaml")
    assert not [d for d in checked.diagnostics if d.severity.label == "error"]
    expected = ref.measure(rows)[0]["all"]
    touchpoints = {tp.id: tp for _s, _t, _stage, tp in checked.map.touchpoints()}
    for tp_id, sessions in expected["touchpoints"].items():
        wanted = sessions if per == "session" else len(expected["tp_users"][tp_id])
        assert touchpoints[tp_id].reach == wanted
    for (a, b), reached in expected["reached"].items():
        kpi = touchpoints[a].kpis["conversion_to_" + b]
        assert (kpi.successes, kpi.n, kpi.value) == (expected["steps"][(a, b)], reached, expected["steps"][(a, b)] / reached)
    assert touchpoints["cart"].kpis["conversion_to_checkout"].target == 0.5  # the target typed by hand stays
    assert checked.map.measured.per == per and checked.map.measured.source.endswith("events.csv")
    assert checked.map.measured.sessions == expected["sessions"]
    # the most frequent undeclared transitions, with the sessions at their start (ties by ids)
    ranked = sorted(expected["undeclared"].items(), key=lambda item: (-item[1], item[0]))[:10]
    assert [(*t.ends, t.sessions, t.reached) for t in checked.map.measured.undeclared] == \
        [(a, b, n, expected["touchpoints"][a]) for (a, b), n in ranked]
    assert len(checked.map.measured.undeclared) >= 2  # the random paths leave the map: the test has something to check


def test_write_keeps_top_undeclared_and_a_new_measurement_replaces_them(tmp_path):
    (tmp_path / "m.jmap.yaml").write_text(ref.MAP)
    rows = random_rows(7)
    write_csv(tmp_path / "events.csv", rows)
    assert run(tmp_path / "events.csv", tmp_path / "m.jmap.yaml", "--write", "--top", "2").exit_code == 0
    first = validate_bytes((tmp_path / "m.jmap.yaml").read_bytes(), "m.jmap.yaml").map.measured.undeclared
    assert len(first) == 2
    only_home = [row for row in rows if row["event"] in ("view_home", "add_to_cart")]  # home <-> cart only
    write_csv(tmp_path / "events.csv", only_home)
    assert run(tmp_path / "events.csv", tmp_path / "m.jmap.yaml", "--write").exit_code == 0
    text = (tmp_path / "m.jmap.yaml").read_text()
    again = validate_bytes(text.encode(), "m.jmap.yaml").map.measured.undeclared
    expected = ref.measure(only_home)[0]["all"]["undeclared"]
    assert {t.ends: t.sessions for t in again} == dict(expected) and text.count("undeclared:") == 1
    write_csv(tmp_path / "events.csv", [row for row in rows if row["event"] == "view_home"])  # no transitions at all
    assert run(tmp_path / "events.csv", tmp_path / "m.jmap.yaml", "--write").exit_code == 0
    assert "undeclared" not in (tmp_path / "m.jmap.yaml").read_text()


def test_write_to_leaves_the_map_alone(tmp_path):
    (tmp_path / "m.jmap.yaml").write_text(ref.MAP)
    write_csv(tmp_path / "events.csv", random_rows(8))
    result = run(tmp_path / "events.csv", tmp_path / "m.jmap.yaml", "--write-to", tmp_path / "new.jmap.yaml")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "m.jmap.yaml").read_text() == ref.MAP
    assert "conversion_to_product: {successes:" in (tmp_path / "new.jmap.yaml").read_text()
