"""`jmap validate` and `jmap schema`."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from journeymap.commands.common import EXIT_FINDINGS, EXIT_TROUBLE, color_wanted, read_input, write_output


class ValidateFormat(str, Enum):
    auto = "auto"
    text = "text"
    json = "json"
    sarif = "sarif"


def validate(
    paths: List[str] = typer.Argument(..., help="Map files, folders (searched for *.jmap.yaml / *.jmap.yml), or - for stdin."),
    format: ValidateFormat = typer.Option(ValidateFormat.auto, "--format", "-f", help="Output format."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file (atomically)."),
    strict: bool = typer.Option(False, "--strict", help="Fail on warnings too."),
    show_info: bool = typer.Option(False, "--show-info", help="Also show info findings (omnichannel holes)."),
) -> None:
    """Check journey maps: structure, references and journey gaps, at file:line:col."""
    from journeymap.diagnostics import Severity
    from journeymap.discovery import discover
    from journeymap.formats import render
    from journeymap.formats.run import Run
    from journeymap.settings import Settings
    from journeymap.validation import validate_bytes

    settings = Settings(show_info=show_info)
    found = discover(paths, settings)
    run = Run()
    trouble = list(found.problems)
    for path in found.files:
        name = "<stdin>" if path == "-" else path
        try:
            raw = read_input(path)
        except OSError as error:
            trouble.append(f"{name}: cannot read ({error.strerror or error})")
            continue
        result = validate_bytes(raw, name, settings)
        run.files.append(name)
        run.diagnostics.extend(d for d in result.diagnostics
                               if settings.show_info or d.severity > Severity.INFO)
    run.diagnostics.sort(key=lambda d: d.sort_key())
    chosen = format.value
    if chosen == "auto":
        chosen = "text"
    write_output(render(chosen, run, color=output is None and chosen == "text" and color_wanted()), output)
    for line in trouble:
        typer.echo(f"jmap: {line}", err=True)
    if trouble:
        raise typer.Exit(EXIT_TROUBLE)
    failing = Severity.WARNING if strict else Severity.ERROR
    if any(d.severity >= failing for d in run.diagnostics):
        raise typer.Exit(EXIT_FINDINGS)


def schema(
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the schema to this file."),
) -> None:
    """Print the JSON Schema of the map format (for editors and check-jsonschema)."""
    from journeymap.model import schema_text

    write_output(schema_text(), output)


