"""`jmap diff OLD NEW`: what changed between two versions of a map, and whether it got better."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from journeymap.outputs.registry import DIFF
from journeymap.commands.common import EXIT_FINDINGS, display_name, settings_for, write_output
from journeymap.commands.options import config_option, format_option, output_option


DiffFormat = DIFF.choices()


def diff(
    old: str = typer.Argument(..., help="The earlier map: a file, - for stdin, or REV:PATH from git (HEAD~1:maps/x.jmap.yaml)."),
    new: str = typer.Argument(..., help="The later map, in the same forms."),
    format: DiffFormat = format_option(DIFF, "table"),
    output: Optional[Path] = output_option("the diff"),
    config: Optional[str] = config_option(),
    fail_on_regression: bool = typer.Option(False, "--fail-on-regression",
                                            help="Exit 1 when a metric dropped significantly (5 % level)."),
    every: bool = typer.Option(False, "--all", help="List every metric, the unchanged ones too."),
) -> None:
    """Compare two maps: structure added, removed, moved or renamed, and every metric change with its 95 % interval."""
    from journeymap.commands.common import valid_map
    from journeymap.commands.map_source import read_source
    from journeymap.compare.diff import diff_maps
    from journeymap.outputs.registry import View

    if old == "-" and new == "-":
        from journeymap.commands.common import fail

        fail("only one side can be read from stdin")
    settings = settings_for(config)  # the rules and limits both maps are read with, as validate reads them
    maps = [valid_map(lambda spec=spec: read_source(spec, settings.limits.max_bytes), display_name(spec), settings,
                      verb="compared")[0]
            for spec in (old, new)]
    result = diff_maps(*maps)
    import shutil

    width = shutil.get_terminal_size((100, 24)).columns
    text = DIFF.render(format.value, result, View(labels=(old, new), width=width, every=every,
                                                  low_sample=settings.low_sample))
    write_output(text, output, inputs=[p for p in (old, new) if Path(p).exists()])
    if fail_on_regression and result.regressions:
        raise typer.Exit(EXIT_FINDINGS)
