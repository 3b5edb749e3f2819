"""The flow view: stages as clusters left to right, touchpoints as cards filled by score, `next` as arrows."""

from __future__ import annotations

from typing import Optional

from journeymap.model.records import JourneyMap
from journeymap.outputs import numbers
from journeymap.outputs.render import palette
from journeymap.outputs.render.cards import touchpoint_tooltip
from journeymap.outputs.render.dot import clean, html, html_lines, node_id, quote, statement, tooltip, wrap
from journeymap.outputs.render.facts import TouchpointFacts, experience_text, gather, marks_used, next_pairs, serves, \
    undeclared_pairs
from journeymap.outputs.render.legend import LOW_SAMPLE_MARK, PAIN_MARK, header
from journeymap.load.settings import LOW_SAMPLE_THRESHOLD

NAME_LIMIT = 120
NAME_WIDTH = 22
NAME_LINES = 4
FONT = '"Helvetica,Arial,sans-serif"'
# dot's network-simplex ranking and crossing minimisation grow far faster than the map: a
# 500-touchpoint flow took minutes. Past this size the layout gets bounded passes instead.
LARGE_MAP = 150
BOUNDED_LAYOUT = {"nslimit": "1", "nslimit1": "1", "mclimit": '"0.1"'}
NODE_DEFAULTS = {"shape": "box", "style": '"rounded,filled"', "fontname": FONT, "fontsize": "10", "margin": '"0.1,0.05"'}
EDGE_DEFAULTS = {"color": quote(palette.MUTED), "arrowsize": '"0.7"', "penwidth": '"1.1"', "fontname": FONT}
NEXT_KEY = "\u2192 next step"
TRAFFIC_KEY = "\u2501 measured: width by sessions taking the step, % of those at the card before"
BACKWARD_KEY = f'<FONT COLOR="{palette.BACKWARD}">\u21e2 jumps back a stage</FONT>'
UNDECLARED_KEY = f'<FONT COLOR="{palette.UNDECLARED}">\u21e2 not declared: % of sessions at its start</FONT>'


def flow_keys(pairs: list, undeclared: list = ()) -> tuple:
    """The arrow keys a flow picture needs: the next step when it draws arrows, the jump back when one
    does, the traffic widths when a step is measured, the undeclared step when it draws a measured one."""
    keys = (NEXT_KEY,) if pairs else ()
    keys += (BACKWARD_KEY,) if any(b.stage_index < a.stage_index for a, b in pairs) else ()
    keys += (TRAFFIC_KEY,) if any(measured_step(a, b) is not None for a, b in pairs) else ()
    return keys + ((UNDECLARED_KEY,) if undeclared else ())


def undeclared_edge(source: TouchpointFacts, target: TouchpointFacts, transition) -> dict:
    """How a measured step off the map is drawn: dashed, in its own colour, labelled with its share of
    the sessions at its start (`12 % of sessions`)."""
    share = transition.sessions / transition.reached
    start = clean(source.touchpoint.name, 80)
    return {"style": "dashed", "color": quote(palette.UNDECLARED), "penwidth": '"1.4"', "arrowsize": '"0.7"',
            "label": quote(f"{numbers.whole_percent(share)} of sessions"), "fontsize": '"9"',
            "fontcolor": quote(palette.UNDECLARED),
            "tooltip": '"' + tooltip([f"Not declared: {start} \u2192 {clean(target.touchpoint.name, 80)}",
                                      f"{numbers.count(transition.sessions)} of the {numbers.count(transition.reached)} "
                                      f"sessions at {start} ({numbers.whole_percent(share)})"]) + '"'}


def build(journey_map: JourneyMap, persona: Optional[str] = None,
          low_sample: int = LOW_SAMPLE_THRESHOLD, title_suffix: str = "") -> str:
    """The DOT source of the flow view; `persona` keeps that persona's path and fades the rest."""
    facts = gather(journey_map, low_sample)
    pairs = next_pairs(facts)
    strays = undeclared_pairs(journey_map, facts)
    lines = ['digraph "journey" {']
    layout = BOUNDED_LAYOUT if len(facts) > LARGE_MAP else {}
    lines.append(statement("graph", {
        "rankdir": "LR", "newrank": "true", "fontname": FONT, "bgcolor": '"white"', "pad": '"0.3"',
        "nodesep": '"0.2"', "ranksep": '"0.35"', "labelloc": "t", "labeljust": "l", **layout,
        "tooltip": quote("Journey: " + clean(journey_map.journey.title, 200)),
        "label": header(journey_map.journey.title, _subtitle(journey_map, facts, persona),
                        extra=flow_keys(pairs, strays), low_sample=low_sample, used=marks_used(facts)),
    }))
    lines.append(statement("node", {**NODE_DEFAULTS, "width": '"1.6"', "penwidth": "1.2", "color": quote(palette.MUTED)}))
    lines.append(statement("edge", EDGE_DEFAULTS))
    for s, stage in enumerate(journey_map.stages):
        lines.append(f"  subgraph {quote(f'cluster_stage_{s}')} {{")
        lines.append(statement("graph", {
            "label": f'<<B>{html(clean(stage.name, 60))}</B>>', "fontsize": "13", "style": '"rounded,filled"',
            "fillcolor": quote(palette.STAGE_FILL), "color": quote(palette.STAGE_BORDER), "margin": "12",
            "tooltip": quote(f"Stage {s + 1}: {clean(stage.name, 200)}")}))
        members = [f for f in facts if f.stage_index == s]
        for f in members:
            lines.append(statement(node_id("tp", f.id), card(journey_map, f, persona)))
        if not members:
            lines.append(statement(node_id("empty", stage.id), {
                "label": '"no touchpoints"', "style": '"rounded,dashed"', "fontcolor": quote(palette.MUTED),
                "color": quote(palette.RULE), "tooltip": quote(f"Stage {clean(stage.name, 200)} has no touchpoints")}))
        lines.append("  }")
    lines.extend(_edges(pairs, persona))
    lines.extend(_undeclared_edges(facts, strays, persona))
    lines.extend(_stage_order(journey_map, facts, pairs))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _subtitle(journey_map: JourneyMap, facts: list, persona: Optional[str]) -> str:
    text = f"Flow: {len(journey_map.stages)} stages, {len(facts)} touchpoints. Fill: what stands behind each."
    if persona is not None:
        name = next(p.name for p in journey_map.personas if p.id == persona)
        text += f" Showing the path of {clean(name, 60)}; other touchpoints are faded."
    return text


def card(journey_map: JourneyMap, facts: TouchpointFacts, persona: Optional[str], note: str = "",
          name_lines: int = NAME_LINES) -> dict:
    fill, ink, border, style = evidence_look(facts)
    if not serves(facts, persona):
        fill, ink, border, style = palette.FADED_FILL, palette.FADED_TEXT, palette.FADED_LINE, "rounded,filled,dotted"
    name = wrap(clean(facts.touchpoint.name, NAME_LIMIT), NAME_WIDTH, name_lines)
    channel = clean(facts.channel_name, 30).upper()
    flags = []
    if facts.low_sample:
        flags.append(f"{LOW_SAMPLE_MARK} n={min(n for _m, n in facts.low_sample)}")
    if facts.touchpoint.pains:
        count = len(facts.touchpoint.pains)
        flags.append(f"{PAIN_MARK} {count} pain{'s' if count != 1 else ''}")
    rows = [f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="8">{html(channel)}</FONT></TD></TR>',
            f'<TR><TD ALIGN="LEFT"><B>{html_lines(name)}</B></TD></TR>',
            f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9">{html(_score(facts))}</FONT></TD></TR>']
    if flags:
        rows.append(f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9">{html("   ".join(flags))}</FONT></TD></TR>')
    if note:
        rows.append(f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9"><I>{html(note)}</I></FONT></TD></TR>')
    label = f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{"".join(rows)}</TABLE>>'
    return {"label": label, "fillcolor": quote(fill), "fontcolor": quote(ink), "color": quote(border),
            "style": quote(style), "tooltip": touchpoint_tooltip(journey_map, facts)}


def evidence_look(facts: TouchpointFacts) -> tuple[str, str, str, str]:
    """(fill, text colour, border, style) saying what stands behind a touchpoint: a surveyed score
    in its score class, a felt emotion in a look of its own, nothing in plain grey."""
    if facts.evidence == "survey":
        fill, ink = palette.score_colours(facts.score)
        return fill, ink, palette.MUTED, "rounded,filled"
    if facts.evidence == "felt":
        return palette.FELT_FILL, palette.FELT_TEXT, palette.FELT_BORDER, "rounded,filled,dashed"
    return palette.NO_SCORE_FILL, palette.NO_SCORE_TEXT, palette.MUTED, "rounded,filled,dashed"


def _score(facts: TouchpointFacts) -> str:
    """`score 72 (65–79) n=240`, `felt +1, no survey`, or `no data`."""
    if facts.evidence == "survey":
        return f"score {experience_text(facts.experience)} {facts.answers}".rstrip()
    if facts.evidence == "felt":
        return f"felt {felt_text(facts)}, no survey"
    return "no data"


def felt_text(facts: TouchpointFacts) -> str:
    """`+1`, or `+1 / +2` when the map gives one emotion per persona."""
    emotion = facts.touchpoint.emotion
    values = list(emotion.values()) if isinstance(emotion, dict) else [emotion]
    return " / ".join(numbers.emotion(v) for v in values)


def measured_step(source, target):
    """The step's conversion as `jmap measure --write` records it ({successes, n}); None when not measured."""
    from journeymap.measure.writeback import step_kpi_name

    kpi = source.touchpoint.kpis.get(step_kpi_name(target.id))
    return kpi if kpi is not None and kpi.n is not None else None


def step_traffic(pairs: list) -> tuple[dict, int]:
    """Each step's measured conversion (None when not measured) and the most sessions any step took.
    Widths are relative to the busiest step of everything drawn, so each page of a fitted map draws
    a step as wide as the whole map does."""
    measured = {(s.id, t.id): measured_step(s, t) for s, t in pairs}
    return measured, max((kpi.successes for kpi in measured.values() if kpi is not None), default=0)


def conversion_text(kpi) -> str:
    """A measured step's rate as drawn beside it: `62 %`."""
    return numbers.whole_percent(kpi.value)


def traffic_look(kpi, busiest: int) -> dict:
    """A measured step's edge attributes: width by the sessions that took the step, its rate beside it."""
    width = 1.0 + 7.0 * kpi.successes / busiest if busiest else 1.0
    return {"penwidth": quote(f"{width:.2f}"),
            "arrowsize": quote(f"{0.8 / width ** 0.5:.2f}"),  # graphviz grows the head with the line
            "label": quote(conversion_text(kpi)), "fontname": FONT, "fontsize": '"9"', "fontcolor": quote(palette.MUTED)}


def _edges(pairs: list, persona: Optional[str]) -> list[str]:
    lines = []
    measured, busiest = step_traffic(pairs)
    for source, target in pairs:
        values = {}
        kpi = measured[(source.id, target.id)]
        if kpi is not None:
            values.update(traffic_look(kpi, busiest))
        if target.stage_index < source.stage_index:
            values.update({"constraint": "false", "style": "dashed", "color": quote(palette.BACKWARD)})
        if not (serves(source, persona) and serves(target, persona)):
            values.update({"color": quote(palette.FADED_LINE)})
        values["tooltip"] = '"' + tooltip([f"Next: {clean(source.touchpoint.name, 80)} \u2192 {clean(target.touchpoint.name, 80)}"]) + '"'
        lines.append(statement(f"{node_id('tp', source.id)} -> {node_id('tp', target.id)}", values))
    return lines


def _undeclared_edges(facts: list, strays: list, persona: Optional[str]) -> list[str]:
    """The measured steps off the map, as arcs under the cards (south ports), apart from the declared
    arrows. Each is laid out from the earlier card to the later (a step back has its arrow reversed,
    `dir=back`) and weighs nothing, so it never pulls the designed flow out of its left-to-right order."""
    order = {f.id: i for i, f in enumerate(facts)}
    lines = []
    for source, target, transition in strays:
        values = {**undeclared_edge(source, target, transition), "weight": "0", "tailport": '"s"', "headport": '"s"'}
        if not (serves(source, persona) and serves(target, persona)):
            values.update({"color": quote(palette.FADED_LINE), "fontcolor": quote(palette.FADED_TEXT)})
        first, last = (source, target) if order[source.id] < order[target.id] else (target, source)
        if first is target:
            values["dir"] = "back"
        lines.append(statement(f"{node_id('tp', first.id)} -> {node_id('tp', last.id)}", values))
    return lines


def _stage_order(journey_map: JourneyMap, facts: list, pairs: list) -> list[str]:
    """Invisible edges through one hidden node between consecutive stages keep stages left to right.

    Only a stage's last touchpoints lead to the gate and only the next stage's first ones leave
    it: the arrows inside a stage already order the rest, and an edge per touchpoint made
    dot's layout grow far faster than the map.
    """
    inside = [(a.id, b.id) for a, b in pairs if a.stage_index == b.stage_index and a.id != b.id]
    ends = []
    for s, stage in enumerate(journey_map.stages):
        ids = [f.id for f in facts if f.stage_index == s]
        if not ids:
            ends.append(([node_id("empty", stage.id)], [node_id("empty", stage.id)]))
            continue
        links = [(a, b) for a, b in inside if a in ids]
        firsts = _uncovered(ids, links)
        lasts = _uncovered(ids, [(b, a) for a, b in links])
        ends.append(([node_id("tp", i) for i in firsts], [node_id("tp", i) for i in lasts]))
    lines = []
    for s in range(len(ends) - 1):
        gate = node_id("order", str(s))
        lines.append(statement(gate, {"shape": "point", "style": "invis", "width": "0", "label": '""'}))
        for name in ends[s][1]:
            lines.append(statement(f"{name} -> {gate}", {"style": "invis"}))
        for name in ends[s + 1][0]:
            lines.append(statement(f"{gate} -> {name}", {"style": "invis"}))
    return lines


def _uncovered(ids: list, links: list) -> list:
    """The ids with no link into them, plus any the links from those cannot reach (cycles), in map order."""
    targets = {b for _a, b in links}
    starts = [i for i in ids if i not in targets]
    following = {}
    for a, b in links:
        following.setdefault(a, []).append(b)
    reached, todo = set(starts), list(starts)
    while todo:
        for b in following.get(todo.pop(), ()):
            if b not in reached:
                reached.add(b)
                todo.append(b)
    unreached = [i for i in ids if i not in reached]
    return starts + unreached
