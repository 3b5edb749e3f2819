"""The `jmap` command: a thin shell that reads arguments, calls the core and prints a format.

Heavy modules (pydantic, rich, graphviz) are imported inside the commands that need them,
so that `jmap --version` and a small `jmap validate` start fast.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from journeymap import __version__
from journeymap.files import WriteRefused

app = typer.Typer(
    name="jmap",
    help="Customer journey maps as code: validate, score, report and render.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE = 0, 1, 2


class UsageProblem(Exception):
    """A problem with what the user asked for: one line on stderr, exit 2."""


def fail(message: str) -> None:
    raise UsageProblem(message)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jmap {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """Customer journey maps as code."""


class ValidateFormat(str, Enum):
    auto = "auto"
    text = "text"
    json = "json"
    sarif = "sarif"


def read_input(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    with open(path, "rb") as handle:
        return handle.read()


def write_output(text: str, output: Optional[Path]) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from journeymap.files import write_atomic

    write_atomic(output, text.encode("utf-8"))


def color_wanted(stream=None) -> bool:
    stream = stream or sys.stdout
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


@app.command()
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


@app.command()
def schema(
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the schema to this file."),
) -> None:
    """Print the JSON Schema of the map format (for editors and check-jsonschema)."""
    from journeymap.model import schema_text

    write_output(schema_text(), output)


def main() -> None:
    try:
        app()
    except (UsageProblem, WriteRefused) as problem:
        typer.echo(f"jmap: {problem}", err=True)
        sys.exit(EXIT_TROUBLE)
    except OSError as error:
        typer.echo(f"jmap: {error.filename or ''}{': ' if error.filename else ''}{error.strerror or error}", err=True)
        sys.exit(EXIT_TROUBLE)
    except KeyboardInterrupt:
        sys.exit(130)
    except SystemExit:
        raise
    except BrokenPipeError:
        sys.exit(EXIT_TROUBLE)
    except Exception as error:  # the promise: one line, never a traceback
        typer.echo(f"jmap: internal error: {type(error).__name__}: {error}", err=True)
        sys.exit(EXIT_TROUBLE)
