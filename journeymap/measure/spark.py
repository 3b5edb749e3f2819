"""Run a measurement on Apache Spark (`--engine spark`, the optional extra jmap[spark]): the same
query, transpiled to Spark SQL, where the events live on a cluster or a lake.

Local (`local[*]`) by default; `--spark-remote URL` connects through Spark Connect.
"""

from __future__ import annotations

from journeymap.measure import query
from journeymap.measure.dialects import TIME_MARK, transpile
from journeymap.measure.plan import MeasureError, Options, Plan, resolve_columns
from journeymap.measure.sources import event_files

_NUMBER_TYPES = ("tinyint", "smallint", "int", "bigint", "float", "double", "decimal")


def time_kind(column_type: str) -> str:
    lower = column_type.lower()
    if lower.startswith(_NUMBER_TYPES):
        return query.NUMBER_TIME
    if lower.startswith(("timestamp", "date")):
        return query.NATIVE_TIME
    return query.TEXT_TIME


def session(remote: str | None = None, partitions: int = 8):
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise MeasureError("--engine spark needs PySpark: pip install 'jmap[spark]'") from None
    builder = SparkSession.builder.appName("jmap measure")
    if remote:
        return builder.remote(remote).getOrCreate()
    return (builder.master("local[*]").config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", str(partitions)).config("spark.default.parallelism", str(partitions)).config("spark.sql.session.timeZone", "UTC").getOrCreate())


class SparkEngine:
    def __init__(self, inputs: list[str], remote: str | None = None, preset: str | None = None, spark=None):
        from pyspark.sql import functions

        if preset:
            raise MeasureError(f"--preset {preset} runs on DuckDB only for now")
        self.spark = spark or session(remote)
        frames = []
        for kind, paths in sorted(event_files(inputs).items()):
            if kind == "csv":
                frames.append(self.spark.read.option("header", True).option("inferSchema", True).csv(paths))
            elif kind == "parquet":
                frames.append(self.spark.read.parquet(*paths))
            else:
                frames.append(self.spark.read.json(paths))
        frame = frames[0]
        for other in frames[1:]:
            frame = frame.unionByName(other, allowMissingColumns=True)
        frame = frame.withColumn("__object", functions.lit(True)).withColumn("__ord", functions.monotonically_increasing_id())
        frame.createOrReplaceTempView("raw")
        self.columns = {field.name: field.dataType.simpleString() for field in frame.schema.fields}

    def _run(self, sql: str) -> list[tuple]:
        """The transpiled query, its CTEs cached one by one: Spark would otherwise recompute a CTE
        (and re-read the files) for every part of the query that uses it."""
        import sqlglot

        tree = sqlglot.parse_one(transpile(sql, "spark"), read="spark")
        with_ = tree.args.get("with") or tree.args.get("with_")
        cached = []
        try:
            if with_ is not None:
                for cte in with_.expressions:
                    name = cte.alias_or_name
                    self.spark.sql(f"CACHE TABLE {name} AS {cte.this.sql(dialect='spark')}")
                    cached.append(name)
                tree.set("with" if tree.args.get("with") is not None else "with_", None)
            return [tuple(row) for row in self.spark.sql(tree.sql(dialect="spark")).collect()]
        finally:
            for name in reversed(cached):
                self.spark.sql(f"UNCACHE TABLE IF EXISTS {name}")
                self.spark.catalog.dropTempView(name)

    def bad_rows(self, plan: Plan, options: Options) -> list[tuple]:
        options = resolve_columns(self.columns, plan, options)
        kind = time_kind(self.columns[options.columns.time])
        return self._run(query.bad_rows_sql(plan, options, kind, TIME_MARK))

    def measure(self, plan: Plan, options: Options) -> list[tuple]:
        options = resolve_columns(self.columns, plan, options)
        kind = time_kind(self.columns[options.columns.time])
        return self._run(query.measure_sql(plan, options, kind, TIME_MARK))
