"""`jmap render`: journey maps as pictures. jmap builds the DOT; Graphviz lays it out and draws it.

`build_dot` is the tested artefact (pure, deterministic); `draw` turns it into SVG, PNG or PDF.
"""

from __future__ import annotations

from typing import Optional

from journeymap.model.records import JourneyMap
from journeymap.outputs.render.output import FORMATS, GraphvizFailed, GraphvizMissing, accessible_svg, run_dot, stable_pdf
from journeymap.load.settings import LOW_SAMPLE_THRESHOLD

VIEWS = ("flow", "lanes")

__all__ = ["VIEWS", "FORMATS", "GraphvizMissing", "GraphvizFailed", "UnknownPersona", "TooLargeToDraw", "build_dot",
           "build_pages", "draw", "draw_pages", "describe", "MAX_DRAWN"]
# Touchpoints one run draws at most: Graphviz's layout grows faster than the map (1,000 take about
# a second, 50,000 would run for hours and gigabytes), so a larger map is refused at once, clearly.
MAX_DRAWN = 5_000


class TooLargeToDraw(GraphvizFailed):
    """More touchpoints than one run of Graphviz can lay out in reasonable time and memory."""


def check_drawable(journey_map: JourneyMap) -> None:
    count = sum(len(stage.touchpoints) for stage in journey_map.stages)
    if count > MAX_DRAWN:
        raise TooLargeToDraw(f"{count:,} touchpoints are more than one picture can hold (at most {MAX_DRAWN:,}): "
                             "draw a part with --stage (or --persona with --fit), or write --format dot")
DEFAULT_SCALE = 2.0  # PNG pixels per point: sharp on high-density screens and projectors


class UnknownPersona(ValueError):
    pass


def build_dot(journey_map: JourneyMap, view: str = "flow", persona: Optional[str] = None,
              low_sample: int = LOW_SAMPLE_THRESHOLD) -> str:
    """The DOT source of one view of the map."""
    if persona is not None and persona not in {p.id for p in journey_map.personas}:
        known = ", ".join(p.id for p in journey_map.personas) or "none"
        raise UnknownPersona(f"unknown persona {persona!r} (the map has: {known})")
    if view == "flow":
        from journeymap.outputs.render import flow

        return flow.build(journey_map, persona, low_sample)
    if view == "lanes":
        from journeymap.outputs.render import lanes

        return lanes.build(journey_map, persona, low_sample)
    raise ValueError(f"unknown view {view!r} (use one of: {', '.join(VIEWS)})")


def describe(journey_map: JourneyMap, view: str) -> str:
    """One sentence for the SVG's <desc>: what the picture shows."""
    count = sum(1 for _ in journey_map.touchpoints())
    shown = ("touchpoints as boxes filled by experience score, arrows for the next step"
             if view == "flow" else
             "a grid of touchpoints, channels, satisfaction, pains and opportunities per stage, "
             "with an emotion curve per persona")
    return (f"Customer journey map with {len(journey_map.stages)} stages and {count} touchpoints: {shown}. "
            "Hover a touchpoint for its numbers.")


def build_pages(journey_map: JourneyMap, view: str, page, low_sample: int = LOW_SAMPLE_THRESHOLD,
                persona: Optional[str] = None) -> list[str]:
    """The DOT source of each page of one view fitted to `page` (a pages.Page). Draw a part of the
    map with `subset.subset` first; `persona` keeps only that persona's emotion line in lanes."""
    if view == "flow":
        from journeymap.outputs.render import flow_pages

        return flow_pages.build_pages(journey_map, page, low_sample)
    if view == "lanes":
        from journeymap.outputs.render import lanes_pages

        return lanes_pages.build_pages(journey_map, page, low_sample, persona)
    raise ValueError(f"unknown view {view!r} (use one of: {', '.join(VIEWS)})")


def draw(journey_map: JourneyMap, fmt: str, view: str = "flow", persona: Optional[str] = None,
         low_sample: int = LOW_SAMPLE_THRESHOLD, scale: float = DEFAULT_SCALE) -> bytes:
    """The finished file's bytes in `fmt` (svg, png, pdf or dot); a PNG has `scale` pixels per point."""
    if fmt != "dot":
        check_drawable(journey_map)
    return _finish(journey_map, build_dot(journey_map, view, persona, low_sample), fmt, view, scale)


def draw_pages(journey_map: JourneyMap, fmt: str, view: str, page, low_sample: int = LOW_SAMPLE_THRESHOLD,
               scale: float = DEFAULT_SCALE, persona: Optional[str] = None) -> list[bytes]:
    """Each fitted page's file in `fmt`; a PDF is one file with every page, DOT one file with every graph."""
    if fmt != "dot":
        check_drawable(journey_map)
    sources = build_pages(journey_map, view, page, low_sample, persona)
    if fmt == "dot":
        return ["".join(sources).encode("utf-8")]
    drawn = [_finish(journey_map, source, fmt, view, scale) for source in sources]
    if fmt == "pdf":
        from journeymap.outputs.render.pdf_pages import join_pdfs

        return [stable_pdf(join_pdfs(drawn))]
    return drawn


def _finish(journey_map: JourneyMap, source: str, fmt: str, view: str, scale: float) -> bytes:
    if fmt == "dot":
        return source.encode("utf-8")
    drawn = run_dot(source, fmt, dpi=72 * scale)
    if fmt == "svg":
        drawn = accessible_svg(drawn, journey_map.journey.title, describe(journey_map, view))
    elif fmt == "pdf":
        drawn = stable_pdf(drawn)
    return drawn
