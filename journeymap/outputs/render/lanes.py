"""The lanes view: the journey-map grid CX teams print, with an emotion curve per persona.

One column per touchpoint, grouped under its stage; rows for the touchpoint, its channel,
satisfaction (value and 95 % interval), emotion (the curve), pains and opportunities.
jmap computes every position itself (in points) and Graphviz only draws (`layout=nop2`):
text is wrapped here and each row is as tall as its longest cell, so nothing can overlap
or clip, and the same map always gives the same picture.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from journeymap.scoring import estimates as scoring
from journeymap.model.records import JourneyMap
from journeymap.outputs.render import palette
from journeymap.outputs.render.cards import touchpoint_tooltip
from journeymap.outputs import numbers
from journeymap.outputs.render.dot import clean, html, node_id, quote, statement, tooltip, wrap_to
from journeymap.outputs.render.facts import experience_text, gather, metric_text, serves
from journeymap.outputs.render.legend import LOW_SAMPLE_MARK, PAIN_MARK, header
from journeymap.load.settings import LOW_SAMPLE_THRESHOLD

FONT = '"Helvetica,Arial,sans-serif"'
HEAD_WIDTH = 110  # the row-name column
COLUMN = 150  # one touchpoint
GAP = 4  # between cells
STAGE_GAP = 14  # extra space between stages
PAD = 7  # inside a cell
LINE = 13  # line height at 10 pt
TEXT_WIDTH = COLUMN - 2 * PAD - 4  # points of text per line in a column, with a little slack
STAGE_ROW = 30
CURVE_STEP = 32  # points per emotion unit
CURVE_MARGIN = 16
ITEM_LIMIT = 240  # characters of one pain or opportunity
CELL_LINES = 14  # lines a cell may take before it says "… n more"


@dataclass
class Cell:
    lines: list  # (html text, bold) pairs
    fill: str = "#ffffff"
    ink: str = palette.INK


def build(journey_map: JourneyMap, persona: Optional[str] = None,
          low_sample: int = LOW_SAMPLE_THRESHOLD) -> str:
    """The DOT source of the lanes view."""
    facts = gather(journey_map, low_sample)
    columns = _columns(journey_map, facts)
    lines = ['digraph "journey" {']
    personas = [(i, p) for i, p in enumerate(journey_map.personas) if persona in (None, p.id)]
    lines.append(statement("graph", {
        "layout": "nop2", "splines": "line", "outputorder": "edgesfirst", "bgcolor": '"white"',
        "pad": '"0.3"', "fontname": FONT, "labelloc": "t", "labeljust": "l",
        "tooltip": quote("Journey: " + clean(journey_map.journey.title, 200)),
        "label": header(journey_map.journey.title, _subtitle(journey_map, facts, persona),
                        extra=tuple(persona_key(i, p.name) for i, p in personas), low_sample=low_sample),
    }))
    lines.append(statement("node", NODE_DEFAULTS))
    lines.append(statement("edge", {"dir": "none"}))
    rows = lane_rows(journey_map, facts, persona)
    tips = {f.id: touchpoint_tooltip(journey_map, f) for f in facts}  # one per column, every row
    band, _bottom = draw_band(journey_map, facts, columns, rows, personas, tips, top=0)
    lines.extend(band)
    lines.append("}")
    return "\n".join(lines) + "\n"


NODE_DEFAULTS = {"shape": "box", "fixedsize": "true", "style": "filled", "fontname": FONT, "fontsize": "10",
                 "color": quote(palette.RULE), "penwidth": '"0.8"', "labelloc": "t", "margin": "0"}


def draw_band(journey_map: JourneyMap, facts: list, columns: list, rows: list, personas: list, tips: dict,
              top: float, x0: float = 0, suffix: str = "") -> tuple[list, float]:
    """The stage band, the row names and every row's cells for `columns`, from `top` down;
    returns the statements and the bottom. `suffix` keeps node names apart when a page holds
    several bands."""
    lines = []
    for stage_index, stage in enumerate(journey_map.stages):
        mine = [c for c in columns if c[0] == stage_index]
        if not mine:
            continue
        left, right = mine[0][2], mine[-1][2] + COLUMN
        lines.append(_box(node_id("stage", stage.id + suffix), left, top, right - left, STAGE_ROW,
                          Cell(_text(clean(stage.name, 80), 1, True, width=right - left - 2 * PAD), "#3d3d3d", "#ffffff"),
                          f"Stage {stage_index + 1}: {clean(stage.name, 200)}"))
    top += STAGE_ROW + GAP
    shown = {tp_id for _s, tp_id, _left in columns}
    for row_name, cells in rows:
        if row_name == "Emotion":
            lines.extend(_curve(journey_map, [f for f in facts if f.id in shown], columns, personas, top, x0, suffix))
            top += _curve_height(journey_map) + GAP
            continue
        height = max((_height(cell) for tp_id, cell in cells.items() if tp_id in shown), default=_height(Cell([])))
        lines.append(_box(node_id("row", row_name.lower() + suffix), x0, top, HEAD_WIDTH, height,
                          Cell([(html(row_name), True)], palette.STAGE_FILL), f"Row: {row_name}"))
        for stage_index, tp_id, left in columns:
            cell = cells.get(tp_id) or Cell([])
            kind = "tp" if row_name == "Touchpoint" and tp_id is not None else f"cell-{row_name.lower()}"
            name = node_id(kind, tp_id) if tp_id is not None else node_id(kind, f"empty-{stage_index}")
            tip = tips[tp_id] if tp_id is not None else None
            lines.append(_box(name, left, top, COLUMN, height, cell, None, tip))
        top += height + GAP
    return lines, top


def _subtitle(journey_map: JourneyMap, facts: list, persona: Optional[str]) -> str:
    text = (f"Lanes: {len(journey_map.stages)} stages, {len(facts)} touchpoints. Satisfaction: experience "
            "score 0\u2013100 with its 95% interval, then each metric. The curve is the felt emotion "
            f"({journey_map.scales.emotion.min} to +{journey_map.scales.emotion.max}).")
    if persona is not None:
        name = next(p.name for p in journey_map.personas if p.id == persona)
        text += f" Showing {clean(name, 60)}; touchpoints for others are faded."
    return text


def persona_key(index: int, name: str) -> str:
    colour, shape, _dash = palette.persona_style(index)
    glyph = {"circle": "\u25cf", "square": "\u25a0", "diamond": "\u25c6", "triangle": "\u25b2",
             "invtriangle": "\u25bc", "pentagon": "\u2b1f", "hexagon": "\u2b22"}[shape]
    return f'<FONT COLOR="{colour}"><B>{glyph}\u2014</B></FONT> {html(clean(name, 40))}'


def _columns(journey_map: JourneyMap, facts: list) -> list[tuple]:
    """(stage index, touchpoint id or None for an empty stage, left x) for every column."""
    found, left = [], HEAD_WIDTH + GAP
    for s, _stage in enumerate(journey_map.stages):
        ids = [f.id for f in facts if f.stage_index == s] or [None]
        for tp_id in ids:
            found.append((s, tp_id, left))
            left += COLUMN + GAP
        left += STAGE_GAP
    return found


def _text(text: str, max_lines: Optional[int] = None, bold: bool = False, prefix: str = "",
          width: float = TEXT_WIDTH) -> list:
    # Bold runs up to 15 % wider than regular.
    return [(html(line), bold) for line in wrap_to(prefix + text, width / (1.15 if bold else 1.0), 10, max_lines)]


def _items(items: list, mark: str) -> list:
    lines = []
    for item in items:
        lines.extend(_text(clean(item, ITEM_LIMIT), prefix=f"{mark} "))
    if len(lines) > CELL_LINES:
        hidden = len(lines) - (CELL_LINES - 1)
        lines = lines[: CELL_LINES - 1] + [(html(f"\u2026 {hidden} more lines (see tooltip)"), False)]
    return lines


def lane_rows(journey_map: JourneyMap, facts: list, persona: Optional[str]) -> list[tuple]:
    """Each row's cells by touchpoint id, in the order the rows are drawn."""
    names, channels, satisfaction, pains, opportunities = {}, {}, {}, {}, {}
    for f in facts:
        tp = f.touchpoint
        owner = _text(f"owner: {clean(tp.owner, 60)}", max_lines=3) if tp.owner else _text("no owner")
        names[f.id] = Cell(_text(clean(tp.name, 120), max_lines=4, bold=True) + owner)
        channels[f.id] = Cell(_text(clean(f.channel_name, 60), max_lines=2))
        fill, ink = palette.score_colours(f.score)
        score = experience_text(f.experience)
        lines = _text(score if f.experience is None else f"score {score}", bold=True)
        if f.experience is not None and not f.estimates:
            lines += _text("(from emotion, no survey)")
        for estimate in f.estimates.values():
            lines += _text(metric_text(estimate))
        for metric, n in f.low_sample:
            lines += _text(f"{LOW_SAMPLE_MARK} {metric.upper()}: only {numbers.plural(n, 'answer')}")
        satisfaction[f.id] = Cell(lines, fill, ink)
        pains[f.id] = Cell(_items(tp.pains, PAIN_MARK))
        opportunities[f.id] = Cell(_items(tp.opportunities, "\u2192"))
        if not serves(f, persona):
            for cells in (names, channels, satisfaction, pains, opportunities):
                cells[f.id] = Cell(cells[f.id].lines, palette.FADED_FILL, palette.FADED_TEXT)
    empty = {None: Cell([(html("no touchpoints"), False)], palette.FADED_FILL, palette.MUTED)}
    return [("Touchpoint", {**empty, **names}), ("Channel", channels), ("Satisfaction", satisfaction),
            ("Emotion", {}), ("Pains", pains), ("Opportunities", opportunities)]


def _height(cell: Cell) -> int:
    return max(30, len(cell.lines) * LINE + 2 * PAD)


def _label(cell: Cell, width: int) -> str:
    if not cell.lines:
        return '""'
    body = "".join(f"<B>{text}</B><BR ALIGN=\"LEFT\"/>" if bold else f"{text}<BR ALIGN=\"LEFT\"/>"
                   for text, bold in cell.lines)
    return (f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="{PAD}">'
            f'<TR><TD WIDTH="{width - 2 * PAD}" ALIGN="LEFT" BALIGN="LEFT">{body}</TD></TR></TABLE>>')


def _box(name: str, left: int, top: int, width: int, height: int, cell: Cell,
         plain_tooltip: Optional[str] = None, tooltip_dot: Optional[str] = None) -> str:
    """A fixed-size cell whose top-left corner is at (left, top), y growing downwards."""
    values = {
        "pos": f'"{numbers.fixed(left + width / 2, 1)},{numbers.fixed(-(top + height / 2), 1)}!"',
        "width": quote(numbers.fixed(width / 72, 4)), "height": quote(numbers.fixed(height / 72, 4)),
        "fillcolor": quote(cell.fill), "fontcolor": quote(cell.ink), "label": _label(cell, width),
    }
    if tooltip_dot is not None:
        values["tooltip"] = tooltip_dot
    elif plain_tooltip is not None:
        values["tooltip"] = '"' + tooltip([plain_tooltip]) + '"'
    return statement(name, values)


def _x(value: float) -> str:
    """A gridline's x as before fitting (`114`), or with its fraction on a fitted page."""
    return numbers.fixed(value, 1).removesuffix(".0")


def _curve_height(journey_map: JourneyMap) -> int:
    scale = journey_map.scales.emotion
    return (scale.max - scale.min) * CURVE_STEP + 2 * CURVE_MARGIN


def _curve(journey_map: JourneyMap, facts: list, columns: list, personas: list, top: float,
           x0: float = 0, suffix: str = "") -> list[str]:
    """Gridlines for every emotion level and one line of markers per persona."""
    scale = journey_map.scales.emotion
    height = _curve_height(journey_map)
    right = columns[-1][2] + COLUMN
    lines = [_box(node_id("row", "emotion" + suffix), x0, top, HEAD_WIDTH, height,
                  Cell([(html("Emotion"), True), (html("felt, per persona"), False)], palette.STAGE_FILL),
                  "Emotion, one line per persona")]

    def level_y(value: float) -> float:
        return top + CURVE_MARGIN + (scale.max - value) * CURVE_STEP

    for level in range(scale.min, scale.max + 1):
        y = numbers.fixed(-level_y(level), 1)
        ends = [node_id("grid", f"{level}-label{suffix}"), node_id("grid", f"{level}-end{suffix}")]
        lines.append(statement(node_id("grid", f"{level}-start{suffix}"), {
            "pos": f'"{_x(x0 + HEAD_WIDTH + GAP)},{y}!"', "shape": "point", "width": '"0.01"', "style": "invis"}))
        lines.append(statement(ends[0], {"pos": f'"{_x(x0 + HEAD_WIDTH - 14)},{y}!"', "shape": "plaintext",
                                         "width": '"0.3"', "height": '"0.2"', "label": quote(numbers.emotion(level)),
                                         "fontsize": "9", "fontcolor": quote(palette.MUTED), "style": '""'}))
        lines.append(statement(ends[1], {"pos": f'"{_x(right)},{y}!"', "shape": "point", "width": '"0.01"',
                                         "style": "invis"}))
        lines.append(statement(f"{node_id('grid', f'{level}-start{suffix}')} -> {ends[1]}", {
            "color": quote(palette.RULE if level else palette.MUTED),
            "style": "dashed" if level else "solid", "penwidth": '"0.6"'}))
    x_of = {tp_id: left + COLUMN / 2 for _s, tp_id, left in columns if tp_id is not None}
    everyone = personas or [(0, None)]
    for rank, (index, persona) in enumerate(everyone):
        colour, shape, dash = palette.persona_style(index)
        offset = (rank - (len(everyone) - 1) / 2) * 4
        who = clean(persona.name, 60) if persona is not None else "Everyone"
        points = []
        for f in facts:
            if persona is not None and not serves(f, persona.id):
                continue
            value = scoring.emotion_value(f.touchpoint, None if persona is None else persona.id)
            if value is None:
                continue
            name = node_id("emotion", f"{index}-{f.id}")
            tip = tooltip([f"Emotion of {who} at {clean(f.touchpoint.name, 120)}: {numbers.emotion(value)}"])
            lines.append(statement(name, {
                "pos": f'"{numbers.fixed(x_of[f.id], 1)},{numbers.fixed(-(level_y(value) + offset), 1)}!"',
                "shape": shape, "width": '"0.13"', "height": '"0.13"', "label": '""', "style": "filled",
                "fillcolor": quote(colour), "color": quote(colour), "tooltip": f'"{tip}"'}))
            points.append(name)
        for before, after in zip(points, points[1:]):
            lines.append(statement(f"{before} -> {after}", {"color": quote(colour), "style": dash,
                                                            "penwidth": "2"}))
    return lines
