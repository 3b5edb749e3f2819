"""`jmap render`: draw a journey map as SVG, PNG or PDF (or print its DOT)."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from journeymap.commands.common import EXIT_FINDINGS, fail, read_input


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
) -> None:
    """Draw the journey: a flow of touchpoints coloured by score, or the classic journey-map grid."""
    from journeymap.files import write_atomic
    from journeymap.render.output import format_for

    fmt = format_for(output, format.value if format else None)
    if fmt is None:
        fail(f"{output}: cannot tell the format from the extension; use --format svg, png, pdf or dot")
    if output is None and fmt in ("png", "pdf") and sys.stdout.isatty():
        fail(f"{fmt.upper()} is binary: write it to a file with -o map.{fmt}")
    name = "<stdin>" if map_path == "-" else map_path
    journey_map = _load(map_path, name)

    from journeymap.render import GraphvizFailed, GraphvizMissing, UnknownPersona, draw

    try:
        data = draw(journey_map, fmt, view.value, persona)
    except (GraphvizMissing, GraphvizFailed, UnknownPersona) as problem:
        fail(str(problem))
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_atomic(output, data, inputs=[] if map_path == "-" else [map_path])


def _load(map_path: str, name: str):
    """The validated map; errors go to stderr as file:line:col and exit 1."""
    from journeymap.diagnostics import Severity
    from journeymap.textsafe import inert
    from journeymap.validation import validate_bytes

    try:
        raw = read_input(map_path)
    except OSError as error:
        fail(f"{name}: cannot read ({error.strerror or error})")
    result = validate_bytes(raw, name)
    errors = [d for d in result.diagnostics if d.severity == Severity.ERROR]
    if errors or result.map is None:
        for d in errors:
            typer.echo(f"{inert(d.file)}:{d.line}:{d.column}: [error] {inert(d.message)} ({d.code})", err=True)
        typer.echo(f"jmap: {inert(name)}: not rendered: fix the errors above", err=True)
        raise typer.Exit(EXIT_FINDINGS)
    return result.map
