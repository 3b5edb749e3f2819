"""Run a measurement in DuckDB, in-process: it reads the files itself, streams out of core within
`memory_limit`, and hands back only the small aggregated table."""

from __future__ import annotations

from journeymap.measure import query
from journeymap.measure.dialects import TIME_US
from journeymap.measure.plan import MeasureError, Options, Plan, resolve_columns
from journeymap.measure.sources import event_files

PARSE_TEXT_TIME = TIME_US["duckdb"]
_NUMBER_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                 "UBIGINT", "FLOAT", "DOUBLE", "DECIMAL")


def _reader(kind: str, paths: list[str]) -> str:
    files = "[" + ", ".join(query.literal(p) for p in paths) + "]"
    if kind == "csv":
        return f"read_csv({files}, union_by_name = true, header = true, delim = ',', quote = '\"', escape = '\"')"
    return f"read_parquet({files}, union_by_name = true)"


def _json_keys(connection, paths: list[str]) -> list[str]:
    files = "[" + ", ".join(query.literal(p) for p in paths) + "]"
    rows = connection.execute(f"SELECT DISTINCT UNNEST(JSON_KEYS(json)) FROM read_ndjson_objects({files}) "
                              "WHERE JSON_TYPE(json) = 'OBJECT'").fetchall()
    return sorted(row[0] for row in rows)


# The GA4 BigQuery export as exported to files: the columns jmap needs, derived from its nested ones.
GA4_COLUMNS = (
    "user_pseudo_id || '-' || CAST(list_filter(event_params, lambda p: p.key = 'ga_session_id')[1].value.int_value AS VARCHAR) "
    "AS ga_session_id, device.category AS device_category, "
    "list_filter(event_params, lambda p: p.key = 'page_location')[1].value.string_value AS page_location")


def preset_options(preset: str | None, options):
    """The options with the preset's column names (what the user named explicitly stays)."""
    from dataclasses import replace

    if preset != "ga4":
        return options
    c = options.columns
    return replace(options, columns=replace(
        c, session="ga_session_id" if not c.session_given else c.session, session_given=True,
        user="user_pseudo_id" if c.user == "user_id" else c.user,
        event="event_name" if c.event == "event" else c.event,
        time="event_timestamp" if c.time == "timestamp" else c.time))


def ga4_source(files: dict[str, list[str]]) -> str:
    parts = []
    for kind, paths in sorted(files.items()):
        listed = "[" + ", ".join(query.literal(p) for p in paths) + "]"
        reader = (f"read_parquet({listed}, union_by_name = true)" if kind == "parquet" else
                  f"read_json({listed}, format = 'newline_delimited', union_by_name = true)")
        if kind == "csv":
            raise MeasureError("--preset ga4 reads the export's Parquet or JSON Lines files (CSV cannot hold its nested fields)")
        parts.append(f"SELECT TRUE AS __object, *, {GA4_COLUMNS} FROM {reader}")
    return f"SELECT *, ROW_NUMBER() OVER () AS __ord FROM ({' UNION ALL BY NAME '.join(parts)})"


def raw_source(files: dict[str, list[str]], connection) -> str:
    """The events as one relation, each row numbered in file order (`__ord`); `__object` is false
    for a JSON line that is not an object (counted as a bad row, never silently dropped)."""
    parts = []
    for kind, paths in sorted(files.items()):
        if kind == "json":  # line by line: a line that is not an object must not turn the file into one text column
            files_list = "[" + ", ".join(query.literal(p) for p in paths) + "]"
            keys = _json_keys(connection, paths)
            picked = "".join(f", JSON_EXTRACT_STRING(json, {query.literal('$.' + query.ident(k))}) AS {query.ident(k)}"
                             for k in keys)
            parts.append(f"SELECT JSON_TYPE(json) = 'OBJECT' AS __object{picked} FROM read_ndjson_objects({files_list})")
        else:
            parts.append(f"SELECT TRUE AS __object, * FROM {_reader(kind, paths)}")
    return f"SELECT *, ROW_NUMBER() OVER () AS __ord FROM ({' UNION ALL BY NAME '.join(parts)})"


_UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12,
          "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}
ENGINE_SHARE = 0.75  # of --memory-limit for DuckDB's buffers; the rest is Python, the reader and allocator slack


def parse_memory(text: str) -> int:
    """Bytes in a size such as 2GB, 1.5GiB or 500MB (GB is 10^9, GiB 2^30, as DuckDB reads them)."""
    import re

    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]i?b|b)?\s*", text, re.IGNORECASE)
    if not found or float(found.group(1)) <= 0:
        raise MeasureError(f"--memory-limit {text!r} is not a size such as 2GB, 1.5GiB or 500MB")
    return int(float(found.group(1)) * _UNITS[(found.group(2) or "").lower()])


def engine_memory(limit: str) -> str:
    """DuckDB's share of the process's memory bound: its own limit covers only its buffers, so
    giving it the whole bound let the process peak above it (2,154 MiB at 2 GB on 100M events)."""
    return f"{int(parse_memory(limit) * ENGINE_SHARE)}B"


def time_kind(column_type: str) -> tuple[str, str]:
    upper = column_type.upper()
    if upper.startswith(_NUMBER_TYPES):
        return query.NUMBER_TIME, PARSE_TEXT_TIME
    if upper.startswith(("TIMESTAMP", "DATE")):
        return query.NATIVE_TIME, PARSE_TEXT_TIME
    return query.TEXT_TIME, PARSE_TEXT_TIME


class DuckEngine:
    """One connection per run; `measure` and `bad_rows` share the file view."""

    def __init__(self, inputs: list[str], memory_limit: str = "2GB", threads: int | None = None, preset: str | None = None):
        import duckdb

        self._duckdb = duckdb
        self.preset = preset
        self.files = event_files(inputs)
        self.connection = duckdb.connect(config={"memory_limit": engine_memory(memory_limit),
                                                 **({"threads": threads} if threads else {})})
        try:
            source = ga4_source(self.files) if preset == "ga4" else raw_source(self.files, self.connection)
            self.connection.execute(f"CREATE TEMPORARY VIEW raw AS {source}")
            self.columns = {row[0]: row[1] for row in self.connection.execute("DESCRIBE raw").fetchall()}
        except duckdb.Error as error:
            raise MeasureError(_one_line(error)) from None

    def _run(self, sql: str) -> list[tuple]:
        try:
            return self.connection.execute(sql).fetchall()
        except self._duckdb.Error as error:
            raise MeasureError(_one_line(error)) from None

    def bad_rows(self, plan: Plan, options: Options) -> list[tuple]:
        """(kind, rows, example row number) for the first few rows of each kind."""
        options = resolve_columns(self.columns, plan, preset_options(self.preset, options))
        return self._run(query.bad_rows_sql(plan, options, *time_kind(self.columns[options.columns.time])))

    def measure(self, plan: Plan, options: Options) -> list[tuple]:
        """The aggregated table (query.RESULT_COLUMNS)."""
        options = resolve_columns(self.columns, plan, preset_options(self.preset, options))
        return self._run(query.measure_sql(plan, options, *time_kind(self.columns[options.columns.time])))


def _one_line(error: Exception) -> str:
    """DuckDB's message without the query it quotes."""
    import re

    text = " ".join(re.split(r"\s+LINE \d+:", str(error))[0].split())
    return ("could not read the events: " + text)[:300]
