"""Persona cards heading the lanes view: who the columns are about, before what happens to them.

A card shows the persona's marker (the one its emotion line uses), its name, its share of
traffic, and its goals and quote when the map gives them.
"""

from __future__ import annotations

from journeymap.model.records import JourneyMap
from journeymap.outputs.render import palette
from journeymap.outputs.render.dot import clean, html, node_id
from journeymap.outputs.render.lanes import GAP, HEAD_WIDTH, ITEM_LIMIT, PAD, Cell, box, cell_height, item_lines, \
    persona_key, text_lines

CARD_WIDTH = 220  # two cards over three columns


def draw(journey_map: JourneyMap, personas: list, top: float, x0: float, right: float,
         suffix: str = "") -> tuple[list, float]:
    """The cards from `top`, wrapping at `right`; returns the statements and the bottom."""
    if not personas:
        return [], top
    cards = [_card(index, persona) for index, persona in personas]
    first = x0 + HEAD_WIDTH + GAP
    per_row = max(1, int((right - first + GAP) // (CARD_WIDTH + GAP)))
    lines = []
    start = top
    for row in range(0, len(cards), per_row):
        chunk = cards[row:row + per_row]
        height = max(cell_height(cell) for _id, cell in chunk)
        for k, (persona_id, cell) in enumerate(chunk):
            lines.append(box(node_id("persona", persona_id + suffix), first + k * (CARD_WIDTH + GAP), top,
                              CARD_WIDTH, height, cell, f"Persona: {cell_name(personas, persona_id)}"))
        top += height + GAP
    lines.insert(0, box(node_id("row", "personas" + suffix), x0, start, HEAD_WIDTH, top - start - GAP,
                         Cell(text_lines("Personas", 1, True), palette.STAGE_FILL), "Row: Personas"))
    return lines, top


def cell_name(personas: list, persona_id: str) -> str:
    return next(clean(p.name, 200) for _i, p in personas if p.id == persona_id)


def _card(index: int, persona) -> tuple:
    width = CARD_WIDTH - 2 * PAD - 4
    lines = [(persona_key(index, persona.name), True)]
    if persona.share is not None:
        lines += text_lines(f"{persona.share * 100:.0f}% of customers", width=width)
    if persona.goals:
        lines += [(html("Goals"), True)] + item_lines(persona.goals, "\u2022", width=width)
    if persona.quote:
        lines += [(f"<I>{text}</I>", False) for text, _bold in
                  text_lines(f"\u201c{clean(persona.quote, ITEM_LIMIT)}\u201d", max_lines=4, width=width)]
    return persona.id, Cell(lines, "#ffffff")
