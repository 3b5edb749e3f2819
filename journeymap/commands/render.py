"""`jmap render`: draw a journey map as SVG, PNG or PDF (or print its DOT)."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from journeymap.commands.common import fail, load_valid_map, settings_for


class View(str, Enum):
    flow = "flow"
    lanes = "lanes"


class RenderFormat(str, Enum):
    svg = "svg"
    png = "png"
    pdf = "pdf"
    dot = "dot"


def render(
    map_path: str = typer.Argument(..., metavar="MAP", help="The journey map (a .jmap.yaml file), or - for stdin."),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="Write here (atomically); the format follows the extension."),
    format: Optional[RenderFormat] = typer.Option(None, "--format", "-f",
                                                  help="svg, png, pdf or dot; default: from -o, else svg."),
    view: View = typer.Option(View.flow, "--view", help="flow: touchpoints and arrows; lanes: the stage-by-row grid."),
    persona: Optional[str] = typer.Option(None, "--persona", help="Draw only this persona's path; the rest fades."),
    config: Optional[str] = typer.Option(None, "--config", help="Configuration file (low-sample threshold, rules)."),
) -> None:
    """Draw the journey: a flow of touchpoints coloured by score, or the classic journey-map grid."""
    from journeymap.base.files import write_atomic
    from journeymap.outputs.render.output import format_for

    if output is not None and map_path != "-" and _same_file(output, map_path):
        fail(f"{output}: refusing to write over an input file")
    fmt = format_for(output, format.value if format else None)
    if fmt is None:
        fail(f"{output}: cannot tell the format from the extension; use --format svg, png, pdf or dot")
    if output is None and fmt in ("png", "pdf") and sys.stdout.isatty():
        fail(f"{fmt.upper()} is binary: write it to a file with -o map.{fmt}")
    settings = settings_for(config)
    journey_map, _raw = load_valid_map(map_path, settings, verb="rendered")

    from journeymap.outputs.render import GraphvizFailed, GraphvizMissing, UnknownPersona, draw

    try:
        data = draw(journey_map, fmt, view.value, persona, low_sample=settings.low_sample)
    except (GraphvizMissing, GraphvizFailed, UnknownPersona) as problem:
        fail(str(problem))
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_atomic(output, data, inputs=[] if map_path == "-" else [map_path])


def _same_file(output: Path, map_path: str) -> bool:
    try:
        return os.path.samefile(output, map_path)
    except OSError:  # either does not exist (yet): nothing to overwrite
        return False
