"""Rows the team defines: declared lanes in their order, the service blueprint with its three
lines, persona cards heading the lanes view; hostile lane texts stay text (read from the DOT and SVG)."""

import os
import re
import shutil

import pytest
from lxml import etree

from journeymap.checks.validation import validate_bytes
from journeymap.outputs.render import build_dot, build_pages, draw
from journeymap.outputs.render.pages import MEDIA

from helpers import ROOT

LANES = ROOT / "tests" / "data" / "declared-lanes.jmap.yaml"
HOSTILE = ROOT / "tests" / "data" / "hostile.jmap.yaml"
GOLDEN = ROOT / "tests" / "golden" / "render"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
ROW = re.compile(r'^  "row:([\w@.-]+)" \[pos="[-\d.]+,([-\d.]+)!"', re.M)
LEGEND = ">felt, no survey</FONT>"  # the legend's swatch for the emotion-only touchpoints of this map


def load(path=LANES, text=None):
    result = validate_bytes(text.encode() if text is not None else path.read_bytes(), str(path))
    assert result.map is not None, result.diagnostics
    return result.map


def rows_top_down(dot: str) -> list:
    """Row ids in the order drawn, top first (DOT y grows upwards)."""
    return [name for name, y in sorted(ROW.findall(dot), key=lambda found: -float(found[1]))]


@pytest.mark.parametrize("view", ["lanes", "blueprint"])
def test_golden(view):
    golden = GOLDEN / f"declared-lanes.{view}.dot"
    dot = build_dot(load(), view)
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(dot, encoding="utf-8")
    assert dot == golden.read_text(encoding="utf-8"), f"run UPDATE_GOLDEN=1 pytest {__file__} and review the diff"


def test_declared_lanes_are_drawn_in_their_order_after_the_channel():
    assert rows_top_down(build_dot(load(), "lanes")) == [
        "personas", "touchpoint", "channel", "lane-doing", "lane-thinking", "lane-feeling", "lane-frontstage",
        "lane-backstage", "lane-support", "lane-quotes", "satisfaction", "emotion", "pains", "opportunities"]
    reordered = LANES.read_text().replace("lanes: [doing, thinking, feeling,", "lanes: [feeling, thinking, doing,")
    order = rows_top_down(build_dot(load(text=reordered), "lanes"))
    assert order.index("lane-feeling") < order.index("lane-thinking") < order.index("lane-doing")


def test_lane_text_sits_in_its_touchpoints_cell_and_a_lane_name_labels_its_row():
    dot = build_dot(load(), "lanes")
    cell = next(line for line in dot.splitlines() if line.startswith('  "cell-lane-thinking:size-guide"'))
    assert "Is a 40 here like a 40" in cell
    support = next(line for line in dot.splitlines() if line.startswith('  "cell-lane-support:size-guide"'))
    assert "\u2022 Product information" in support and "\u2022 Brand size feed" in support
    assert "What customers say" in next(line for line in dot.splitlines() if line.startswith('  "row:lane-quotes"'))


def test_blueprint_rows_and_its_three_lines_in_order():
    dot = build_dot(load(), "blueprint")
    assert rows_top_down(dot) == ["touchpoint", "channel", "lane-doing", "lane-frontstage", "lane-backstage",
                                  "lane-support"]
    y = {name: float(value) for name, value in
         re.findall(r'^  "line:line-([a-z]+)-start" \[pos="[-\d.]+,([-\d.]+)!"', dot, re.M)}
    rows = {name: float(value) for name, value in ROW.findall(dot)}
    # each line lies between the rows it separates (y grows upwards)
    assert rows["lane-doing"] > y["interaction"] > rows["lane-frontstage"] > y["visibility"] \
        > rows["lane-backstage"] > y["internal"] > rows["lane-support"]
    for label in ("line of interaction", "line of visibility", "line of internal interaction"):
        assert f'label="{label}"' in dot
    assert LEGEND not in dot  # no score is drawn, so the legend does not explain one
    assert LEGEND in build_dot(load(), "lanes")


def test_blueprint_of_a_map_without_lanes_still_has_the_rows_empty():
    dot = build_dot(load(ROOT / "samples" / "online-store.jmap.yaml"), "blueprint")
    assert rows_top_down(dot)[2:] == ["lane-doing", "lane-frontstage", "lane-backstage", "lane-support"]


def test_a_map_that_calls_support_systems_gets_them_in_the_support_row():
    text = LANES.read_text().replace("support,", "systems,").replace("support:", "systems:")
    dot = build_dot(load(text=text), "blueprint")
    assert "Chat platform" in next(line for line in dot.splitlines() if line.startswith('  "cell-lane-systems:size-chat"'))


def test_persona_cards_head_the_lanes_view_with_share_goals_and_quote():
    dot = build_dot(load(), "lanes")
    card = next(line for line in dot.splitlines() if line.startswith('  "persona:first-timer"'))
    assert "First-time buyer" in card and "70% of customers" in card
    assert "Find a size that fits the first time" in card and "I never know which size" in card
    regular = next(line for line in dot.splitlines() if line.startswith('  "persona:regular"'))
    assert "Reorder quickly" in regular and "<I>" not in regular  # no quote given, none drawn
    assert '"persona:' not in build_dot(load(), "blueprint")


def test_fitted_pages_keep_every_row_and_the_cards_on_the_first_page():
    pages = build_pages(load(), "lanes", MEDIA["slide"])
    assert '"persona:first-timer' in pages[0]
    drawn = [name.split("@")[0] for dot in pages for name, _y in ROW.findall(dot)]
    for row in ("lane-doing", "lane-quotes", "satisfaction", "emotion", "opportunities"):
        assert row in drawn
    for dot in build_pages(load(), "blueprint", MEDIA["a4"]):
        assert LEGEND not in dot


def hostile_with_lanes():
    text = HOSTILE.read_text()
    text = text.replace("stages:\n", 'lanes: [doing, {id: quotes, name: "<script>alert(\'lane\')</script>"}]\nstages:\n', 1)
    text = text.replace('        owner: "<svg onload=alert(4)>"\n',
                        '        owner: "<svg onload=alert(4)>"\n        lanes:\n'
                        '          doing: "<img src=x onerror=alert(8)> ]; a -> b [color=red]"\n'
                        '          quotes: ["\\e[31mred\\e[0m", "javascript:alert(9)", "\\\\N\\\\G"]\n', 1)
    text = text.replace('share: 0.5}\n  - {id: trudy',
                        'share: 0.5, goals: ["<b>win</b>"], quote: "</TD></TR></TABLE>>"}\n  - {id: trudy', 1)
    return load(HOSTILE, text)


@pytest.mark.parametrize("view", ["lanes", "blueprint"])
def test_hostile_lane_texts_never_become_dot_syntax(view):
    dot = build_dot(hostile_with_lanes(), view)
    for line in dot.splitlines()[1:-1]:
        assert re.match(r'  ("[a-z-]+:[a-z0-9-]+"( -> "[a-z-]+:[a-z0-9-]+")?|graph|node|edge) ', line), line
    assert "\x1b" not in dot and "&lt;img src=x" in dot


@needs_dot
@pytest.mark.parametrize("view", ["lanes", "blueprint"])
def test_hostile_lane_texts_are_inert_in_svg(view):
    root = etree.fromstring(draw(hostile_with_lanes(), "svg", view))
    for element in root.iter():
        tag = etree.QName(element).localname if isinstance(element.tag, str) else ""
        assert tag not in ("script", "foreignObject", "iframe", "object", "embed")
        for name, value in element.attrib.items():
            local = etree.QName(name).localname.lower()
            assert not local.startswith("on") and local != "href", (tag, name)
            assert not re.match(r"\s*(javascript|data|vbscript):", value, re.I), (tag, name, value)
    text = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "<img src=x onerror=alert(8)>" in text  # shown as the characters it is
