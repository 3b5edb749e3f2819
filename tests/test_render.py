"""jmap render, the core: the DOT is the tested artefact (golden files), and the SVG it draws."""

import re
import shutil
from pathlib import Path

import pytest
from lxml import etree

from journeymap.outputs.render import UnknownPersona, build_dot, draw
from journeymap.outputs.render import palette
from journeymap.checks.validation import validate_bytes

from helpers import ROOT, SAMPLE, small_map, touchpoint, valid_map

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
SVG = "{http://www.w3.org/2000/svg}"


def load(path: Path = SAMPLE):
    result = validate_bytes(path.read_bytes(), str(path))
    assert result.map is not None
    return result.map


def node_groups(svg: bytes) -> dict:
    """Node name (the <title> Graphviz writes) -> all text drawn in that node, joined by spaces."""
    root = etree.fromstring(svg)
    found = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") == "node":
            title = group.find(f"{SVG}title").text
            found[title] = " ".join(t.text or "" for t in group.iter(f"{SVG}text"))
    return found


@pytest.mark.parametrize("view", ["flow", "lanes"])
def test_dot_matches_the_golden_file(view, golden):
    golden(f"render/online-store.{view}.dot", build_dot(load(), view))


@needs_dot
@pytest.mark.parametrize("view", ["flow", "lanes"])
def test_svg_has_one_node_per_touchpoint_with_its_name_and_a_legend(view):
    journey_map = load()
    svg = draw(journey_map, "svg", view)
    nodes = node_groups(svg)
    touchpoints = {tp.id: tp.name for _s, _t, _stage, tp in journey_map.touchpoints()}
    drawn = {title[3:]: text for title, text in nodes.items() if title.startswith("tp:")}
    assert set(drawn) == set(touchpoints)
    for tp_id, name in touchpoints.items():
        assert name in drawn[tp_id], (tp_id, drawn[tp_id])
    text = " ".join(t.text or "" for t in etree.fromstring(svg).iter(f"{SVG}text"))
    assert "Experience score" in text and "no score" in text
    for index in range(len(palette.SCORE_CLASSES)):
        assert palette.class_label(index) in text


@needs_dot
def test_svg_is_accessible_with_title_desc_and_tooltips_carrying_numbers():
    svg = draw(load(), "svg", "flow")
    root = etree.fromstring(svg)
    assert root[0].tag == f"{SVG}title" and root[0].text == "First purchase, online store"
    assert root[1].tag == f"{SVG}desc" and "13 touchpoints" in root[1].text
    tips = [a.get("{http://www.w3.org/1999/xlink}title") for a in root.iter(f"{SVG}a")]
    checkout = next(t for t in tips if t.startswith("Touchpoint: Checkout"))
    assert "Experience score: 60 [56, 64]" in checkout
    assert "CSAT 61.8% [56.5, 66.8] n=340" in checkout  # 210 of 340 answered 4 or 5; Wilson interval


@needs_dot
@pytest.mark.parametrize("view", ["flow", "lanes"])
@pytest.mark.parametrize("fmt", ["dot", "svg", "png"])
def test_two_renders_are_byte_identical(view, fmt):
    assert draw(load(), fmt, view) == draw(load(), fmt, view)


def test_flow_fills_nodes_by_score_and_marks_missing_scores_dashed():
    dot = build_dot(load(), "flow")
    checkout = next(line for line in dot.splitlines() if line.startswith('  "tp:checkout"'))
    assert 'fillcolor="#abd9e9"' in checkout  # experience 60: the 60-80 class
    returns = next(line for line in dot.splitlines() if line.startswith('  "tp:returns-portal"'))
    assert 'fillcolor="#fdae61"' in returns  # 29
    unscored = build_dot(load_text("""
        jmap: 1
        journey: {id: j, title: J}
        channels: [web]
        stages:
          - id: s
            name: S
            touchpoints:
              - {id: a, name: A, channel: web, owner: o}
    """), "flow")
    line = next(line for line in unscored.splitlines() if line.startswith('  "tp:a"'))
    assert 'style="rounded,filled,dashed"' in line and f'fillcolor="{palette.NO_SCORE_FILL}"' in line
    assert "no score" in line


def load_text(text: str):
    import textwrap

    result = validate_bytes(textwrap.dedent(text).encode(), "map.jmap.yaml")
    assert result.map is not None, result.diagnostics
    return result.map


def test_flow_marks_low_samples_and_pains():
    dot = build_dot(load(), "flow")
    chat = next(line for line in dot.splitlines() if line.startswith('  "tp:size-chat"'))
    assert "\u26a0 n=18" in chat
    checkout = next(line for line in dot.splitlines() if line.startswith('  "tp:checkout"'))
    assert "\u2691 2 pains" in checkout


def test_flow_without_next_links_touchpoints_in_stage_order():
    dot = build_dot(load_text("""
        jmap: 1
        journey: {id: j, title: J}
        channels: [web]
        stages:
          - id: s
            name: S
            touchpoints:
              - {id: a, name: A, channel: web, owner: o}
              - {id: b, name: B, channel: web, owner: o}
              - {id: c, name: C, channel: web, owner: o}
          - id: t
            name: T
            touchpoints:
              - {id: d, name: D, channel: web, owner: o}
    """), "flow")
    visible = [line for line in dot.splitlines() if " -> " in line and "invis" not in line]
    assert [re.findall(r'"tp:(\w)"', line) for line in visible] == [["a", "b"], ["b", "c"]]


def test_backward_next_is_dashed_and_does_not_constrain_the_layout():
    dot = build_dot(load(Path(ROOT / "tests" / "data" / "hostile.jmap.yaml")), "flow")
    back = next(line for line in dot.splitlines() if line.startswith('  "tp:long-name" -> "tp:quote"'))
    assert "constraint=false" in back and "style=dashed" in back


def test_persona_keeps_its_path_and_fades_the_rest():
    dot = build_dot(load(), "flow", persona="returning")
    lines = dot.splitlines()
    ad = next(line for line in lines if line.startswith('  "tp:instagram-ad"'))  # new visitors only
    cart = next(line for line in lines if line.startswith('  "tp:cart"'))
    assert f'fillcolor="{palette.FADED_FILL}"' in ad
    assert f'fillcolor="{palette.FADED_FILL}"' not in cart
    faded_edge = next(line for line in lines if line.startswith('  "tp:instagram-ad" -> "tp:product-page"'))
    assert palette.FADED_LINE in faded_edge
    assert "path of Returning customer" in dot


def test_unknown_persona_is_refused():
    with pytest.raises(UnknownPersona, match="new-visitor, returning"):
        build_dot(load(), "flow", persona="nobody")


def boxes(dot: str) -> list:
    """(name, left, bottom, right, top) of every fixed-size box in a lanes DOT."""
    found = []
    for line in dot.splitlines():
        match = re.match(r'  ("[^"]+") \[pos="([-\d.]+),([-\d.]+)!", width="([\d.]+)", height="([\d.]+)"', line)
        if match:
            x, y, w, h = (float(v) for v in match.group(2, 3, 4, 5))
            found.append((match.group(1), x - w * 36, y - h * 36, x + w * 36, y + h * 36))
    return found


@pytest.mark.parametrize("path", [SAMPLE, ROOT / "tests" / "data" / "hostile.jmap.yaml"])
def test_lanes_cells_never_overlap(path):
    cells = boxes(build_dot(load(path), "lanes"))
    assert len(cells) > 10
    for i, a in enumerate(cells):
        for b in cells[i + 1:]:
            apart = a[3] <= b[1] + 0.01 or b[3] <= a[1] + 0.01 or a[4] <= b[2] + 0.01 or b[4] <= a[2] + 0.01
            assert apart, (a, b)


def test_lanes_has_an_emotion_line_per_persona_through_its_touchpoints():
    dot = build_dot(load(), "lanes")
    new_visitor = re.findall(r'^  "emotion:0-([\w-]+)" \[pos', dot, re.M)
    returning = re.findall(r'^  "emotion:1-([\w-]+)" \[pos', dot, re.M)
    assert "instagram-ad" in new_visitor and "instagram-ad" not in returning
    assert "referral-programme" in returning and "referral-programme" not in new_visitor
    assert len(re.findall(r'"emotion:1-[\w-]+" -> "emotion:1-[\w-]+"', dot)) == len(returning) - 1
    only = build_dot(load(), "lanes", persona="returning")
    assert '"emotion:0-' not in only and '"emotion:1-' in only


def test_lanes_points_sit_at_their_emotion():
    dot = build_dot(load(), "lanes")
    y = {m[0]: float(m[1]) for m in re.findall(r'"emotion:0-([\w-]+)" \[pos="[-\d.]+,([-\d.]+)!"', dot)}
    # returns-portal is -2, order-confirmation +2: four emotion steps apart, same persona offset
    assert y["order-confirmation"] - y["returns-portal"] == pytest.approx(4 * 32)


# --------------------------------------------------------------------------- what the pictures say
# No "score no score", wrapped owners, a column for an empty stage.

def unscored(owner: str) -> str:
    return small_map(touchpoint("a", owner=owner), title="Unscored")


def test_views_never_say_score_no_score():
    journey_map = valid_map(unscored("x"))
    for view in ("flow", "lanes"):
        dot = build_dot(journey_map, view)
        assert "score no score" not in dot, view
        assert "no score" in dot, view


def test_hostile_map_never_says_score_no_score():
    result = validate_bytes((ROOT / "tests" / "data" / "hostile.jmap.yaml").read_bytes(), "hostile.jmap.yaml")
    for view in ("flow", "lanes"):
        assert "score no score" not in build_dot(result.map, view), view


def test_long_owner_is_wrapped_inside_its_cell():
    from journeymap.outputs.render.dot import text_width
    from journeymap.outputs.render.lanes import TEXT_WIDTH

    owner = "search-engine-optimisation@example-retailer.com"
    dot = build_dot(valid_map(unscored(owner)), "lanes")
    cell = next(line for line in dot.splitlines() if line.startswith('  "tp:a" '))
    lines = re.findall(r'([^>]*)<BR ALIGN="LEFT"/>', cell)
    owner_lines = [line for line in lines if line and ("owner" in line or "example" in line or "optimis" in line)]
    assert len(owner_lines) >= 2, lines
    for line in lines:
        assert text_width(line.replace("&#64;", "@"), 10) <= TEXT_WIDTH + 0.01, line


def test_empty_stage_gets_a_placeholder_column_in_lanes():
    dot = build_dot(valid_map(small_map(title="Empty")), "lanes")
    assert "no touchpoints" in dot
    cells = boxes(dot)
    for i, a in enumerate(cells):
        for b in cells[i + 1:]:
            apart = a[3] <= b[1] + 0.01 or b[3] <= a[1] + 0.01 or a[4] <= b[2] + 0.01 or b[4] <= a[2] + 0.01
            assert apart, (a, b)
