"""`jmap validate` and `jmap schema`."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path
from typing import List, Optional

import typer

from journeymap.outputs.registry import VALIDATE
from journeymap.commands.common import (EXIT_FINDINGS, EXIT_TROUBLE, color_wanted, read_input, settings_for,
                                        terminal_width, write_output)
from journeymap.commands.options import config_option, format_option, output_option

PROGRESS_ABOVE = 5  # files; fewer finish before a bar would be worth drawing


ValidateFormat = VALIDATE.choices()


def validate(
    paths: List[str] = typer.Argument(..., help="Map files, folders (searched for *.jmap.yaml / *.jmap.yml), or - for stdin."),
    format: ValidateFormat = format_option(VALIDATE, "auto"),
    output: Optional[Path] = output_option("the findings"),
    config: Optional[str] = config_option(),
    strict: bool = typer.Option(False, "--strict", help="Fail on warnings too, and report unused suppressions (JM005)."),
    show_info: bool = typer.Option(False, "--show-info", help="Also show info findings (omnichannel holes)."),
) -> None:
    """Check journey maps: structure, references and journey gaps, at file:line:col."""
    from journeymap.checks.batch import check_files
    from journeymap.load.discovery import discover
    from journeymap.outputs.registry import View
    from journeymap.outputs.validate import choose

    settings = settings_for(config, report_unused_suppressions=strict, show_info=True if show_info else None)
    found = discover(paths, settings)
    from journeymap.base.textsafe import inert

    if found.problems and not found.files:  # nothing was checked: a summary would only contradict
        for line in found.problems:
            typer.echo(f"jmap: {inert(line)}", err=True)
        raise typer.Exit(EXIT_TROUBLE)
    looked_for = ", ".join(settings.patterns)
    for path in paths:
        if os.path.isdir(path) and not any(f.startswith(os.path.join(path, "")) for f in found.files):
            typer.echo(f"jmap: {inert(f'no maps found in {path} (looked for {looked_for})')}", err=True)
    with _Progress(len(found.files)) as advance:
        read = functools.partial(read_input, limit=settings.limits.max_bytes)
        outcome = check_files(found.files, settings, read, strict=strict, on_file=advance)
    on_terminal = output is None and sys.stdout.isatty()
    chosen = choose(format.value, os.environ, on_terminal)
    styled = on_terminal and chosen == "text"
    text = VALIDATE.render(chosen, outcome.run, View(color=styled and color_wanted(),
                                                     width=terminal_width() if styled else None))
    if output is None:
        write_output(text, None)
    else:
        from journeymap.base.files import write_atomic

        write_atomic(output, text.encode("utf-8"), inputs=found.files)
    trouble = found.problems + outcome.problems
    for line in trouble:
        typer.echo(f"jmap: {inert(line)}", err=True)
    if trouble:
        raise typer.Exit(EXIT_TROUBLE)
    if outcome.run.failed:
        raise typer.Exit(EXIT_FINDINGS)


class _Progress:
    """A progress bar on stderr for long runs, only when stderr is a terminal."""

    def __init__(self, total: int):
        self.total = total
        self.bar = None

    def __enter__(self):
        if self.total <= PROGRESS_ABOVE or not sys.stderr.isatty():
            return None
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn

        from journeymap.commands.progress import terminal_bar

        self.bar = terminal_bar(TextColumn("validating"), BarColumn(), MofNCompleteColumn())
        self.bar.start()
        task = self.bar.add_task("validate", total=self.total)
        return lambda _name: self.bar.advance(task)

    def __exit__(self, *_exc) -> None:
        if self.bar is not None:
            self.bar.stop()


def schema(
    output: Optional[Path] = output_option("the schema"),
) -> None:
    """Print the JSON Schema of the map format (for editors and check-jsonschema)."""
    from journeymap.model.definition import schema_text

    write_output(schema_text(), output)
