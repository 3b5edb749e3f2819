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
) -> None:
    """Export a map to another format."""
    # the same targets and threshold as `jmap score` and `jmap report`
    settings = settings_for(config)
    name = display_name(map_path)
    checked = load_valid_result(map_path, settings, verb="exported")
    from journeymap.gaps.scored import scored
    from journeymap.outputs.registry import OutputFailed, View

    try:
        text = EXPORT.render(format.value, scored(checked.map, settings, checked.context),
                             View(settings=settings, low_sample=settings.low_sample))
    except OutputFailed as problem:
        fail(f"{name}: not exported: {problem}")
    write_output(text, output, inputs=[map_path])
