"""`jmap render`: journey maps as pictures. jmap builds the DOT; Graphviz lays it out and draws it.

`build_dot` is the tested artefact (pure, deterministic); `draw` turns it into SVG, PNG or PDF.
"""

from __future__ import annotations

from typing import Optional

from journeymap.model.records import JourneyMap
from journeymap.outputs.render.output import FORMATS, GraphvizFailed, GraphvizMissing, accessible_svg, run_dot, stable_pdf
from journeymap.load.settings import LOW_SAMPLE_THRESHOLD

VIEWS = ("flow", "lanes")

__all__ = ["VIEWS", "FORMATS", "GraphvizMissing", "GraphvizFailed", "UnknownPersona", "build_dot", "draw", "describe"]


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


def draw(journey_map: JourneyMap, fmt: str, view: str = "flow", persona: Optional[str] = None,
         low_sample: int = LOW_SAMPLE_THRESHOLD) -> bytes:
    """The finished file's bytes in `fmt` (svg, png, pdf or dot)."""
    source = build_dot(journey_map, view, persona, low_sample)
    if fmt == "dot":
        return source.encode("utf-8")
    drawn = run_dot(source, fmt)
    if fmt == "svg":
        drawn = accessible_svg(drawn, journey_map.journey.title, describe(journey_map, view))
    elif fmt == "pdf":
        drawn = stable_pdf(drawn)
    return drawn
