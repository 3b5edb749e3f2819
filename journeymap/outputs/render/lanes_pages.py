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
from journeymap.outputs.render.facts import gather, marks_used
from journeymap.outputs.render import persona_cards
from journeymap.outputs.render.lanes import COLUMN, GAP, HEAD_WIDTH, NODE_DEFAULTS, STAGE_GAP, step_columns, persona_key, \
    draw_band, view_rows
from journeymap.outputs.render.legend import PAGE_HEADER_HEIGHT, page_header
from journeymap.outputs.render.pages import MARGIN, Page, frame, position, touchpoint_span, snap_zoom
from journeymap.load.settings import LOW_SAMPLE_THRESHOLD

BAND_GAP = 18
SMALLEST_ZOOM = 0.8  # of the page's own: below it, a band's rows go onto more pages instead


def build_pages(journey_map: JourneyMap, page: Page, low_sample: int = LOW_SAMPLE_THRESHOLD,
                persona: Optional[str] = None, view: str = "lanes") -> list[str]:
    """One DOT graph per page; `persona` keeps only that persona's emotion line. The persona cards
    head the first page of the lanes view."""
    facts = gather(journey_map, low_sample)
    rows = view_rows(journey_map, facts, None, view)
    tips = {f.id: touchpoint_tooltip(journey_map, f) for f in facts}
    personas = [(i, p) for i, p in enumerate(journey_map.personas) if persona in (None, p.id)]
    if view == "blueprint":
        personas = []
    for zoom in (page.zoom, page.zoom * 0.9, page.zoom * SMALLEST_ZOOM):
        page = page._replace(zoom=snap_zoom(page.width, page.height, zoom))
        cards, cards_bottom = persona_cards.draw(journey_map, personas, _content_top(), MARGIN,
                                                 page.design_width - MARGIN)
        pages, split = _paginate(journey_map, facts, rows, personas, tips, page, cards_bottom - _content_top())
        if not split:
            break
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
            "label": page_header(journey_map.journey.title, _subtitle(journey_map, facts, layout, view != "blueprint"),
                                 f"page {number_} of {len(pages)}", page.design_width - 2 * MARGIN, low_sample,
                                 keys, set() if view == "blueprint" else marks_used(_shown_facts(facts, layout)))}))
        top = _content_top()
        if number_ == 1 and cards:
            lines.extend(cards)
            top = cards_bottom + BAND_GAP - GAP
        for b, (columns, band_rows, height) in enumerate(layout):
            band, _bottom = draw_band(journey_map, facts, columns, band_rows, personas, tips, top, MARGIN,
                                      suffix=f"@{number_}.{b}")
            lines.extend(band)
            top += height + BAND_GAP
        lines.append("}")
        out.append("\n".join(lines) + "\n")
    return out


def _shown_facts(facts: list, layout: list) -> list:
    shown = {tp_id for columns, _r, _h in layout for _s, ids, _l in columns for tp_id in ids}
    return [f for f in facts if f.id in shown]


def _content_top() -> float:
    return MARGIN + PAGE_HEADER_HEIGHT + 8


def _bands(journey_map: JourneyMap, facts: list, page: Page) -> list[list]:
    """The lanes columns (stage index, touchpoint ids, left) cut into bands as wide as the page."""
    right = page.design_width - MARGIN
    first = MARGIN + HEAD_WIDTH + GAP
    bands, current, left, last_stage = [], [], first, None
    for s, ids, _left in step_columns(journey_map, facts):
        if current and last_stage is not None and s != last_stage:
            left += STAGE_GAP
        if current and left + COLUMN > right:
            bands.append(current)
            current, left = [], first
        current.append((s, ids, left))
        left += COLUMN + GAP
        last_stage = s
    if current:
        bands.append(current)
    return bands


def _paginate(journey_map: JourneyMap, facts: list, rows: list, personas: list, tips: dict, page: Page,
              first_used: float = 0.0) -> tuple[list, bool]:
    """Pages as lists of (columns, rows, height) bands, and whether a band's rows had to be split
    over pages; `first_used` is taken on the first page already (the persona cards)."""
    room = page.design_height - _content_top() - MARGIN
    pages, used, split = [[]], first_used, False
    for columns in _bands(journey_map, facts, page):
        first_room = room - used - BAND_GAP if used and not pages[-1] else room
        groups = _row_groups(journey_map, facts, columns, rows, personas, tips, room, first_room)
        split = split or len(groups) > 1
        for group in groups:
            _lines, height = draw_band(journey_map, facts, columns, group, personas, tips, 0)
            if (pages[-1] or used) and used + BAND_GAP + height > room:
                pages.append([])
                used = 0.0
            used += (BAND_GAP if pages[-1] or used else 0) + height
            pages[-1].append((columns, group, height))
    return pages, split


def _row_groups(journey_map: JourneyMap, facts: list, columns: list, rows: list, personas: list, tips: dict,
                room: float, first_room: float) -> list[list]:
    """The rows in runs that fit the page under the stage heads (all of them when they fit); the
    first run fits `first_room`, what is left of a page that already holds the persona cards."""
    head = draw_band(journey_map, facts, columns, [], personas, tips, 0)[1]
    groups, used = [[]], head
    for row in rows:
        height = draw_band(journey_map, facts, columns, [row], personas, tips, 0)[1] - head
        if groups[-1] and used + height > (first_room if len(groups) == 1 else room):
            groups.append([])
            used = head
        groups[-1].append(row)
        used += height
    return groups


def _subtitle(journey_map: JourneyMap, facts: list, layout: list, personas_shown: bool = True) -> str:
    stages = list(dict.fromkeys(clean(journey_map.stages[s].name, 40) for columns, _r, _h in layout
                                for s, _t, _l in columns))
    shown = [tp_id for columns, _r, _h in layout for _s, ids, _l in columns for tp_id in ids if tp_id is not None]
    order = [f.id for f in facts]
    span = touchpoint_span(order, shown)
    names = list(dict.fromkeys(name for _c, band_rows, _h in layout for _key, name, _cells in band_rows))
    rows = "" if not names else f"; rows {names[0]}\u2013{names[-1]}" if len(names) > 1 else f"; row {names[0]}"
    return f"{'Lanes' if personas_shown else 'Blueprint'}: {', '.join(stages)}; {span}{rows}."
