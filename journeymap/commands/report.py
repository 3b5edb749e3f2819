"""`jmap report`: the gap report a team reviews together, in a terminal or a pull request."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from journeymap.outputs.registry import REPORT
from journeymap.commands.common import (EXIT_FINDINGS, color_wanted, fail, load_valid_result, settings_for,
                                        terminal_width, write_output)
from journeymap.commands.options import config_option, format_option, output_option


ReportFormat = REPORT.choices()


class FailOn(str, Enum):
    significant_gap = "significant-gap"
    any_gap = "any-gap"


class GroupBy(str, Enum):
    owner = "owner"


def report(
    map_path: str = typer.Argument(..., metavar="MAP", help="The journey map, or - for stdin."),
    format: ReportFormat = format_option(REPORT, "table"),
    output: Optional[Path] = output_option("the report"),
    top: int = typer.Option(10, "--top", min=0, help="How many gaps the fix-first list shows; 0 for all."),
    persona: Optional[str] = typer.Option(None, "--persona", help="Only touchpoints serving this persona."),
    stage: Optional[str] = typer.Option(None, "--stage", help="Only this stage."),
    by: Optional[GroupBy] = typer.Option(None, "--by", help="owner: one fix-first list per owning team."),
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on",
                                             help="Exit 1 on a significant-gap (the whole interval under "
                                                  "target) or on any-gap."),
    config: Optional[str] = config_option(),
) -> None:
    """Gaps: what is under target and what to fix first, coverage holes, flow problems."""
    from journeymap.gaps import UnknownFilter, analyse
    from journeymap.outputs.registry import View

    settings = settings_for(config)
    checked = load_valid_result(map_path, settings, verb="reported on")
    try:
        found = analyse(checked.map, settings, persona=persona, stage=stage, context=checked.context)
    except UnknownFilter as problem:
        fail(str(problem))
    color = output is None and format.value == "table" and color_wanted()
    view = View(color=color, width=terminal_width(), top=top, by=by.value if by else None, low_sample=settings.low_sample)
    text = REPORT.render(format.value, found, view)
    write_output(text, output, inputs=[map_path])
    if fail_on is not None:
        from journeymap.outputs.numbers import plural

        failing = [g for g in found.gaps if fail_on == FailOn.any_gap or g.significant]
        if failing:
            kind = "gap" if fail_on == FailOn.any_gap else "significant gap"
            typer.echo(f"jmap: {plural(len(failing), kind)} under target "
                       f"(--fail-on {fail_on.value})", err=True)
            raise typer.Exit(EXIT_FINDINGS)
