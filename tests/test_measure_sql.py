"""`--sql DIALECT` prints the one query; run in DuckDB and read back with `--aggregated`, it gives
the very figures `jmap measure` computes from the events."""

import json

import pytest

duckdb = pytest.importorskip("duckdb")
pytest.importorskip("sqlglot")

from helpers.measure import random_rows, run, write_csv  # noqa: E402
import measure_reference as ref  # noqa: E402


def test_the_printed_duckdb_query_read_back_gives_the_same_figures(tmp_path):
    (tmp_path / "m.jmap.yaml").write_text(ref.MAP)
    write_csv(tmp_path / "events.csv", random_rows(5))
    printed = run("--sql", "duckdb", "--table", "shop_events", "--by", "device", tmp_path / "m.jmap.yaml")
    assert printed.exit_code == 0, printed.stderr
    connection = duckdb.connect()
    connection.execute(f"CREATE VIEW shop_events AS SELECT * FROM read_csv('{tmp_path / 'events.csv'}')")
    connection.execute(f"COPY ({printed.stdout}) TO '{tmp_path / 'result.csv'}' (HEADER, DELIMITER ',')")
    back = run("--aggregated", tmp_path / "result.csv", "--by", "device", tmp_path / "m.jmap.yaml", "-f", "json")
    direct = run(tmp_path / "events.csv", tmp_path / "m.jmap.yaml", "--by", "device", "-f", "json")
    assert back.exit_code == direct.exit_code == 0, back.stderr + direct.stderr
    read_back, measured = json.loads(back.stdout), json.loads(direct.stdout)
    measured.pop("bad_rows"), read_back.pop("bad_rows")
    assert read_back == measured
    assert measured["edges"][0]["reached"] > 0


@pytest.mark.parametrize("dialect, spelled", [("bigquery", "UNIX_MICROS(SAFE_CAST("), ("spark", "UNIX_MICROS(TRY_CAST("),
                                              ("snowflake", "DATE_PART(EPOCH_MICROSECOND")])
def test_each_dialect_gets_its_own_time_spelling_and_the_same_steps(tmp_path, dialect, spelled):
    (tmp_path / "m.jmap.yaml").write_text(ref.MAP)
    printed = run("--sql", dialect, tmp_path / "m.jmap.yaml")
    assert printed.exit_code == 0 and spelled in printed.stdout
    assert "'checkout'" in printed.stdout and "JMAP_TIME_US" not in printed.stdout


def test_a_result_file_that_is_not_one_is_exit_2(tmp_path):
    (tmp_path / "m.jmap.yaml").write_text(ref.MAP)
    (tmp_path / "r.csv").write_text("a,b\n1,2\n")
    result = run("--aggregated", tmp_path / "r.csv", tmp_path / "m.jmap.yaml")
    assert result.exit_code == 2 and "not a jmap measure result: no column 'kind'" in result.stderr
