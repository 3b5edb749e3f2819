"""The measurement query in another engine's SQL: SQLGlot transpiles it from DuckDB's dialect.

Only one thing is spelled per engine, because no common function exists for it: turning a
timestamp (or its text) into epoch microseconds. The query marks it as JMAP_TIME_US(x), and
each engine's spelling replaces the mark in the parsed tree.
"""

from __future__ import annotations

from journeymap.measure.plan import MeasureError

TIME_MARK = "JMAP_TIME_US({x})"
TIME_US = {
    "duckdb": "EPOCH_US(TRY_CAST({x} AS TIMESTAMPTZ))",
    "spark": "UNIX_MICROS(TRY_CAST({x} AS TIMESTAMP))",
    "databricks": "UNIX_MICROS(TRY_CAST({x} AS TIMESTAMP))",
    "bigquery": "UNIX_MICROS(SAFE_CAST({x} AS TIMESTAMP))",
    "snowflake": "DATE_PART(EPOCH_MICROSECOND, TRY_TO_TIMESTAMP_TZ({x}))",
    "trino": "CAST(TO_UNIXTIME(TRY_CAST({x} AS TIMESTAMP(6) WITH TIME ZONE)) * 1000000 AS BIGINT)",
    "postgres": "CAST(EXTRACT(EPOCH FROM CAST({x} AS TIMESTAMPTZ)) * 1000000 AS BIGINT)",
}


def dialects() -> list[str]:
    from sqlglot.dialects.dialect import Dialect

    return sorted(name for name in Dialect.classes if name)


def transpile(sql: str, dialect: str, pretty: bool = False) -> str:
    """`sql` (DuckDB's dialect, with TIME_MARK) in `dialect`."""
    import sqlglot
    from sqlglot import exp

    if dialect not in dialects():
        raise MeasureError(f"unknown SQL dialect {dialect!r} (one of: {', '.join(dialects())})")
    template = TIME_US.get(dialect, TIME_US["duckdb"])
    tree = sqlglot.parse_one(sql, read="duckdb")

    def spell(node):
        if isinstance(node, exp.Anonymous) and node.name.upper() == "JMAP_TIME_US":
            argument = node.expressions[0].sql(dialect=dialect)
            source = "duckdb" if dialect not in TIME_US else dialect
            return sqlglot.parse_one(template.format(x=argument), read=source)
        return node

    return tree.transform(spell).sql(dialect=dialect, pretty=pretty)
