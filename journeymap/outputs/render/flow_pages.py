"""The flow view fitted to pages (`jmap render --fit`): stages wrap into rows, rows onto pages.

jmap places every card itself (Graphviz only draws, `layout=nop2`), so the page size is exact
and the text keeps its size however long the journey is. Within a stage, touchpoints that
follow one another (`next`, or the order in the stage when the map has no `next`) stand in
successive columns, and alternatives reached from the same step share a column. A stage too
wide for the page continues on the next row ("continued"); a row that does not fit the page
starts the next page. Arrows between rows run through the gap under the row; an arrow to
another page becomes a note on the card ("→ p. 3").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from journeymap.model.records import JourneyMap
from journeymap.outputs import numbers
from journeymap.outputs.render import palette
from journeymap.outputs.render.dot import clean, html, node_id, quote, statement, text_width, tooltip, wrap
from journeymap.outputs.render.facts import gather, marks_used, next_pairs, stage_columns, undeclared_pairs
from journeymap.outputs.render.flow import (EDGE_DEFAULTS, NAME_LIMIT, NAME_WIDTH, NODE_DEFAULTS, card, conversion_text,
                                             flow_keys, step_traffic, traffic_look, undeclared_edge)
from journeymap.outputs.render.legend import PAGE_HEADER_HEIGHT, page_header
from journeymap.outputs.render.pages import MARGIN, Page, frame, position, touchpoint_span
from journeymap.load.settings import LOW_SAMPLE_THRESHOLD

CARD_WIDTH = 128
FIT_NAME_LINES = 3  # the full name is in the tooltip
COLUMN_GAP = 30  # room for an arrow between columns
STACK_GAP = 12  # between alternatives in one column
STAGE_PAD = 10
STAGE_LABEL = 24
STAGE_GAP = 16
ROW_GAP = 28  # the corridor arrows between rows run through
LINE = 13


@dataclass
class Piece:
    """One stage, or the part of it that fits a row: columns of touchpoint facts."""
    stage_index: int
    part: int
    columns: list
    left: float = 0.0
    top: float = 0.0
    width: float = 0.0
    height: float = 0.0


@dataclass
class PageLayout:
    pieces: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # (top, bottom) of each row


def build_pages(journey_map: JourneyMap, page: Page, low_sample: int = LOW_SAMPLE_THRESHOLD) -> list[str]:
    """One DOT graph per page."""
    facts = gather(journey_map, low_sample)
    pairs = next_pairs(facts)
    card_height = _card_height(facts, notes=False)
    layouts = _paginate(journey_map, facts, pairs, page, card_height)
    if len(layouts) > 1:  # cards get a line for "→ p. 3"; lay out again with it
        card_height = _card_height(facts, notes=True)
        layouts = _paginate(journey_map, facts, pairs, page, card_height)
    page_of = {f.id: number_ for number_, layout in enumerate(layouts, 1)
               for piece in layout.pieces for column in piece.columns for f in column}
    traffic = step_traffic(pairs)  # once for the whole map: a step is as wide on every page
    strays = undeclared_pairs(journey_map, facts)
    return [_draw(journey_map, facts, pairs, page, layout, index, len(layouts), page_of, card_height, low_sample,
                  traffic, strays) for index, layout in enumerate(layouts, 1)]


def _card_height(facts: list, notes: bool) -> float:
    """One height for every card, enough for the longest name, the score and the marks."""
    name_lines = max((len(wrap(clean(f.touchpoint.name, NAME_LIMIT), NAME_WIDTH, FIT_NAME_LINES)) for f in facts), default=1)
    flags = any(f.low_sample or f.touchpoint.pains for f in facts)
    return 12 + 11 + name_lines * LINE + 12 + (12 if flags else 0) + (12 if notes else 0)


def _columns(stage_facts: list, pairs: list, max_stack: int) -> list[list]:
    """The stage's columns, a column of more alternatives than the page holds split in two."""
    return [column[i:i + max_stack] for column in stage_columns(stage_facts, pairs)
            for i in range(0, len(column), max_stack)]


def _paginate(journey_map: JourneyMap, facts: list, pairs: list, page: Page, card_height: float) -> list[PageLayout]:
    """Stages left to right, a stage's columns continuing on the next row when the row is full,
    rows top to bottom, and a new page when the next piece would run off the page."""
    right = page.design_width - MARGIN
    content_top = MARGIN + PAGE_HEADER_HEIGHT + 8
    bottom = page.design_height - MARGIN
    step = CARD_WIDTH + COLUMN_GAP
    max_stack = max(1, int((bottom - content_top - STAGE_LABEL - 2 * STAGE_PAD + STACK_GAP) // (card_height + STACK_GAP)))
    layouts = [PageLayout()]
    left, top, row_height = MARGIN, content_top, 0.0

    def fits(width: float) -> int:
        return int((right - left - 2 * STAGE_PAD + COLUMN_GAP) // step) if right - left >= width else 0

    for s, _stage in enumerate(journey_map.stages):
        columns = _columns([f for f in facts if f.stage_index == s], pairs, max_stack)
        remaining, part = columns, 0
        while True:
            room = fits(2 * STAGE_PAD + CARD_WIDTH)
            wanted = max(1, len(remaining))
            if left > MARGIN and room < min(wanted, 2):  # too little room left in this row: next row
                layouts[-1].rows.append((top, top + row_height))
                left, top, row_height = MARGIN, top + row_height + ROW_GAP, 0.0
                room = fits(2 * STAGE_PAD + CARD_WIDTH)
            chunk, remaining = remaining[:max(1, room)], remaining[max(1, room):]
            piece = Piece(s, part, chunk)
            count, stack = max(1, len(chunk)), max((len(c) for c in chunk), default=0)
            piece.width = 2 * STAGE_PAD + count * CARD_WIDTH + (count - 1) * COLUMN_GAP
            piece.height = STAGE_LABEL + 2 * STAGE_PAD + (stack * card_height + (stack - 1) * STACK_GAP if stack else 30)
            if top > content_top and top + piece.height > bottom:  # next page
                layouts[-1].rows.append((top, top + row_height))
                layouts.append(PageLayout())
                left, top, row_height = MARGIN, content_top, 0.0
            piece.left, piece.top = left, top
            layouts[-1].pieces.append(piece)
            left += piece.width + STAGE_GAP
            row_height = max(row_height, piece.height)
            part += 1
            if not remaining:
                break
    layouts[-1].rows.append((top, top + row_height))
    for layout in layouts:
        layout.rows = [row for row in layout.rows if row[1] > row[0]]
    return layouts


def _draw(journey_map: JourneyMap, facts: list, pairs: list, page: Page, layout: PageLayout, index: int,
          count: int, page_of: dict, card_height: float, low_sample: int, traffic: tuple, strays: list = ()) -> str:
    lines = ['digraph "journey" {'] + frame(page)
    lines.append(statement("node", {**NODE_DEFAULTS, "penwidth": "1.2", "color": quote(palette.MUTED)}))
    lines.append(statement("edge", EDGE_DEFAULTS))
    shown = [f for piece in layout.pieces for column in piece.columns for f in column]
    strays = [(a, b, t) for a, b, t in strays if a in shown and b in shown]
    keys = flow_keys([(a, b) for a, b in pairs if a in shown and b in shown], strays)
    room = page.design_width - 2 * MARGIN - text_width(re.sub(r"<[^>]*>", "", "   ".join(keys)), 10) - 12
    lines.append(statement(quote("header"), {
        **position(MARGIN, MARGIN, page.design_width - 2 * MARGIN, PAGE_HEADER_HEIGHT),
        "shape": "plaintext", "margin": "0", "style": '""',
        "tooltip": quote("Journey: " + clean(journey_map.journey.title, 200)),
        "label": page_header(journey_map.journey.title, _subtitle(journey_map, layout, facts, shown, room),
                             f"page {index} of {count}", page.design_width - 2 * MARGIN, low_sample, keys,
                             marks_used(shown))}))
    places: dict = {}
    for p, piece in enumerate(layout.pieces):
        stage = journey_map.stages[piece.stage_index]
        # a one-card piece is too narrow for the word: its label would be cut at the card's edge
        name = clean(stage.name, 60) + ((" (cont.)" if len(piece.columns) == 1 else " (continued)") if piece.part else "")
        lines.append(f"  subgraph {quote(f'cluster_page{index}_piece{p}')} {{")
        lines.append(statement("graph", {
            "bb": quote(f"{numbers.fixed(piece.left, 1)},{numbers.fixed(-(piece.top + piece.height), 1)},"
                        f"{numbers.fixed(piece.left + piece.width, 1)},{numbers.fixed(-piece.top, 1)}"),
            "label": f'<<B>{html(name)}</B>>', "fontsize": "13", "fontname": NODE_DEFAULTS["fontname"],
            "labeljust": "l", "labelloc": "t", "style": '"rounded,filled"', "fillcolor": quote(palette.STAGE_FILL),
            "color": quote(palette.STAGE_BORDER), "tooltip": quote(f"Stage {piece.stage_index + 1}: {clean(stage.name, 200)}")}))
        if not piece.columns:
            lines.append(statement(node_id("empty", stage.id), {
                **position(piece.left + STAGE_PAD, piece.top + STAGE_LABEL + STAGE_PAD, CARD_WIDTH, 30),
                "label": '"no touchpoints"', "style": '"rounded,dashed"', "fontcolor": quote(palette.MUTED),
                "color": quote(palette.RULE), "tooltip": quote(f"Stage {clean(stage.name, 200)} has no touchpoints")}))
        for c, column in enumerate(piece.columns):
            for k, f in enumerate(column):
                left = piece.left + STAGE_PAD + c * (CARD_WIDTH + COLUMN_GAP)
                top = piece.top + STAGE_LABEL + STAGE_PAD + k * (card_height + STACK_GAP)
                places[f.id] = (left, top, piece)
                lines.append(statement(node_id("tp", f.id), {
                    **position(left, top, CARD_WIDTH, card_height),
                    **card(journey_map, f, None, _elsewhere(f, pairs, page_of, index, traffic[0]), FIT_NAME_LINES)}))
        lines.append("  }")
    lines.extend(_edges(pairs, places, layout, traffic, card_height))
    lines.extend(_undeclared_edges(strays, places, layout, card_height, page))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _subtitle(journey_map: JourneyMap, layout: PageLayout, facts: list, shown: list, room: float = 1e9) -> str:
    """`Flow: Awareness, Consideration; touchpoints 1–4 of 13.`; without the stages (their boxes name
    them) when that is wider than the `room` the keys beside it leave (a measured map's are long)."""
    names = []
    for piece in layout.pieces:
        name = clean(journey_map.stages[piece.stage_index].name, 40) + (" (continued)" if piece.part else "")
        if name not in names:
            names.append(name)
    order = [f.id for f in facts]
    span = touchpoint_span(order, [f.id for f in shown])
    full = f"Flow: {', '.join(names)}; {span}."
    return full if text_width(full, 10) <= room else f"Flow: {span}."


def _elsewhere(f, pairs: list, page_of: dict, index: int, measured: dict) -> str:
    """"→ p. 3" / "← p. 1" when a `next` arrow of this card leads to or comes from another page;
    "→ p. 3 62 %" when that step is measured (its width cannot be drawn across pages, its rate can)."""
    notes = []
    for source, target in pairs:
        if source.id == f.id and page_of.get(target.id, index) != index:
            kpi = measured.get((source.id, target.id))
            notes.append(f"\u2192 p. {page_of[target.id]}" + (f" ({conversion_text(kpi)})" if kpi is not None else ""))
        elif target.id == f.id and page_of.get(source.id, index) != index:
            notes.append(f"\u2190 p. {page_of[source.id]}")
    return "  ".join(dict.fromkeys(notes))


def _edges(pairs: list, places: dict, layout: PageLayout, traffic: tuple, card_height: float) -> list[str]:
    """Arrows between cards on this page: straight within a row, through the corridor between rows;
    a measured step drawn by its traffic, as in the unfitted flow view, its rate where it leaves its card."""
    measured, busiest = traffic
    lines, labelled = [], {}
    for source, target in pairs:
        if source.id not in places or target.id not in places:
            continue
        kpi = measured[(source.id, target.id)]
        values = {} if kpi is None else traffic_look(kpi, busiest)
        if target.stage_index < source.stage_index:
            values.update({"style": "dashed", "color": quote(palette.BACKWARD)})
        values["tooltip"] = '"' + tooltip([f"Next: {clean(source.touchpoint.name, 80)} \u2192 "
                                           f"{clean(target.touchpoint.name, 80)}"]) + '"'
        route = _route(places[source.id], places[target.id], layout)
        if kpi is not None:  # placed here: left to itself, the rate would sit on the arrow's head in the narrow gap
            place = _label_place(places[source.id], places[target.id], card_height, routed=bool(route))
            labelled[place] = labelled.get(place, -1) + 1  # another step from the same spot: its rate goes above
            values["lp"] = quote(f"{numbers.fixed(place[0], 1)},{numbers.fixed(-(place[1] - 11 * labelled[place]), 1)}")
            route = route or _straight(places[source.id], places[target.id], card_height)
        if route:
            values["pos"] = route
        lines.append(statement(f"{node_id('tp', source.id)} -> {node_id('tp', target.id)}", values))
    return lines


def _label_place(source: tuple, target: tuple, card_height: float, routed: bool) -> tuple:
    """(x, y) of a measured step's rate: in the gap after its card, clear of the corridor's downward
    line, above the line of a step within the row or above where an arrow into another row leaves."""
    (s_left, s_top, _s), (_t_left, t_top, _t) = source, target
    y = s_top + 20 if routed else (s_top + t_top + card_height) / 2
    return s_left + CARD_WIDTH + COLUMN_GAP * 0.7, y - 9


def _straight(source: tuple, target: tuple, card_height: float) -> str:
    """A straight arrow from the middle of the source's right side to the middle of the target's left side."""
    (s_left, s_top, _s), (t_left, t_top, _t) = source, target
    sx, sy, tx, ty = s_left + CARD_WIDTH, s_top + card_height / 2, t_left, t_top + card_height / 2
    return _polyline([(sx, sy), (tx - 7, ty)], (tx, ty))


def _row_of(top: float, layout: PageLayout) -> Optional[tuple]:
    return next((row for row in layout.rows if row[0] <= top <= row[1]), None)


def _route(source: tuple, target: tuple, layout: PageLayout) -> Optional[str]:
    """A polyline from the right of `source` to the left of `target` when they sit in different rows;
    None (a straight line) within a row."""
    (s_left, s_top, _s_piece), (t_left, t_top, _t_piece) = source, target
    s_row, t_row = _row_of(s_top, layout), _row_of(t_top, layout)
    if s_row == t_row:
        return None
    corridor = s_row[1] + ROW_GAP / 2 if t_row[0] > s_row[0] else s_row[0] - ROW_GAP / 2
    sx, sy = s_left + CARD_WIDTH, s_top + 20
    tx, ty = t_left, t_top + 20
    out_x, in_x = sx + COLUMN_GAP / 3, tx - COLUMN_GAP / 3
    return _polyline([(sx, sy), (out_x, sy), (out_x, corridor), (in_x, corridor), (in_x, ty), (tx - 7, ty)], (tx, ty))


def _polyline(points: list, head: tuple) -> str:
    """An edge's `pos`: straight segments through `points` (design points, y down), its arrow ending at `head`."""
    spline = [points[0]]
    for a, b in zip(points, points[1:]):
        spline += [a, b, b]
    text = " ".join(f"{numbers.fixed(x, 1)},{numbers.fixed(-y, 1)}" for x, y in spline)
    return quote(f"e,{numbers.fixed(head[0], 1)},{numbers.fixed(-head[1], 1)} {text}")


OFF_MAP_SIDE = 14  # how far above a card's bottom a measured step off the map leaves and enters it


def _undeclared_edges(strays: list, places: dict, layout: PageLayout, card_height: float, page: Page) -> list[str]:
    """The measured steps off the map on this page: out of the lower right of a card, along their own
    lane under its row (or between the rows), into the lower left of the other card, apart from the
    declared arrows (which run card centre to card centre, and through the middle of the corridors);
    the share sits on the lane, on white, so a declared arrow under it never strikes it through."""
    lines = []
    for source, target, transition in strays:
        (s_left, s_top, _s_piece), (t_left, t_top, _t_piece) = places[source.id], places[target.id]
        s_row, t_row = _row_of(s_top, layout), _row_of(t_top, layout)
        if s_row == t_row:
            lane = min(s_row[1] + ROW_GAP * 0.7, page.design_height - 6)
        else:
            lane = s_row[1] + ROW_GAP * 0.7 if t_row[0] > s_row[0] else s_row[0] - ROW_GAP * 0.7
        sx, sy = s_left + CARD_WIDTH, s_top + card_height - OFF_MAP_SIDE
        tx, ty = t_left, t_top + card_height - OFF_MAP_SIDE
        out_x, in_x = sx + COLUMN_GAP * 2 / 3, tx - COLUMN_GAP * 2 / 3
        values = undeclared_edge(source, target, transition)
        share = values.pop("label")[1:-1]
        values["label"] = (f'<<TABLE BORDER="0" CELLPADDING="1" CELLSPACING="0" BGCOLOR="white"><TR><TD>'
                           f'{html(share)}</TD></TR></TABLE>>')
        values["lp"] = quote(f"{numbers.fixed((out_x + in_x) / 2, 1)},{numbers.fixed(-lane, 1)}")
        values["pos"] = _polyline([(sx, sy), (out_x, sy), (out_x, lane), (in_x, lane), (in_x, ty), (tx - 7, ty)], (tx, ty))
        lines.append(statement(f"{node_id('tp', source.id)} -> {node_id('tp', target.id)}", values))
    return lines
