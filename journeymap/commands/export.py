"""`jmap export --format FORMAT MAP`: the map in another tool's format."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from journeymap.outputs.registry import EXPORT
from journeymap.commands.common import display_name, fail, load_valid_result, settings_for, write_output
from journeymap.commands.options import config_option, format_option, output_option

ExportFormat = EXPORT.choices()


def export(
    map_path: str = typer.Argument(..., metavar="MAP", help="The map to export, or - for stdin."),
    format: ExportFormat = format_option(EXPORT),
    output: Optional[Path] = output_option("the export"),
    config: Optional[str] = config_option(),
    previous: Optional[str] = typer.Option(
        None, "--previous", metavar="OLD",
        help="html: the map of the previous period (a file, or REV:PATH from git, as jmap diff's OLD); the page's "
             "first screen then shows the biggest changes since, with their intervals and significance."),
) -> None:
    """Export a map to another format."""
    # the same targets and threshold as `jmap score` and `jmap report`
    settings = settings_for(config)
    name = display_name(map_path)
    if previous is not None and format.value != "html":
        fail(f"--previous is for --format html (the page's summary), not {format.value}")
    if previous == "-":
        fail("--previous reads a file or REV:PATH from git, not stdin")
    checked = load_valid_result(map_path, settings, verb="exported")
    from journeymap.gaps.scored import scored
    from journeymap.outputs.registry import OutputFailed, View

    changes = None if previous is None else _changes_since(previous, checked.map, settings)
    try:
        text = EXPORT.render(format.value, scored(checked.map, settings, checked.context),
                             View(settings=settings, low_sample=settings.low_sample, previous=changes))
    except OutputFailed as problem:
        fail(f"{name}: not exported: {problem}")
    write_output(text, output, inputs=[p for p in (map_path, previous) if p and Path(p).exists()])


def _changes_since(previous: str, journey_map, settings):
    """The diff from the previous period's map to this one, read and checked as `jmap diff` reads OLD."""
    from journeymap.commands.common import valid_map
    from journeymap.commands.map_source import read_source
    from journeymap.compare.diff import diff_maps

    old = valid_map(lambda: read_source(previous, settings.limits.max_bytes), display_name(previous), settings,
                    verb="compared")[0]
    return diff_maps(old, journey_map)
