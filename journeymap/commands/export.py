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
    html = "html"
    csv = "csv"


# format -> (module, function taking a JourneyMap and returning the text, whether it takes the settings).
EXPORTERS = {
    "mermaid": ("journeymap.mermaid", "to_mermaid", False),
    "html": ("journeymap.html_export", "to_html", True),
    "csv": ("journeymap.csv_export", "to_csv", True),
}

FORMAT_HELP = ("mermaid: a Mermaid journey diagram (GitHub draws it in Markdown); "
               "html: one self-contained page with the lanes map, the scores and the gap report (needs Graphviz); "
               "csv: one row per touchpoint with its numbers, for spreadsheets.")


def export(
    map_path: str = typer.Argument(..., metavar="MAP", help="The map to export, or - for stdin."),
    format: ExportFormat = typer.Option(..., "--format", "-f", help=FORMAT_HELP),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file (atomically) instead of stdout."),
    config: Optional[str] = typer.Option(None, "--config",
                                         help="Configuration file (targets, low-sample threshold) for html and csv."),
) -> None:
    """Export a map to another format."""
    from journeymap.commands.common import fail
    from journeymap.commands.map_source import valid_map

    settings = None
    if EXPORTERS[format.value][2]:
        from journeymap.commands.score import settings_for

        settings = settings_for(config, None)  # the same targets and threshold as `jmap score` and `jmap report`
    name = "<stdin>" if map_path == "-" else map_path
    try:
        raw = read_input(map_path)
    except OSError as error:
        fail(f"{name}: cannot read ({error.strerror or error})")
    journey_map = valid_map(raw, name)
    if journey_map is None:
        raise typer.Exit(EXIT_FINDINGS)
    module, function, takes_settings = EXPORTERS[format.value]
    exporter = getattr(importlib.import_module(module), function)
    if not takes_settings:
        text = exporter(journey_map)
    else:
        from journeymap.html_export import UnsafeSvg
        from journeymap.render import GraphvizFailed, GraphvizMissing

        try:
            text = exporter(journey_map, settings)
        except (GraphvizMissing, GraphvizFailed, UnsafeSvg) as problem:
            fail(f"{name}: not exported: {problem}")
    if output is None:
        write_output(text, None)
        return
    from journeymap.files import write_atomic

    write_atomic(output, text.encode("utf-8"), inputs=[] if map_path == "-" else [map_path])
