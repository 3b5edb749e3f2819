"""Branches drawn as branches: alternatives share a column in the lanes view, and each persona's
emotion line follows only its own touchpoints along `next` (read from the DOT)."""

import os
import re

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


def test_branching_lanes_match_the_golden_file():
    golden = GOLDEN / "branching.lanes.dot"
    dot = build_dot(load(), "lanes")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(dot, encoding="utf-8")
    assert dot == golden.read_text(encoding="utf-8"), f"run UPDATE_GOLDEN=1 pytest {__file__} and review the diff"


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
