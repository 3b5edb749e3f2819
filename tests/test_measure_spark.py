"""The same measurement on DuckDB and on Spark (local PySpark), from the same Parquet file: identical counts."""

import shutil

import pytest

duckdb = pytest.importorskip("duckdb")
pytest.importorskip("sqlglot")
pytest.importorskip("pyspark", reason="PySpark is not installed (pip install 'jmap[spark]')")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java (apt-get install default-jre-headless)", allow_module_level=True)

from journeymap.checks.validation import validate_bytes  # noqa: E402
from journeymap.measure.duck import DuckEngine  # noqa: E402
from journeymap.measure.plan import Columns, Options, plan_for  # noqa: E402
from journeymap.measure.result import read_rows  # noqa: E402
from journeymap.measure.spark import SparkEngine, session  # noqa: E402
import measure_reference as ref  # noqa: E402
from helpers.measure import random_rows, write_csv  # noqa: E402


@pytest.mark.slow
def test_duckdb_and_spark_give_identical_counts_on_one_parquet_file(tmp_path):
    rows = random_rows(11, sessions=80)
    write_csv(tmp_path / "events.csv", rows)
    duckdb.connect().execute(f"COPY (SELECT * FROM read_csv('{tmp_path / 'events.csv'}')) "
                             f"TO '{tmp_path / 'events.parquet'}' (FORMAT parquet)")
    plan = plan_for(validate_bytes(ref.MAP.encode(), "m.jmap.yaml").map)
    options = Options(columns=Columns(by=("device",)))
    parquet = [str(tmp_path / "events.parquet")]
    on_duckdb = read_rows(plan, DuckEngine(parquet).measure(plan, options), 90)
    spark_engine = SparkEngine(parquet, spark=session(partitions=1))  # a few thousand rows: one partition is fastest
    try:
        on_spark = read_rows(plan, spark_engine.measure(plan, options), 90)
        assert spark_engine.bad_rows(plan, options) == []
    finally:
        spark_engine.spark.stop()
    assert on_spark.overall == on_duckdb.overall
    assert on_spark.segments == on_duckdb.segments
    assert on_spark.unclaimed == on_duckdb.unclaimed
    assert (on_spark.period_from, on_spark.period_to) == (on_duckdb.period_from, on_duckdb.period_to)
    assert on_duckdb.overall.sessions == 80 and on_duckdb.overall.steps
