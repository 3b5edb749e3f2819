"""`jmap import`: counts land in the map, everything else in the file stays byte for byte, bad rows are named."""

import json
import textwrap
from datetime import date

import pytest
from typer.testing import CliRunner

from journeymap.cli import app
from journeymap.importing.importer import Columns, Window, tally
from journeymap.checks.validation import validate_bytes

from helpers import ROOT, SAMPLE

GOLDEN = ROOT / "tests" / "golden" / "import"
runner = CliRunner()


def jmap_import(*args):
    return runner.invoke(app, ["import", *map(str, args)])


@pytest.fixture
def map_copy(tmp_path):
    path = tmp_path / "store.jmap.yaml"
    path.write_bytes(SAMPLE.read_bytes())
    return path


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def metric_of(text: str, touchpoint: str, metric: str) -> dict:
    import yaml

    for stage in yaml.safe_load(text)["stages"]:
        for tp in stage.get("touchpoints") or []:
            if tp["id"] == touchpoint:
                return tp["satisfaction"][metric]
    raise KeyError(touchpoint)


def test_round_trip_matches_golden_and_keeps_every_other_line(map_copy, golden):
    result = jmap_import(GOLDEN / "responses.csv", map_copy)
    assert result.exit_code == 0, result.output
    after = map_copy.read_text()
    golden("import/online-store.after.jmap.yaml", after)
    before = SAMPLE.read_text().splitlines()
    # counts checked by hand from responses.csv: instagram-ad got a 5, a 4 and a 1, ...
    assert metric_of(after, "instagram-ad", "csat") == {  # the file's rows name a persona: split too
        "counts": [5, 6, 20, 51, 41], "personas": {"new-visitor": {"counts": [1, 0, 0, 1, 1]}}}
    tracking = metric_of(after, "delivery-tracking", "nps")  # 10, 7 and 0 added to the groups
    assert (tracking["promoters"], tracking["passives"], tracking["detractors"]) == (61, 71, 81)
    assert "nps: {counts: [5, 3, 4, 6, 8, 10, 14, 30, 40, 51, 60]}" in after  # no persona there: a flow line
    assert "        satisfaction:\n          csat: {counts: [0, 1, 0, 0, 0]}\n          ces:\n" in after
    for line in before:  # every comment and blank line survives
        if line.strip().startswith("#") or not line.strip():
            assert line in after.splitlines()
    assert "9 responses from 9 rows into 4 touchpoints" in result.stderr


COMMENTED = """\
    # top comment
    jmap: 1
    journey: {id: j, title: T}   # trailing

    channels: [web]
    stages:
      - id: s
        name: S
        touchpoints:
          # the only touchpoint
          - id: t
            name: "T quoted"
            channel: web
            owner: o
            satisfaction:
              # counts from last quarter
              csat:
                counts: [1, 2, 3, 4, 5]   # Q2
              ces: {value: 4.2, n: 50}

            pains: ['single quoted']
"""


def test_comments_inside_changed_blocks_survive(tmp_path):
    path = write(tmp_path, "c.jmap.yaml", COMMENTED)
    responses = write(tmp_path, "r.csv", "touchpoint,metric,answer\nt,csat,5\nt,csat,5\n")
    assert jmap_import(responses, path).exit_code == 0
    expected = textwrap.dedent(COMMENTED).replace("counts: [1, 2, 3, 4, 5]", "counts: [1, 2, 3, 4, 7]")
    assert path.read_text() == expected


def test_adding_to_a_value_needs_replace(tmp_path):
    path = write(tmp_path, "c.jmap.yaml", COMMENTED)
    responses = write(tmp_path, "r.csv", "touchpoint,metric,answer\nt,ces,7\nt,ces,6\nt,ces,6\n")
    result = jmap_import(responses, path)
    assert isinstance(result.exception, Exception) and "t.ces" in str(result.exception)
    assert "--replace" in str(result.exception)
    assert path.read_text() == textwrap.dedent(COMMENTED)
    assert jmap_import(responses, path, "--replace").exit_code == 0
    assert "ces: {counts: [0, 0, 0, 0, 0, 2, 1]}" in path.read_text()
    assert "4.2" not in path.read_text()


def test_replace_sets_counts(map_copy):
    assert jmap_import(GOLDEN / "responses.csv", map_copy, "--replace").exit_code == 0
    text = map_copy.read_text()
    assert metric_of(text, "instagram-ad", "csat")["counts"] == [1, 0, 0, 1, 1]  # only the file's three answers
    assert metric_of(text, "delivery-tracking", "nps") == {  # groups replaced by counts
        "counts": [1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1],
        "personas": {"new-visitor": {"counts": [1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]},
                     "returning": {"counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]}}}


BAD = """\
touchpoint,metric,answer,date,persona
checkout,csat,5,2024-07-01,returning
nowhere,csat,5,2024-07-01,returning
checkout,cast,5,2024-07-01,returning
checkout,csat,4.5,2024-07-01,returning
checkout,nps,11,2024-07-01,returning
checkout,csat,,2024-07-01,returning
checkout,csat,3,2024-02-30,returning
checkout,csat,3,2024-07-01,nobody
checkout,csat
checkout,ces,7,2024-07-01,
"""

EXPECTED_BAD = {
    "unknown touchpoint": (3, "unknown touchpoint 'nowhere'"),
    "unknown metric": (4, "unknown metric 'cast' (csat, nps or ces)"),
    "answer not a whole number": (5, "CSAT answer '4.5' is not a whole number"),
    "answer off the scale": (6, "NPS answer 11 is off the scale 0-10"),
    "empty cell": (7, "empty answer cell"),
    "bad date": (8, "date '2024-02-30' is not an ISO 8601 date (YYYY-MM-DD)"),
    "unknown persona": (9, "unknown persona 'nobody'"),
    "missing cells": (10, "fewer cells than the header's columns"),
}


@pytest.mark.parametrize("kind", sorted(EXPECTED_BAD))
def test_each_kind_of_bad_row_is_reported_with_its_row_number(tmp_path, map_copy, kind):
    responses = write(tmp_path, "bad.csv", BAD)
    result = jmap_import(responses, map_copy)
    row, message = EXPECTED_BAD[kind]
    assert f"{responses}:{row}: {kind}: {message}\n" in result.stderr
    assert f"rejected 1 row: {kind}\n" in result.stderr
    assert result.exit_code == 1
    assert map_copy.read_bytes() == SAMPLE.read_bytes()  # nothing written


def test_bad_rows_core_counts_and_allow_bad_rows(tmp_path, map_copy):
    responses = write(tmp_path, "bad.csv", BAD)
    journey_map = validate_bytes(SAMPLE.read_bytes(), "m").map
    counted = tally(str(responses), journey_map)
    assert (counted.rows, counted.responses, counted.rejected_rows) == (10, 2, 8)
    assert counted.counts == {("checkout", "csat"): [0, 0, 0, 0, 1], ("checkout", "ces"): [0, 0, 0, 0, 0, 0, 1]}
    result = jmap_import(responses, map_copy, "--allow-bad-rows")
    assert result.exit_code == 0
    assert metric_of(map_copy.read_text(), "checkout", "csat")["counts"] == [30, 40, 60, 120, 91]


def test_bad_row_count_beyond_examples(tmp_path, map_copy):
    rows = "".join(f"ghost-{i},csat,5\n" for i in range(25))
    responses = write(tmp_path, "many.csv", "touchpoint,metric,answer\n" + rows)
    result = jmap_import(responses, map_copy)
    assert result.stderr.count(": unknown touchpoint: ") == 20
    assert f"{responses}:21: unknown touchpoint: unknown touchpoint 'ghost-19'" in result.stderr
    assert "... and 5 more rows: unknown touchpoint" in result.stderr
    assert "rejected 25 rows: unknown touchpoint" in result.stderr


def test_date_window_and_count_column(tmp_path, map_copy):
    responses = write(tmp_path, "agg.csv", """\
        touchpoint,metric,answer,date,n
        cart,csat,5,2024-06-30,1000
        cart,csat,5,2024-07-01,7
        cart,csat,1,2024-07-31T23:59:59+02:00,3
        cart,csat,2,2024-08-01,50
        """)
    result = jmap_import(responses, map_copy, "--since", "2024-07-01", "--until", "2024-07-31", "--count-column", "n")
    assert result.exit_code == 0, result.output
    assert "csat: {counts: [3, 0, 0, 0, 7]}" in map_copy.read_text()
    assert "10 responses from 4 rows into 1 touchpoint; 2 rows outside --since/--until" in result.stderr


def test_bad_count_and_empty_date_when_filtering(tmp_path, map_copy):
    responses = write(tmp_path, "agg.csv", """\
        touchpoint,metric,answer,date,count
        cart,csat,5,2024-07-01,-2
        cart,csat,5,,4
        """)
    result = jmap_import(responses, map_copy, "--since", "2024-07-01")
    assert f"{responses}:2: bad count: count '-2' is not a whole number 0 or more" in result.stderr
    assert f"{responses}:3: empty cell: empty date cell" in result.stderr
    assert result.exit_code == 1


def test_json_lines_input(tmp_path, map_copy):
    lines = [{"tp": "cart", "metric": "CSAT", "answer": 4}, {"tp": "cart", "metric": "csat", "answer": "5"},
             {"tp": "cart", "metric": "csat", "answer": [1]}, {"tp": "cart", "metric": "csat"}]
    responses = tmp_path / "r.jsonl"
    responses.write_text("\n".join(json.dumps(x) for x in lines) + "\nnot json\n")
    result = jmap_import(responses, map_copy, "--touchpoint-column", "tp")
    assert f"{responses}:3: answer not a whole number: CSAT answer '[1]' is not a whole number" in result.stderr
    assert f"{responses}:4: empty cell: empty answer cell" in result.stderr
    assert f"{responses}:5: not a JSON object: not a JSON object" in result.stderr
    assert jmap_import(responses, map_copy, "--touchpoint-column", "tp", "--allow-bad-rows").exit_code == 0
    assert "csat: {counts: [0, 0, 0, 1, 1]}" in map_copy.read_text()


def test_dry_run_shows_a_diff_and_writes_nothing(map_copy):
    result = jmap_import(GOLDEN / "responses.csv", map_copy, "--dry-run")
    assert result.exit_code == 0
    assert map_copy.read_bytes() == SAMPLE.read_bytes()
    assert "-          csat: {counts: [4, 6, 20, 50, 40]}\n+          csat:\n+            counts: [5, 6, 20, 51, 41]\n" \
        in result.stdout
    assert result.stdout.startswith(f"--- a/{map_copy}\n+++ b/{map_copy}\n")


def test_output_elsewhere_leaves_map_alone(tmp_path, map_copy, golden):
    out = tmp_path / "new.jmap.yaml"
    assert jmap_import(GOLDEN / "responses.csv", map_copy, "-o", out).exit_code == 0
    assert map_copy.read_bytes() == SAMPLE.read_bytes()
    golden("import/online-store.after.jmap.yaml", out.read_text())


def test_usage_problems_are_one_line_exit_2(tmp_path, map_copy, run_main):
    responses = write(tmp_path, "r.csv", "touchpoint,metric,answr\ncart,csat,5\n")
    code, _out, err = run_main("import", responses, map_copy)
    assert code == 2
    assert err == f"jmap: {responses}: no column 'answer' in the header (did you mean 'answr'?)\n"
    code, _out, err = run_main("import", tmp_path / "missing.csv", map_copy)
    assert code == 2 and err.count("\n") == 1
    code, _out, err = run_main("import", GOLDEN / "responses.csv", map_copy, "--since", "July")
    assert code == 2 and "--since 'July'" in err
    code, _out, err = run_main("import", GOLDEN / "responses.csv", map_copy,
                              "-o", GOLDEN / "responses.csv")
    assert code == 2 and "refusing" in err
    assert map_copy.read_bytes() == SAMPLE.read_bytes()


def test_map_with_errors_is_not_imported(tmp_path):
    path = write(tmp_path, "bad.jmap.yaml", "jmap: 1\njourney: {id: j, title: T}\nstages: []\n")
    result = jmap_import(GOLDEN / "responses.csv", path)
    assert result.exit_code == 1
    assert f"{path}:3:" in result.stderr


def test_core_columns_and_window_defaults():
    journey_map = validate_bytes(SAMPLE.read_bytes(), "m").map
    counted = tally(str(GOLDEN / "responses.csv"), journey_map, Columns(), Window())
    assert counted.counts[("instagram-ad", "csat")] == [1, 0, 0, 1, 1]
    assert counted.counts[("delivery-tracking", "nps")] == [1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1]
    assert (counted.rows, counted.responses, counted.filtered, counted.rejected) == (9, 9, 0, {})


@pytest.mark.parametrize("text, day", [
    ("2024-07-03", date(2024, 7, 3)),
    ("2024-07-03T10:15:00Z", date(2024, 7, 3)),  # UTC as exports write it; Python 3.10 needs help here
    ("2024-07-03T10:15:00z", date(2024, 7, 3)),
    ("2024-07-03T23:59:59+02:00", date(2024, 7, 3)),  # the date as written, not moved to UTC
    ("2024-07-03 10:15:00", date(2024, 7, 3)),
    ("2024-13-03", None),
    ("03/07/2024", None),
    ("Z", None),
    ("", None),
])
def test_parse_date_reads_iso_dates_and_date_times_alike_on_every_python(text, day):
    from journeymap.importing.importer import parse_date

    assert parse_date(text) == day
