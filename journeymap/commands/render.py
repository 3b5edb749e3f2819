"""`jmap render`: draw a journey map as SVG, PNG or PDF (or print its DOT)."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from journeymap.commands.common import fail, load_valid_map, settings_for
from journeymap.commands.options import config_option


class View(str, Enum):
    flow = "flow"
    lanes = "lanes"


class Fit(str, Enum):
    slide = "slide"
    a4 = "a4"
    a3 = "a3"
    poster = "poster"


class Split(str, Enum):
    stage = "stage"


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
    persona: Optional[str] = typer.Option(None, "--persona",
                                          help="That persona's path: the rest fades; with --fit, only its touchpoints."),
    stage: Optional[list[str]] = typer.Option(None, "--stage", help="Draw only this stage (repeat for more)."),
    fit: Optional[Fit] = typer.Option(None, "--fit",
                                      help="Fit pages: slide (16:9), a4, a3 or poster; stages wrap into rows, "
                                           "overflow goes onto more pages."),
    size: Optional[str] = typer.Option(None, "--size", metavar="WxH",
                                       help="Fit pages of this many pixels (at --scale 1), e.g. 1600x900."),
    split: Optional[Split] = typer.Option(None, "--split", help="stage: one picture per stage."),
    scale: float = typer.Option(2.0, "--scale", min=0.25, max=8.0, help="PNG pixels per point (default 2: sharp on "
                                                                        "high-density screens)."),
    config: Optional[str] = config_option(),
) -> None:
    """Draw the journey: a flow of touchpoints coloured by score, or the classic journey-map grid."""
    from journeymap.outputs.render.output import format_for

    if output is not None and map_path != "-" and _same_file(output, map_path):
        fail(f"{output}: refusing to write over an input file")
    fmt = format_for(output, format.value if format else None)
    if fmt is None:
        fail(f"{output}: cannot tell the format from the extension; use --format svg, png, pdf or dot")
    if output is None and fmt in ("png", "pdf") and sys.stdout.isatty():
        fail(f"{fmt.upper()} is binary: write it to a file with -o map.{fmt}")
    page = _page(fit, size)
    settings = settings_for(config)
    journey_map, _raw = load_valid_map(map_path, settings, verb="rendered")

    from journeymap.outputs.render import GraphvizFailed, GraphvizMissing, UnknownPersona, draw, draw_pages
    from journeymap.outputs.render.subset import UnknownStage, check_stages, subset

    try:
        if persona is not None and persona not in {p.id for p in journey_map.personas}:
            raise UnknownPersona(f"unknown persona {persona!r} (the map has: "
                                 f"{', '.join(p.id for p in journey_map.personas) or 'none'})")
        stages = check_stages(journey_map, stage or ())
        parts = [(stage_id, [stage_id]) for stage_id in (stages or [s.id for s in journey_map.stages])] \
            if split is not None else [(None, stages)]
        files = []
        for part_name, part_stages in parts:
            if page is None:
                drawn = [draw(subset(journey_map, part_stages), fmt, view.value, persona,
                              low_sample=settings.low_sample, scale=scale)]
            else:
                drawn = draw_pages(subset(journey_map, part_stages, persona), fmt, view.value, page,
                                   low_sample=settings.low_sample, scale=scale, persona=persona)
            files.extend(_named(part_name, drawn))
    except (GraphvizMissing, GraphvizFailed, UnknownPersona, UnknownStage) as problem:
        fail(str(problem))
    _write(files, output, fmt, map_path, page, scale)


def _page(fit, size):
    if fit is not None and size is not None:
        fail("use --fit or --size, not both")
    from journeymap.outputs.render.pages import BadPageSize, custom_page, page_for

    if size is not None:
        try:
            return custom_page(size)
        except BadPageSize as problem:
            fail(str(problem))
    return page_for(fit.value) if fit is not None else None


def _named(part: Optional[str], drawn: list) -> list[tuple]:
    """(name suffix, bytes) for every file: `-awareness` for a stage, `-2` for a page."""
    prefix = f"-{part}" if part else ""
    if len(drawn) == 1:
        return [(prefix, drawn[0])]
    return [(f"{prefix}-{number}", data) for number, data in enumerate(drawn, 1)]


def _write(files: list, output: Optional[Path], fmt: str, map_path: str, page, scale: float) -> None:
    """One file as asked; several as `map-1.png`, `map-2.png`, … beside it, each written atomically
    and named on stderr."""
    if output is None:
        if len(files) > 1 and fmt != "dot":
            fail(f"this picture has {len(files)} files (pages or stages): write them with -o map.{fmt}")
        for _suffix, data in files:
            sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from journeymap.base.files import write_atomic

    inputs = [] if map_path == "-" else [map_path]
    written = []
    for suffix, data in files:
        target = output.with_name(output.stem + suffix + output.suffix) if suffix else output
        if map_path != "-" and _same_file(target, map_path):
            fail(f"{target}: refusing to write over an input file")
        write_atomic(target, data, inputs=inputs)
        written.append(str(target))
    if page is not None or len(written) > 1:
        typer.echo(_summary(written, [data for _suffix, data in files], fmt, page, scale), err=True)


def _summary(written: list, contents: list, fmt: str, page, scale: float) -> str:
    """`wrote map-1.png … map-9.png (9 pages of 1920×1080 px)`."""
    names = (written[0] if len(written) == 1 else f"{written[0]} \u2026 {written[-1]}" if len(written) > 3
             else ", ".join(written))
    if page is None:
        return f"wrote {names} ({len(written)} files)"
    if fmt == "pdf":
        from journeymap.outputs.render.pdf_pages import page_count

        pages = sum(page_count(data) for data in contents)
    elif fmt == "dot":
        pages = sum(data.count(b'digraph "journey"') for data in contents)
    else:
        pages = len(written)
    scaled = scale if fmt == "png" else 1
    unit = "px" if fmt == "png" else "pt"
    return (f"wrote {names} ({pages} page{'s' if pages != 1 else ''} of "
            f"{round(page.width * scaled)}\u00d7{round(page.height * scaled)} {unit})")


def _same_file(output: Path, map_path: str) -> bool:
    try:
        return os.path.samefile(output, map_path)
    except OSError:  # either does not exist (yet): nothing to overwrite
        return False
