"""`--preset ga4` reads the GA4 BigQuery export as exported to files: nested event_params and device."""

import json

import pytest

duckdb = pytest.importorskip("duckdb")

from helpers.measure import NO_WHERE_MAP, run  # noqa: E402

ROWS = [  # user, ga_session_id, event, µs, device
    ("p1", 11, "view_home", 1_704_103_200_000_000, "mobile"),
    ("p1", 11, "add_to_cart", 1_704_103_260_000_000, "mobile"),
    ("p1", 12, "view_home", 1_704_189_600_000_000, "mobile"),
    ("p2", 11, "view_home", 1_704_103_200_000_000, "desktop"),  # the same ga_session_id, another user: another session
]


def test_the_ga4_export_columns_are_read_from_their_nested_fields(tmp_path):
    (tmp_path / "m.jmap.yaml").write_text(NO_WHERE_MAP)
    values = ", ".join(
        f"('{user}', '{event}', {micros}, [{{'key': 'ga_session_id', 'value': {{'string_value': NULL, 'int_value': {sid}}}}},"
        f" {{'key': 'page_location', 'value': {{'string_value': 'https://shop/', 'int_value': NULL}}}}], {{'category': '{device}'}})"
        for user, sid, event, micros, device in ROWS)
    duckdb.connect().execute(
        f"COPY (SELECT * FROM (VALUES {values}) AS t(user_pseudo_id, event_name, event_timestamp, event_params, device)) "
        f"TO '{tmp_path / 'ga4.parquet'}' (FORMAT parquet)")
    result = run(tmp_path / "ga4.parquet", tmp_path / "m.jmap.yaml", "--preset", "ga4", "--by", "device_category", "-f", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert (doc["sessions"], doc["users"], doc["events"]) == (3, 2, 4)
    assert (doc["edges"][0]["reached"], doc["edges"][0]["converted"]) == (3, 1)
    assert {s["value"]: s["sessions"] for s in doc["segments"]} == {"mobile": 2, "desktop": 1}
    assert doc["period"] == {"from": "2024-01-01", "to": "2024-01-02"}
