"""`jmap export --format FORMAT MAP`: the map in another tool's format."""

from __future__ import annotations

import importlib
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from journeymap.commands.common import EXIT_FINDINGS, read_input, write_output


class ExportFormat(str, Enum):
    mermaid = "mermaid"


# format -> (module, function taking a JourneyMap and returning the text); one line per format.
EXPORTERS = {
    "mermaid": ("journeymap.mermaid", "to_mermaid"),
}


def export(
    map_path: str = typer.Argument(..., metavar="MAP", help="The map to export, or - for stdin."),
    format: ExportFormat = typer.Option(..., "--format", "-f", help="mermaid: a Mermaid journey diagram (GitHub draws it in Markdown)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file (atomically) instead of stdout."),
) -> None:
    """Export a map to another format."""
    from journeymap.commands.common import fail
    from journeymap.commands.map_source import valid_map

    name = "<stdin>" if map_path == "-" else map_path
    try:
        raw = read_input(map_path)
    except OSError as error:
        fail(f"{name}: cannot read ({error.strerror or error})")
    journey_map = valid_map(raw, name)
    if journey_map is None:
        raise typer.Exit(EXIT_FINDINGS)
    module, function = EXPORTERS[format.value]
    text = getattr(importlib.import_module(module), function)(journey_map)
    if output is None:
        write_output(text, None)
        return
    from journeymap.files import write_atomic

    write_atomic(output, text.encode("utf-8"), inputs=[] if map_path == "-" else [map_path])
