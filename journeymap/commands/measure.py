"""`jmap measure EVENTS... MAP`: reach, step conversion, undeclared paths, segments and retention from raw events."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from journeymap.commands.common import EXIT_FINDINGS, fail, load_valid_map, settings_for, terminal_width, write_output
from journeymap.commands.options import config_option, format_option, output_option
from journeymap.outputs.registry import MEASURE


MeasureFormat = MEASURE.choices()


class Engine(str, Enum):
    duckdb = "duckdb"
    spark = "spark"


class Preset(str, Enum):
    ga4 = "ga4"


def _day_us(text: Optional[str], option: str, next_day: bool = False) -> Optional[int]:
    from datetime import datetime, timedelta, timezone

    from journeymap.importing.importer import parse_date

    if text is None:
        return None
    day = parse_date(text)
    if day is None:
        fail(f"{option} {text!r} is not a date (YYYY-MM-DD)")
    start = datetime(day.year, day.month, day.day, tzinfo=timezone.utc) + timedelta(days=1 if next_day else 0)
    return int(start.timestamp()) * 1_000_000


def measure(
    paths: List[str] = typer.Argument(..., metavar="EVENTS... MAP",
                                      help="Event files (CSV, CSV.gz, Parquet, JSON Lines; folders and globs), then the map."),
    format: MeasureFormat = format_option(MEASURE, "table"),
    output: Optional[Path] = output_option("the measurement"),
    config: Optional[str] = config_option(),
    session_column: Optional[str] = typer.Option(None, "--session-column",
                                                 help="Default session_id; without it, sessions are cut at --session-gap."),
    user_column: str = typer.Option("user_id", "--user-column"),
    event_column: str = typer.Option("event", "--event-column"),
    time_column: str = typer.Option("timestamp", "--time-column", help="ISO 8601 text, or epoch s, ms or µs."),
    value_column: Optional[str] = typer.Option(None, "--value-column", help="Revenue of an event (order value)."),
    by: List[str] = typer.Option([], "--by", help="Repeat every figure per value of this column (repeatable)."),
    session_gap: int = typer.Option(30, "--session-gap", min=1, metavar="MINUTES",
                                    help="Inactivity that ends a session, when there is no session column."),
    since: Optional[str] = typer.Option(None, "--since", help="Only events on or after this day (YYYY-MM-DD, UTC)."),
    until: Optional[str] = typer.Option(None, "--until", help="Only events on or before this day (YYYY-MM-DD, UTC)."),
    repeat_window: int = typer.Option(90, "--repeat-window", min=1, metavar="DAYS",
                                      help="A repeat conversion counts within this many days of the first."),
    allow_bad_rows: bool = typer.Option(False, "--allow-bad-rows", help="Measure the good rows even when some are bad."),
    top: int = typer.Option(10, "--top", min=1, help="Rows per list in the table."),
    memory_limit: str = typer.Option("2GB", "--memory-limit", help=("The memory bound of the run (2GB, 1.5GiB, 500MB): DuckDB gets three quarters of it "
                                           "for its buffers and spills to disk past them.")),
    engine: Engine = typer.Option(Engine.duckdb, "--engine", help="duckdb (in-process) or spark (jmap[spark])."),
    spark_remote: Optional[str] = typer.Option(None, "--spark-remote", metavar="URL",
                                               help="Spark Connect URL (default: local[*])."),
    preset: Optional[Preset] = typer.Option(None, "--preset", help="ga4: the GA4 BigQuery export's columns."),
    sql: Optional[str] = typer.Option(None, "--sql", metavar="DIALECT",
                                      help="Print the aggregation query for a warehouse (bigquery, snowflake, spark, duckdb, ...)."),
    table: str = typer.Option("events", "--table", help="With --sql: the events table the query reads."),
    time_type: str = typer.Option("text", "--time-type", help="With --sql: the time column holds text, epoch or timestamp."),
    aggregated: Optional[str] = typer.Option(None, "--aggregated", metavar="RESULT.csv",
                                             help="Read the --sql query's result back instead of events."),
    write: bool = typer.Option(False, "--write", help="Record reach and step conversions in MAP (in place, comments kept)."),
    write_to: Optional[Path] = typer.Option(None, "--write-to", metavar="NEW_MAP",
                                            help="Record them in a copy of MAP instead."),
    per: str = typer.Option("session", "--per", help="With --write: reach counts sessions or users."),
) -> None:
    """Measure the journey customers actually take, from raw events: reach, steps, undeclared paths, segments, retention."""
    from journeymap.measure.plan import Columns, MeasureError, Options, plan_for

    if len(paths) < 2 and not (sql or aggregated):
        fail("give the event files, then the map: jmap measure EVENTS... MAP")
    if len(paths) == 1 and (sql or aggregated):
        paths = list(paths)
    elif sql or aggregated:
        fail("--sql and --aggregated take the map alone: jmap measure --sql DIALECT MAP")
    *events, map_path = paths
    if per not in ("session", "user"):
        fail(f"--per is session or user, not {per!r}")
    journey_map, raw = load_valid_map(map_path, settings_for(config), verb="measured")
    record = (raw, map_path, write_to or (Path(map_path) if write else None), per)
    columns = Columns(session=None if session_column == "" else session_column or "session_id",
                      session_given=session_column is not None,
                      user=user_column, event=event_column, time=time_column, value=value_column, by=tuple(by))
    options = Options(columns=columns, session_gap_seconds=session_gap * 60, since_us=_day_us(since, "--since"),
                      until_us=_day_us(until, "--until", next_day=True), repeat_window_days=repeat_window, top=top)
    bad: list = []
    try:
        plan = plan_for(journey_map)
        if sql:
            write_output(_query_for(sql, plan, options, table, time_type) + "\n", output, inputs=[map_path])
            return
        if aggregated:
            from journeymap.measure.result import read_result_csv, read_rows

            measurement = read_rows(plan, read_result_csv(aggregated), repeat_window)
            return _show(measurement, bad, format, output, top, [aggregated, map_path], since or until, record, aggregated)
        runner = _engine(engine, events, memory_limit, spark_remote, preset)
        bad = _bad_rows(runner.bad_rows(plan, options))
        for kind, rows, examples in bad:
            typer.echo(f"jmap: {rows:,} bad row{'s' if rows != 1 else ''}: {kind} (row{'s' if len(examples) > 1 else ''} "
                       f"{', '.join(str(e) for e in examples)}{', …' if rows > len(examples) else ''})", err=True)
        if bad and not allow_bad_rows:
            typer.echo("jmap: nothing measured: fix the rows, or use --allow-bad-rows to measure the others", err=True)
            raise typer.Exit(EXIT_FINDINGS)
        from journeymap.measure.result import read_rows

        measurement = read_rows(plan, runner.measure(plan, options), repeat_window)
    except MeasureError as problem:
        fail(str(problem))
    _show(measurement, bad, format, output, top, [*events, map_path], since or until, record, ", ".join(events))


def _show(measurement, bad, format, output, top, inputs, filtered, record, source) -> None:
    if measurement.overall.sessions == 0:
        typer.echo("jmap: no events in the period" if filtered else "jmap: no events to measure", err=True)
        raise typer.Exit(EXIT_FINDINGS)
    raw, map_path, target, per = record
    if target is not None:
        _write_map(measurement, raw, map_path, target, per, source)
    from journeymap.outputs.registry import View

    text = MEASURE.render(format.value, (measurement, bad), View(width=terminal_width(), top=top))
    write_output(text, output, inputs=inputs)


def _write_map(measurement, raw: bytes, map_path: str, target: Path, per: str, source: str) -> None:
    """Measured numbers into the map through the importer's writer; never a map that would not validate."""
    from journeymap.base.diagnostics import Severity
    from journeymap.checks.validation import validate_bytes
    from journeymap.importing.count_writer import write_measured
    from journeymap.measure.writeback import measured_numbers

    text = write_measured(raw.decode("utf-8"), *measured_numbers(measurement, per, source))
    problems = [d for d in validate_bytes(text.encode("utf-8"), map_path).diagnostics if d.severity == Severity.ERROR]
    if problems:
        fail(f"{map_path}: refusing to write a map that would not validate: {problems[0].message} ({problems[0].code})")
    from journeymap.base.files import write_atomic

    write_atomic(target, text.encode("utf-8"), inputs=[] if target == Path(map_path) else [map_path])
    typer.echo(f"wrote the measured numbers into {target}", err=True)


def _query_for(dialect: str, plan, options, table: str, time_type: str) -> str:
    from journeymap.measure import query
    from journeymap.measure.dialects import TIME_MARK, transpile
    from journeymap.measure.plan import MeasureError

    if time_type not in query.TIME_KINDS:
        raise MeasureError(f"--time-type is text, epoch or timestamp, not {time_type!r}")
    try:
        import sqlglot  # noqa: F401
    except ImportError:
        raise MeasureError("--sql needs SQLGlot: pip install 'jmap[measure]'") from None
    return transpile(query.measure_sql(plan, options, query.TIME_KINDS[time_type], TIME_MARK, table), dialect, pretty=True)


def _engine(engine: Engine, events: list, memory_limit: str, spark_remote, preset):
    if engine == Engine.spark:
        from journeymap.measure.spark import SparkEngine

        return SparkEngine(events, spark_remote, preset.value if preset else None)
    try:
        import duckdb  # noqa: F401
    except ImportError:
        fail("jmap measure needs DuckDB: pip install duckdb")
    from journeymap.measure.duck import DuckEngine

    return DuckEngine(events, memory_limit, preset=preset.value if preset else None)


def _bad_rows(rows) -> list:
    """(kind, rows, [example row numbers]) from the engine's (kind, rows, row) lines."""
    found: dict = {}
    for kind, count, row in rows:
        found.setdefault(kind, (int(count), []))[1].append(int(row))
    return [(kind, count, examples) for kind, (count, examples) in found.items()]
