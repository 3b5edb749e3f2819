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
from journeymap.outputs import numbers
from journeymap.outputs.render import palette
from journeymap.outputs.render.cards import touchpoint_tooltip
from journeymap.outputs.render.dot import clean, html, node_id, quote, statement, tooltip, wrap_to
from journeymap.outputs.render.facts import experience_text, gather, marks_used, metric_text, next_pairs, path_steps, \
    serves, stage_columns
from journeymap.outputs.render.flow import evidence_look, felt_text
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
          low_sample: int = LOW_SAMPLE_THRESHOLD, view: str = "lanes") -> str:
    """The DOT source of the lanes view, or of the service blueprint (`view="blueprint"`)."""
    facts = gather(journey_map, low_sample)
    columns = step_columns(journey_map, facts)
    lines = ['digraph "journey" {']
    personas = [(i, p) for i, p in enumerate(journey_map.personas) if persona in (None, p.id)]
    blueprint = view == "blueprint"
    lines.append(statement("graph", {
        "layout": "nop2", "splines": "line", "outputorder": "edgesfirst", "bgcolor": '"white"',
        "pad": '"0.3"', "fontname": FONT, "labelloc": "t", "labeljust": "l",
        "tooltip": quote("Journey: " + clean(journey_map.journey.title, 200)),
        "label": header(journey_map.journey.title, _subtitle(journey_map, facts, persona, view),
                        extra=() if blueprint else tuple(persona_key(i, p.name) for i, p in personas),
                        low_sample=low_sample, used=set() if blueprint else marks_used(facts)),
    }))
    lines.append(statement("node", NODE_DEFAULTS))
    lines.append(statement("edge", {"dir": "none"}))
    rows = view_rows(journey_map, facts, persona, view)
    tips = {f.id: touchpoint_tooltip(journey_map, f) for f in facts}  # one per column, every row
    top = 0
    if not blueprint:
        from journeymap.outputs.render import persona_cards

        cards, top = persona_cards.draw(journey_map, personas, 0, 0, columns[-1][2] + COLUMN)
        lines.extend(cards)
    band, _bottom = draw_band(journey_map, facts, columns, rows, personas, tips, top=top)
    lines.extend(band)
    lines.append("}")
    return "\n".join(lines) + "\n"


def view_rows(journey_map: JourneyMap, facts: list, persona: Optional[str], view: str) -> list[tuple]:
    rows = _rows(journey_map, facts, persona)
    if view == "blueprint":
        from journeymap.outputs.render import blueprint

        return blueprint.rows(journey_map, facts, persona, {key: row for row in rows for key in [row[0]]})
    return rows


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
        lines.append(box(node_id("stage", stage.id + suffix), left, top, right - left, STAGE_ROW,
                          Cell(text_lines(clean(stage.name, 80), 1, True, width=right - left - 2 * PAD), "#3d3d3d", "#ffffff"),
                          f"Stage {stage_index + 1}: {clean(stage.name, 200)}"))
    top += STAGE_ROW + GAP
    shown = {tp_id for _s, ids, _left in columns for tp_id in ids}
    right = max(left for _s, _ids, left in columns) + COLUMN
    for key, row_name, cells in rows:
        if key == "emotion":
            lines.extend(_curve(journey_map, [f for f in facts if f.id in shown], columns, personas, top, x0, suffix))
            top += _curve_height(journey_map) + GAP
            continue
        if cells is None:  # a blueprint line across the grid
            lines.extend(_line(key + suffix, row_name, x0, right, top))
            top += LINE_ROW
            continue
        # a column of alternatives stacks them, each as tall as its own text: the row is as tall as
        # the tallest column, not as the tallest cell times the most alternatives
        height = max(sum(cell_height(_shown_cell(cells, key, tp_id, k)) for k, tp_id in enumerate(ids)) + GAP * (len(ids) - 1)
                     for _s, ids, _left in columns)
        lines.append(box(node_id("row", key + suffix), x0, top, HEAD_WIDTH, height,
                          Cell(text_lines(row_name, 3, True, width=HEAD_WIDTH - 2 * PAD), palette.STAGE_FILL),
                          f"Row: {row_name}"))
        for stage_index, ids, left in columns:
            y = top
            for k, tp_id in enumerate(ids):
                cell = _shown_cell(cells, key, tp_id, k)
                kind = "tp" if key == "touchpoint" and tp_id is not None else f"cell-{key}"
                name = node_id(kind, tp_id) if tp_id is not None else node_id(kind, f"empty-{stage_index}")
                tip = tips[tp_id] if tp_id is not None else None
                box_height = top + height - y if k == len(ids) - 1 else cell_height(cell)  # the last fills the column
                lines.append(box(name, left, y, COLUMN, box_height, cell, None, tip))
                y += box_height + GAP
        top += height + GAP
    return lines, top


def _shown_cell(cells: dict, key: str, tp_id: Optional[str], k: int) -> Cell:
    """A row's cell for the k-th alternative of a column: the second of two says so."""
    cell = cells.get(tp_id) or Cell([])
    if k and key == "touchpoint":
        cell = Cell([(f'<I>{html("or")}</I>', False)] + cell.lines, cell.fill, cell.ink)
    return cell


def _subtitle(journey_map: JourneyMap, facts: list, persona: Optional[str], view: str = "lanes") -> str:
    if view == "blueprint":
        return (f"Service blueprint: {len(journey_map.stages)} stages, {len(facts)} touchpoints. What the customer "
                "does, then what the front stage, the back stage and the support processes do, between the lines "
                "of interaction, visibility and internal interaction.")
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


def step_columns(journey_map: JourneyMap, facts: list) -> list[tuple]:
    """(stage index, touchpoint ids in the column, left x) for every column: alternatives share one
    column, drawn one above the other; an empty stage has one column holding None."""
    pairs = next_pairs(facts)
    found, left = [], HEAD_WIDTH + GAP
    for s, _stage in enumerate(journey_map.stages):
        columns = stage_columns([f for f in facts if f.stage_index == s], pairs) or [[None]]
        for column in columns:
            found.append((s, tuple(f.id if f is not None else None for f in column), left))
            left += COLUMN + GAP
        left += STAGE_GAP
    return found


def text_lines(text: str, max_lines: Optional[int] = None, bold: bool = False, prefix: str = "",
          width: float = TEXT_WIDTH) -> list:
    # Bold runs up to 15 % wider than regular.
    return [(html(line), bold) for line in wrap_to(prefix + text, width / (1.15 if bold else 1.0), 10, max_lines)]


def item_lines(items: list, mark: str, width: float = TEXT_WIDTH) -> list:
    lines = []
    for item in items:
        lines.extend(text_lines(clean(item, ITEM_LIMIT), prefix=f"{mark} ", width=width))
    if len(lines) > CELL_LINES:
        hidden = len(lines) - (CELL_LINES - 1)
        lines = lines[: CELL_LINES - 1] + [(html(f"\u2026 {hidden} more lines (see tooltip)"), False)]
    return lines


def _rows(journey_map: JourneyMap, facts: list, persona: Optional[str]) -> list[tuple]:
    """Each row's cells by touchpoint id, in the order the rows are drawn."""
    names, channels, satisfaction, pains, opportunities = {}, {}, {}, {}, {}
    for f in facts:
        tp = f.touchpoint
        owner = text_lines(f"owner: {clean(tp.owner, 60)}", max_lines=3) if tp.owner else text_lines("no owner")
        names[f.id] = Cell(text_lines(clean(tp.name, 120), max_lines=4, bold=True) + owner)
        channels[f.id] = Cell(text_lines(clean(f.channel_name, 60), max_lines=2))
        fill, ink, _border, _style = evidence_look(f)
        if f.evidence == "survey":
            lines = text_lines(f"score {experience_text(f.experience)}", bold=True)
        elif f.evidence == "felt":
            lines = text_lines("no survey", bold=True) + text_lines(f"felt {felt_text(f)}")
        else:
            lines = text_lines("no data", bold=True)
        for estimate in f.estimates.values():
            lines += text_lines(metric_text(estimate))
        for metric, n in f.low_sample:
            lines += text_lines(f"{LOW_SAMPLE_MARK} {metric.upper()}: only {n} answers")
        satisfaction[f.id] = Cell(lines, fill, ink)
        pains[f.id] = Cell(item_lines(tp.pains, PAIN_MARK))
        opportunities[f.id] = Cell(item_lines(tp.opportunities, "\u2192"))
        if not serves(f, persona):
            for cells in (names, channels, satisfaction, pains, opportunities):
                cells[f.id] = Cell(cells[f.id].lines, palette.FADED_FILL, palette.FADED_TEXT)
    empty = {None: Cell([(html("no touchpoints"), False)], palette.FADED_FILL, palette.MUTED)}
    return ([("touchpoint", "Touchpoint", {**empty, **names}), ("channel", "Channel", channels)]
            + lane_rows(journey_map, facts, persona, [(lane.id, None) for lane in journey_map.lanes])
            + [("satisfaction", "Satisfaction", satisfaction), ("emotion", "Emotion", {}), ("pains", "Pains", pains),
               ("opportunities", "Opportunities", opportunities)])


def lane_rows(journey_map: JourneyMap, facts: list, persona: Optional[str], wanted: list) -> list[tuple]:
    """A row for each (lane id, label) in `wanted`, with each touchpoint's text for that lane; the
    map's own name for a lane wins over the label, and the id stands in for both."""
    declared = {lane.id: lane for lane in journey_map.lanes}
    rows = []
    for lane_id, label in wanted:
        lane = declared.get(lane_id)
        if lane is not None and lane.name:
            label = clean(lane.name, 60)
        cells = {}
        for f in facts:
            text = f.touchpoint.lanes.get(lane_id)
            items = [] if text is None else [text] if isinstance(text, str) else text
            lines = (text_lines(clean(items[0], ITEM_LIMIT)) if len(items) == 1
                     else item_lines(items, "\u2022"))
            cells[f.id] = (Cell(lines) if serves(f, persona) else Cell(lines, palette.FADED_FILL, palette.FADED_TEXT))
        rows.append((f"lane-{lane_id}", label or lane_id.replace("-", " ").capitalize(), cells))
    return rows


LINE_ROW = 20


def _line(key: str, label: str, left: float, right: float, top: float) -> list[str]:
    """A labelled dashed line across the grid (a service blueprint's line of interaction, ...)."""
    y = numbers.fixed(-(top + LINE_ROW / 2), 1)
    start, end = node_id("line", f"{key}-start"), node_id("line", f"{key}-end")
    return [
        statement(start, {"pos": f'"{_x(left)},{y}!"', "shape": "point", "width": '"0.01"', "style": "invis"}),
        statement(end, {"pos": f'"{_x(right)},{y}!"', "shape": "point", "width": '"0.01"', "style": "invis"}),
        statement(node_id("line", f"{key}-label"), {
            "pos": f'"{_x(left + HEAD_WIDTH / 2)},{numbers.fixed(-(top + LINE_ROW / 2 - 7), 1)}!"', "shape": "plaintext",
            "width": quote(numbers.fixed(HEAD_WIDTH / 72, 4)), "height": '"0.18"', "label": quote(label), "fontsize": "9",
            "fontcolor": quote(palette.BLUEPRINT_LINE), "style": '""'}),
        statement(f"{start} -> {end}", {"color": quote(palette.BLUEPRINT_LINE), "style": "dashed", "penwidth": '"1.4"'}),
    ]


def cell_height(cell: Cell) -> int:
    return max(30, len(cell.lines) * LINE + 2 * PAD)


def _label(cell: Cell, width: int) -> str:
    if not cell.lines:
        return '""'
    body = "".join(f"<B>{text}</B><BR ALIGN=\"LEFT\"/>" if bold else f"{text}<BR ALIGN=\"LEFT\"/>"
                   for text, bold in cell.lines)
    return (f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="{PAD}">'
            f'<TR><TD WIDTH="{width - 2 * PAD}" ALIGN="LEFT" BALIGN="LEFT">{body}</TD></TR></TABLE>>')


def box(name: str, left: int, top: int, width: int, height: int, cell: Cell,
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
    lines = [box(node_id("row", "emotion" + suffix), x0, top, HEAD_WIDTH, height,
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
    x_of = {}
    for _s, ids, left in columns:  # alternatives sit side by side on the curve, as a fork
        for k, tp_id in enumerate(ids):
            x_of[tp_id] = left + COLUMN / 2 + (k - (len(ids) - 1) / 2) * COLUMN / (len(ids) + 1)
    pairs = next_pairs(facts, across_stages=True)
    everyone = personas or [(0, None)]
    for rank, (index, persona) in enumerate(everyone):
        colour, shape, dash = palette.persona_style(index)
        offset = (rank - (len(everyone) - 1) / 2) * 4
        who = clean(persona.name, 60) if persona is not None else "Everyone"
        persona_id = None if persona is None else persona.id
        values = {}
        for f in facts:
            if serves(f, persona_id):
                value = scoring.emotion_value(f.touchpoint, persona_id)
                if value is not None:
                    values[f.id] = value
        for f in facts:
            if f.id not in values:
                continue
            value = values[f.id]
            name = node_id("emotion", f"{index}-{f.id}")
            tip = tooltip([f"Emotion of {who} at {clean(f.touchpoint.name, 120)}: {numbers.emotion(value)}"])
            lines.append(statement(name, {
                "pos": f'"{numbers.fixed(x_of[f.id], 1)},{numbers.fixed(-(level_y(value) + offset), 1)}!"',
                "shape": shape, "width": '"0.13"', "height": '"0.13"', "label": '""', "style": "filled",
                "fillcolor": quote(colour), "color": quote(colour), "tooltip": f'"{tip}"'}))
        walks = [f.id for f in facts if serves(f, persona_id)]
        for before, after in path_steps(facts, pairs, walks.__contains__, values.__contains__):
            lines.append(statement(f"{node_id('emotion', f'{index}-{before.id}')} -> "
                                   f"{node_id('emotion', f'{index}-{after.id}')}",
                                   {"color": quote(colour), "style": dash, "penwidth": "2"}))
    return lines
