"""`jmap measure` end to end: the JSON contract, the table, and every kind of bad input."""

import csv
import json

import pytest

pytest.importorskip("duckdb")

import measure_reference as ref  # noqa: E402
from helpers.measure import EXTRA_ENV, NO_WHERE_MAP, random_rows, run, write_csv  # noqa: E402

@pytest.fixture
def shop(tmp_path):
    (tmp_path / "m.jmap.yaml").write_text(ref.MAP)
    rows = random_rows(3)
    write_csv(tmp_path / "events.csv", rows)
    return tmp_path, rows


def test_json_has_the_contract_keys_and_the_plain_counts(shop):
    folder, rows = shop
    result = run(folder / "events.csv", folder / "m.jmap.yaml", "--format", "json", "--by", "device")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    expected, unclaimed = ref.measure(rows, by="device")
    everyone = expected["all"]
    assert {"sessions", "users", "events", "period", "unclaimed", "touchpoints", "edges", "undeclared",
            "conformance", "stages", "segments", "retention"} <= doc.keys()
    assert (doc["sessions"], doc["users"], doc["events"]) == (everyone["sessions"], len(everyone["users"]), len(rows))
    assert doc["conformance"] == float(f"{everyone['conforming'] / everyone['pathed']:.12g}")  # 12 significant digits
    assert {(u["event"], u["events"]) for u in doc["unclaimed"]} == set(unclaimed.items())
    edge = next(e for e in doc["edges"] if (e["from"], e["to"]) == ("cart", "checkout"))
    assert (edge["reached"], edge["converted"]) == (everyone["reached"][("cart", "checkout")],
                                                    everyone["steps"][("cart", "checkout")])
    assert edge["low"] <= edge["rate"] <= edge["high"]
    assert [u["sessions"] for u in sorted(doc["undeclared"], key=lambda u: (u["from"], u["to"]))] == [
        everyone["undeclared"][k] for k in sorted(everyone["undeclared"])]
    segment = doc["segments"][0]
    assert {"column", "value", "sessions", "touchpoints", "edges"} <= segment.keys()
    assert segment["sessions"] == expected[segment["value"]]["sessions"]
    assert {"difference", "p_value", "significant"} <= segment["edges"][0].keys()
    assert doc["period"] == {"from": "2024-01-01", "to": doc["period"]["to"]}


@pytest.mark.parametrize("width", [80, 120])
def test_the_table_reads_like_a_funnel_review_and_fits(shop, width):
    folder, _rows = shop
    EXTRA_ENV["COLUMNS"] = str(width)
    try:
        result = run(folder / "events.csv", folder / "m.jmap.yaml", "--by", "device")
    finally:
        EXTRA_ENV.clear()
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    for heading in ("Stage funnel", "Steps, largest drop-off first", "Off the map", "Events no touchpoint claims",
                    "Segments by device"):
        assert any(line.startswith(heading) for line in lines), heading


def test_a_missing_column_is_exit_2_naming_it_and_the_columns_there_are(shop):
    folder, _rows = shop
    result = run(folder / "events.csv", folder / "m.jmap.yaml", "--by", "colour")
    assert result.exit_code == 2
    assert result.stderr.strip() == ("jmap: no segment column 'colour' in the events (columns: device, event, page, "
                                     "session_id, timestamp, user_id)")


def test_bad_rows_are_counted_by_kind_with_row_numbers_and_stop_the_run(tmp_path):
    (tmp_path / "m.jmap.yaml").write_text(NO_WHERE_MAP)
    (tmp_path / "e.csv").write_text("session_id,user_id,event,timestamp\n"
                                    "s1,u1,view_home,2024-01-01T10:00:00Z\n"
                                    ",u1,view_home,2024-01-01T10:00:00Z\n"
                                    "s1,u1,add_to_cart,yesterday\n"
                                    "s1,u1,add_to_cart,2024-01-01T10:05:00Z\n"
                                    "s2,,view_home,2024-01-01T10:00:00Z\n"
                                    "s3,u3,add_to_cart,tomorrow\n")
    result = run(tmp_path / "e.csv", tmp_path / "m.jmap.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "jmap: 1 bad row: empty session id (row 2)",
        "jmap: 1 bad row: empty user id (row 5)",
        "jmap: 2 bad rows: unparseable timestamp (rows 3, 6)",
        "jmap: nothing measured: fix the rows, or use --allow-bad-rows to measure the others"]
    allowed = run(tmp_path / "e.csv", tmp_path / "m.jmap.yaml", "--allow-bad-rows", "-f", "json")
    assert allowed.exit_code == 0
    doc = json.loads(allowed.stdout)
    assert (doc["sessions"], doc["events"], doc["edges"][0]["converted"]) == (1, 2, 1)
    assert {b["kind"]: (b["rows"], b["examples"]) for b in doc["bad_rows"]}["unparseable timestamp"] == (2, [3, 6])


def test_json_lines_that_are_not_objects_are_bad_rows(tmp_path):
    (tmp_path / "m.jmap.yaml").write_text(NO_WHERE_MAP)
    (tmp_path / "e.jsonl").write_text('{"session_id": "s", "user_id": "u", "event": "view_home", "timestamp": 1704103200}\n'
                                      '[1, 2]\n"text"\n'
                                      '{"session_id": "s", "user_id": "u", "event": "add_to_cart", "timestamp": 1704103260}\n')
    result = run(tmp_path / "e.jsonl", tmp_path / "m.jmap.yaml", "--allow-bad-rows", "-f", "json")
    assert result.exit_code == 0, result.output
    assert "jmap: 2 bad rows: row is not an object (rows 2, 3)" in result.stderr
    assert json.loads(result.stdout)["edges"][0]["converted"] == 1


@pytest.mark.parametrize("name, content, message", [
    ("e.parquet", b"not parquet at all", "could not read the events"),
    ("e.csv", b"", "the file is empty"),
    ("e.jsonl", b'{"a": \n', "could not read the events"),
    ("e.txt", b"a,b\n", "unknown event file type"),
])
def test_a_file_that_is_not_what_it_says_is_one_line_exit_2(tmp_path, name, content, message):
    (tmp_path / "m.jmap.yaml").write_text(NO_WHERE_MAP)
    (tmp_path / name).write_bytes(content)
    result = run(tmp_path / name, tmp_path / "m.jmap.yaml")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr
    assert "Traceback" not in result.output


def test_a_map_without_events_and_a_period_without_events(shop, tmp_path):
    folder, _rows = shop
    (tmp_path / "plain.jmap.yaml").write_text(NO_WHERE_MAP.replace(", events: [view_home]", "").replace(", events: [add_to_cart]", ""))
    result = run(folder / "events.csv", tmp_path / "plain.jmap.yaml")
    assert result.exit_code == 2 and "declares no `events`" in result.stderr
    empty = run(folder / "events.csv", folder / "m.jmap.yaml", "--since", "2030-01-01")
    assert empty.exit_code == 1 and "no events in the period" in empty.stderr


def test_since_and_until_keep_whole_days(tmp_path):
    (tmp_path / "m.jmap.yaml").write_text(NO_WHERE_MAP)
    with open(tmp_path / "e.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["session_id", "user_id", "event", "timestamp"])
        for day in range(1, 6):
            writer.writerow([f"s{day}", "u", "view_home", f"2024-01-0{day}T23:59:59Z"])
            writer.writerow([f"s{day}", "u", "add_to_cart", f"2024-01-0{day}T00:00:00Z"])
    result = run(tmp_path / "e.csv", tmp_path / "m.jmap.yaml", "--since", "2024-01-02", "--until", "2024-01-04", "-f", "json")
    doc = json.loads(result.stdout)
    assert (doc["sessions"], doc["events"], doc["period"]) == (3, 6, {"from": "2024-01-02", "to": "2024-01-04"})


def test_a_folder_and_a_glob_read_every_file(shop, tmp_path):
    folder, rows = shop
    data = tmp_path / "data"
    data.mkdir()
    write_csv(data / "a.csv", rows[: len(rows) // 2])
    write_csv(data / "b.csv", rows[len(rows) // 2:])
    whole = json.loads(run(folder / "events.csv", folder / "m.jmap.yaml", "-f", "json").stdout)
    for source in (data, data / "*.csv"):
        split = json.loads(run(source, folder / "m.jmap.yaml", "-f", "json").stdout)
        assert (split["sessions"], split["edges"]) == (whole["sessions"], whole["edges"])
