"""`jmap export --format FORMAT MAP`: the map in another tool's format."""

from __future__ import annotations

import importlib
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from journeymap.commands.common import display_name, fail, load_valid_map, settings_for, write_output


class ExportFormat(str, Enum):
    mermaid = "mermaid"
    html = "html"
    csv = "csv"


# format -> (module, function taking a JourneyMap and returning the text, whether it takes the settings).
EXPORTERS = {
    "mermaid": ("journeymap.outputs.mermaid", "to_mermaid", False),
    "html": ("journeymap.outputs.html_export", "to_html", True),
    "csv": ("journeymap.outputs.csv_export", "to_csv", True),
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
    # the same targets and threshold as `jmap score` and `jmap report`
    settings = settings_for(config)
    name = display_name(map_path)
    journey_map, _raw = load_valid_map(map_path, settings, verb="exported")
    module, function, takes_settings = EXPORTERS[format.value]
    exporter = getattr(importlib.import_module(module), function)
    if not takes_settings:
        text = exporter(journey_map)
    else:
        from journeymap.outputs.html_export import UnsafeSvg
        from journeymap.outputs.render import GraphvizFailed, GraphvizMissing

        try:
            text = exporter(journey_map, settings)
        except (GraphvizMissing, GraphvizFailed, UnsafeSvg) as problem:
            fail(f"{name}: not exported: {problem}")
    write_output(text, output, inputs=[map_path])
