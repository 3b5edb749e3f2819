"""The lanes view fitted to pages (`jmap render --fit`): the grid cut into bands of columns.

Each band repeats the row names and carries its stages' heads, so a page reads on its own;
bands stack down the page, then onto the next page. A band taller than the page (long pains,
many rows) lowers the zoom of every page just enough to fit, so no cell is ever cut.
"""

from __future__ import annotations

from typing import Optional

from journeymap.model.records import JourneyMap
from journeymap.outputs.render.cards import touchpoint_tooltip
from journeymap.outputs.render.dot import clean, quote, statement
from journeymap.outputs.render.facts import gather
from journeymap.outputs.render.lanes import COLUMN, GAP, HEAD_WIDTH, NODE_DEFAULTS, STAGE_GAP, persona_key, lane_rows, \
    draw_band
from journeymap.outputs.render.legend import PAGE_HEADER_HEIGHT, page_header
from journeymap.outputs.render.pages import MARGIN, Page, frame, position
from journeymap.load.settings import LOW_SAMPLE_THRESHOLD

BAND_GAP = 18
ZOOM_TRIES = 4


def build_pages(journey_map: JourneyMap, page: Page, low_sample: int = LOW_SAMPLE_THRESHOLD,
                persona: Optional[str] = None) -> list[str]:
    """One DOT graph per page; `persona` keeps only that persona's emotion line."""
    facts = gather(journey_map, low_sample)
    rows = lane_rows(journey_map, facts, None)
    tips = {f.id: touchpoint_tooltip(journey_map, f) for f in facts}
    personas = [(i, p) for i, p in enumerate(journey_map.personas) if persona in (None, p.id)]
    for _try in range(ZOOM_TRIES):
        pages = _paginate(journey_map, facts, rows, personas, tips, page)
        tallest = max(height for layout in pages for _columns, height in layout)
        room = page.design_height - _content_top() - MARGIN
        if tallest <= room:
            break
        page = page._replace(zoom=round(page.zoom * room / tallest * 0.99, 4))
    keys = tuple(persona_key(i, p.name) for i, p in personas)
    out = []
    for number_, layout in enumerate(pages, 1):
        lines = ['digraph "journey" {'] + frame(page)
        lines.append(statement("node", NODE_DEFAULTS))
        lines.append(statement("edge", {"dir": "none"}))
        lines.append(statement(quote("header"), {
            **position(MARGIN, MARGIN, page.design_width - 2 * MARGIN, PAGE_HEADER_HEIGHT),
            "shape": "plaintext", "margin": "0", "style": '""',
            "tooltip": quote("Journey: " + clean(journey_map.journey.title, 200)),
            "label": page_header(journey_map.journey.title, _subtitle(journey_map, facts, layout),
                                 f"page {number_} of {len(pages)}", page.design_width - 2 * MARGIN, low_sample,
                                 keys)}))
        top = _content_top()
        for b, (columns, height) in enumerate(layout):
            band, _bottom = draw_band(journey_map, facts, columns, rows, personas, tips, top, MARGIN,
                                      suffix=f"@{number_}.{b}")
            lines.extend(band)
            top += height + BAND_GAP
        lines.append("}")
        out.append("\n".join(lines) + "\n")
    return out


def _content_top() -> float:
    return MARGIN + PAGE_HEADER_HEIGHT + 8


def _bands(journey_map: JourneyMap, facts: list, page: Page) -> list[list]:
    """Columns (stage index, touchpoint id or None, left) cut into bands as wide as the page."""
    right = page.design_width - MARGIN
    first = MARGIN + HEAD_WIDTH + GAP
    bands, current, left, last_stage = [], [], first, None
    for s, _stage in enumerate(journey_map.stages):
        for tp_id in [f.id for f in facts if f.stage_index == s] or [None]:
            if current and last_stage is not None and s != last_stage:
                left += STAGE_GAP
            if current and left + COLUMN > right:
                bands.append(current)
                current, left = [], first
            current.append((s, tp_id, left))
            left += COLUMN + GAP
            last_stage = s
    if current:
        bands.append(current)
    return bands


def _paginate(journey_map: JourneyMap, facts: list, rows: list, personas: list, tips: dict, page: Page) -> list:
    """Pages as lists of (columns, height) bands."""
    room = page.design_height - _content_top() - MARGIN
    pages, used = [[]], 0.0
    for columns in _bands(journey_map, facts, page):
        _lines, height = draw_band(journey_map, facts, columns, rows, personas, tips, 0)
        if pages[-1] and used + BAND_GAP + height > room:
            pages.append([])
            used = 0.0
        used += (BAND_GAP if pages[-1] else 0) + height
        pages[-1].append((columns, height))
    return pages


def _subtitle(journey_map: JourneyMap, facts: list, layout: list) -> str:
    stages = list(dict.fromkeys(clean(journey_map.stages[s].name, 40) for columns, _h in layout for s, _t, _l in columns))
    shown = [tp_id for columns, _h in layout for _s, tp_id, _l in columns if tp_id is not None]
    order = [f.id for f in facts]
    span = (f"touchpoints {order.index(shown[0]) + 1}\u2013{order.index(shown[-1]) + 1} of {len(facts)}"
            if shown else f"no touchpoints of {len(facts)}")
    return f"Lanes: {', '.join(stages)}; {span}. The curve is the felt emotion."
