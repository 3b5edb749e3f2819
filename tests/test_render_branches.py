"""Branches drawn as branches: alternatives share a column in the lanes view, and each persona's
emotion line follows only its own touchpoints along `next` (read from the DOT)."""

import re
import sys

import pytest

from journeymap.checks.validation import validate_bytes
from journeymap.outputs.render import build_dot, build_pages
from journeymap.outputs.render.pages import MEDIA

from helpers import ROOT

BRANCHING = ROOT / "tests" / "data" / "branching.jmap.yaml"
GOLDEN = ROOT / "tests" / "golden" / "render"
POS = re.compile(r'^  "(tp|emotion):([\w-]+)" \[pos="([-\d.]+),([-\d.]+)!"', re.M)


def load():
    result = validate_bytes(BRANCHING.read_bytes(), str(BRANCHING))
    assert result.map is not None, result.diagnostics
    return result.map


def positions(dot: str, kind: str) -> dict:
    return {name: (float(x), float(y)) for k, name, x, y in POS.findall(dot) if k == kind}


def test_branching_lanes_match_the_golden_file(golden):
    golden("render/branching.lanes.dot", build_dot(load(), "lanes"))


@pytest.mark.parametrize("fitted", [False, True])
def test_alternatives_share_a_column_one_above_the_other(fitted):
    dot = "".join(build_pages(load(), "lanes", MEDIA["a3"])) if fitted else build_dot(load(), "lanes")
    cards = positions(dot, "tp")
    # home delivery or store pickup, both reached from checkout, neither leading to the other
    assert cards["home-delivery"][0] == cards["store-pickup"][0]
    assert cards["home-delivery"][1] > cards["store-pickup"][1]  # above (y grows upwards in DOT)
    # the two ways into fulfilment share a column; the pickup desk follows the text, one column on
    assert cards["delivery-tracking"][0] == cards["pickup-ready"][0] < cards["pickup-desk"][0]
    # checkout comes before both alternatives
    assert cards["checkout"][0] < cards["home-delivery"][0]


def test_each_persona_line_follows_only_its_own_path():
    dot = build_dot(load(), "lanes")
    steps = {index: set(re.findall(rf'"emotion:{index}-([\w-]+)" -> "emotion:{index}-([\w-]+)"', dot))
             for index in (0, 1)}
    assert steps[0] == {("checkout", "home-delivery"), ("home-delivery", "delivery-tracking"),
                        ("delivery-tracking", "review-request")}
    assert steps[1] == {("checkout", "store-pickup"), ("store-pickup", "pickup-ready"),
                        ("pickup-ready", "pickup-desk"), ("pickup-desk", "review-request")}
    points = positions(dot, "emotion")
    assert "0-store-pickup" not in points and "1-home-delivery" not in points


def test_a_persona_line_passes_over_its_own_touchpoints_without_emotion_but_never_another_branch():
    text = BRANCHING.read_text().replace("emotion: 2, next: [pickup-desk]", "next: [pickup-desk]")
    result = validate_bytes(text.encode(), "map.jmap.yaml")
    dot = build_dot(result.map, "lanes")
    store = set(re.findall(r'"emotion:1-([\w-]+)" -> "emotion:1-([\w-]+)"', dot))
    assert ("store-pickup", "pickup-desk") in store and not any("pickup-ready" in step for step in store)
    home = set(re.findall(r'"emotion:0-([\w-]+)" -> "emotion:0-([\w-]+)"', dot))
    assert ("checkout", "review-request") not in home


def test_alternative_points_sit_apart_on_the_curve():
    points = positions(build_dot(load(), "lanes"), "emotion")
    assert points["0-home-delivery"][0] < points["1-store-pickup"][0]


def test_stacked_alternatives_are_each_as_tall_as_their_own_text():
    """Product page and App wishlist share a column: each box holds its own lines (13 pt a line, 7 pt
    padding above and below), the second starts 4 pt below the first, and the row is as tall as
    that column, not twice its tallest cell."""
    dot = build_dot(validate_bytes((ROOT / "samples" / "online-store.jmap.yaml").read_bytes(), "x").map, "lanes")
    boxes = {name: (float(y), float(height) * 72, label.count("<BR"))
             for name, y, height, label in re.findall(
                 r'^  "([^"]+)" \[pos="[-\d.]+,([-\d.]+)!", width="[\d.]+", height="([\d.]+)".*?label=<(.*?)>>?, ',
                 dot, re.M)}
    first_y, first_h, first_lines = boxes["cell-satisfaction:product-page"]
    second_y, second_h, second_lines = boxes["cell-satisfaction:app-wishlist"]
    assert (first_lines, second_lines) == (5, 3)
    assert round(first_h) == 5 * 13 + 14 and round(second_h) == 3 * 13 + 14
    first_bottom = -first_y + first_h / 2
    assert round(-second_y - second_h / 2 - first_bottom) == 4
    assert round(boxes["row:satisfaction"][1]) == (5 * 13 + 14) + 4 + (3 * 13 + 14)


def test_a_large_branching_map_on_slides_keeps_each_persona_on_its_own_branch():
    """100 touchpoints, 4 personas, a fork every four touchpoints (bench/genmap.py): on every slide
    page each persona's curve joins only touchpoints that persona meets, through each fork by the
    persona's own alternative, and every touchpoint's name is on exactly one page of its rows."""
    sys.path.insert(0, str(ROOT / "bench"))
    from genmap import generate

    journey_map = validate_bytes(generate(100, personas=4, branching=True).encode(), "g.jmap.yaml").map
    serves = {(i, tp.id) for _s, _t, _stage, tp in journey_map.touchpoints()
              for i, persona in enumerate(journey_map.personas) if persona.id in tp.personas}
    pages = build_pages(journey_map, "lanes", MEDIA["slide"])
    steps = [(int(a), src, int(b), dst) for dot in pages
             for a, src, b, dst in re.findall(r'"emotion:(\d)-([\w-]+)" -> "emotion:(\d)-([\w-]+)"', dot)]
    assert len({index for index, *_rest in steps}) == 4
    for a, src, b, dst in steps:
        assert a == b and (a, src) in serves and (a, dst) in serves, (a, src, dst)
    # the fork after awareness-tp-0: personas 0 and 2 take tp-1, personas 1 and 3 take tp-2
    fork = {(a, dst) for a, src, _b, dst in steps if src == "awareness-tp-0"}
    assert fork == {(0, "awareness-tp-1"), (2, "awareness-tp-1"), (1, "awareness-tp-2"), (3, "awareness-tp-2")}
    for _s, _t, _stage, tp in journey_map.touchpoints():
        holding = [dot for dot in pages if f'"tp:{tp.id}"' in dot]
        assert len(holding) == 1, tp.id
