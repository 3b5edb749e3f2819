"""`jmap import`: survey responses in, answer counts written into the map (in place, or -o)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from journeymap.commands.common import EXIT_FINDINGS, fail, load_valid_map, settings_for, write_output
from journeymap.commands.options import config_option


class InputFormat(str, Enum):
    csv = "csv"
    jsonl = "jsonl"


def _day(text: Optional[str], option: str):
    if text is None:
        return None
    from journeymap.importing.importer import parse_date

    found = parse_date(text)
    if found is None:
        fail(f"{option} {text!r} is not an ISO 8601 date (YYYY-MM-DD)")
    return found


def report_lines(responses_name: str, tally) -> list[str]:
    """Every rejected row shown (up to 20 per kind), then one summary line per kind."""
    from journeymap.base.textsafe import inert
    from journeymap.outputs.numbers import plural

    lines = []
    for kind, found in tally.rejected.items():
        for row, message in found.examples:
            lines.append(f"{inert(responses_name)}:{row}: {kind}: {inert(message)}")
        if found.rows > len(found.examples):
            lines.append(f"{inert(responses_name)}: ... and {found.rows - len(found.examples)} more rows: {kind}")
    for kind, found in tally.rejected.items():
        lines.append(f"rejected {plural(found.rows, 'row')}: {kind}")
    return lines


def import_responses(
    responses: str = typer.Argument(..., metavar="RESPONSES", help="Survey export: CSV or JSON Lines, one response a row."),
    map_path: str = typer.Argument(..., metavar="MAP", help="The journey map to write the counts into (in place)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the updated map here instead of over MAP."),
    config: Optional[str] = config_option(),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show a unified diff; write nothing."),
    replace: bool = typer.Option(False, "--replace", help="Set the counts to the file's (default: add them to the map's)."),
    allow_bad_rows: bool = typer.Option(False, "--allow-bad-rows",
                                        help="Write the good rows' counts even when some rows were rejected."),
    since: Optional[str] = typer.Option(None, "--since", help="Only responses on or after this date (YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, "--until", help="Only responses on or before this date (YYYY-MM-DD)."),
    input_format: Optional[InputFormat] = typer.Option(None, "--input-format", help="csv or jsonl (default: by extension)."),
    touchpoint_column: str = typer.Option("touchpoint", "--touchpoint-column"),
    metric_column: str = typer.Option("metric", "--metric-column", help="Holds csat, nps or ces."),
    answer_column: str = typer.Option("answer", "--answer-column"),
    persona_column: Optional[str] = typer.Option(None, "--persona-column", help="Default: `persona` when present."),
    date_column: Optional[str] = typer.Option(None, "--date-column", help="Default: `date` when present."),
    count_column: Optional[str] = typer.Option(None, "--count-column",
                                               help="Responses a row stands for. Default: `count` when present."),
    period: Optional[str] = typer.Option(None, "--period", metavar="PERIOD",
                                         help="The period the responses cover (2024-Q3, 2024-07, 2024, or "
                                              "2024-07-01..2024-09-30). A new period replaces the imported "
                                              "metrics' counts and stamps journey.period; the same period adds."),
) -> None:
    """Import survey responses: check every row, count them, write the counts into the map."""
    from journeymap.base.files import map_lock
    from journeymap.importing.importer import Columns, Window

    if map_path == "-" or responses == "-":
        fail("import reads files, not stdin: it rewrites MAP and may read RESPONSES twice")
    window = Window(_day(since, "--since"), _day(until, "--until"))
    if period is not None:
        import re

        from journeymap.model.records import PERIOD_PATTERN

        if not re.match(PERIOD_PATTERN, period) or period.endswith("\n"):
            fail(f"--period {period!r} is not a period: 2024-Q3, 2024-07, 2024 or 2024-07-01..2024-09-30")
    columns = Columns(touchpoint_column, metric_column, answer_column, persona_column, date_column, count_column)
    settings = settings_for(config)
    with map_lock(map_path):  # read, count, rewrite, write: no other run's write lands in between
        _import_locked(responses, map_path, output, dry_run, replace, allow_bad_rows, window, columns,
                       input_format, settings, period)


def _import_locked(responses, map_path, output, dry_run, replace, allow_bad_rows, window, columns,
                   input_format, settings, period=None) -> None:
    import difflib

    from journeymap.base.diagnostics import Severity
    from journeymap.checks.validation import validate_bytes
    from journeymap.importing.count_writer import rewrite, rewrite_split
    from journeymap.importing.importer import ImportProblem, tally

    journey_map, raw = load_valid_map(map_path, settings, verb="imported into")
    try:
        counted = tally(responses, journey_map, columns, window, input_format.value if input_format else None)
    except ImportProblem as problem:
        fail(f"{responses}: {problem}")
    except UnicodeDecodeError:
        fail(f"{responses}: not UTF-8 text")
    for line in report_lines(responses, counted):
        typer.echo(line, err=True)
    blocked = counted.rejected_rows and not allow_bad_rows
    text = raw.decode("utf-8")
    notes: list = []
    new_period = period is not None and period != journey_map.journey.period
    if new_period:  # a new period starts: its counts replace the last period's, never add to them
        replace = True
        kept = sorted({f"{tp.id}.{metric}" for _s, _t, _st, tp in journey_map.touchpoints() if tp.satisfaction
                       for metric in ("csat", "nps", "ces") if getattr(tp.satisfaction, metric) is not None}
                      - {f"{tp}.{metric}" for tp, metric in counted.counts})
        if kept:
            notes.append(f"period {period} starts; {len(kept)} metric{'s' if len(kept) != 1 else ''} not in this "
                         f"import keep the counts of {journey_map.journey.period or 'the unnamed period before'}: "
                         + ", ".join(kept[:5]) + (", ..." if len(kept) > 5 else ""))
    try:
        new_text = rewrite(text, counted.counts, replace, notes)
        new_text = rewrite_split(new_text, counted.persona_counts, replace, period if new_period else None)
    except ImportProblem as problem:
        fail(str(problem))
    for note in notes:
        typer.echo(f"{map_path}: {note}", err=True)
    problems = [d for d in validate_bytes(new_text.encode("utf-8"), map_path, settings).diagnostics
                if d.severity == Severity.ERROR]
    if problems:
        fail(f"{map_path}: refusing to write a map that would not validate: {problems[0].message} ({problems[0].code})")
    from journeymap.outputs.numbers import plural

    summary = (f"{plural(counted.responses, 'response')} from {plural(counted.rows, 'row')} into "
               f"{plural(len({tp for tp, _m in counted.counts}), 'touchpoint')}"
               + (f"; {plural(counted.filtered, 'row')} outside --since/--until" if counted.filtered else "")
               + (f"; {plural(counted.rejected_rows, 'row')} rejected" if counted.rejected_rows else "")
               + (f"; split by persona at {plural(len(counted.persona_counts), 'metric')}"
                  if counted.persona_counts else "")
               + (f"; new period {period}: counts replaced" if new_period else
                  f"; same period {period}: counts added" if period else ""))
    if dry_run:
        typer.echo("".join(difflib.unified_diff(text.splitlines(True), new_text.splitlines(True),
                                                f"a/{map_path}", f"b/{map_path}")), nl=False)
        typer.echo(f"dry run, nothing written: {summary}", err=True)
    elif blocked:
        typer.echo(f"nothing written: {summary} (fix them, or use --allow-bad-rows)", err=True)
    else:
        write_output(new_text, output or Path(map_path), inputs=[responses])
        typer.echo(f"wrote {output or map_path}: {summary}", err=True)
    if blocked:
        raise typer.Exit(EXIT_FINDINGS)
