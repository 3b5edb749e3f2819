"""Evidence shows: a touchpoint's fill says what stands behind it (a surveyed score in the score
colours with its n, an emotion alone in a look of its own, nothing plainly), and the legend
explains the marks a picture uses and no others."""

import re

import pytest

from journeymap.outputs.render import build_dot, build_pages
from journeymap.outputs.render import palette
from journeymap.outputs.render.pages import MEDIA

from helpers import valid_map

MAP = """
jmap: 1
journey: {id: j, title: Evidence}
channels: [web]
stages:
  - id: s
    name: S
    touchpoints:
      - id: surveyed
        name: Surveyed
        channel: web
        owner: o
        emotion: 2
        satisfaction:
          csat: {counts: [5, 5, 10, 40, 40]}
          ces: {value: 5.5, n: 80}
      - {id: felt, name: Felt only, channel: web, owner: o, emotion: 2}
      - {id: bare, name: Nothing known, channel: web, owner: o}
"""
SCORE_FILLS = {fill for _low, fill, _ink in palette.SCORE_CLASSES}


def statement(dot: str, name: str) -> str:
    return next(line for line in dot.splitlines() if line.startswith(f'  "{name}" ['))


@pytest.mark.parametrize("fitted", [False, True])
def test_flow_fill_says_what_stands_behind_each_card(fitted):
    dot = "".join(build_pages(valid_map(MAP), "flow", MEDIA["a4"])) if fitted else build_dot(valid_map(MAP), "flow")
    surveyed, felt, bare = (statement(dot, f"tp:{name}") for name in ("surveyed", "felt", "bare"))
    # CSAT 80/100 -> 80; CES 5.5 on 1-7 -> 75: experience 77.5, the 60-80 class, resting on 80 and 100 answers
    assert 'fillcolor="#abd9e9"' in surveyed and "score 78" in surveyed and "n=80\u2013100" in surveyed
    assert f'fillcolor="{palette.FELT_FILL}"' in felt and f'color="{palette.FELT_BORDER}"' in felt
    assert "felt +2, no survey" in felt
    label = re.search(r"label=<(.*)>, fillcolor", felt).group(1)
    assert "score" not in label  # never "score 100 (emotion)"
    assert not any(f'fillcolor="{fill}"' in felt for fill in SCORE_FILLS)
    assert f'fillcolor="{palette.NO_SCORE_FILL}"' in bare and "no data" in bare


def test_lanes_satisfaction_cell_says_the_same():
    dot = build_dot(valid_map(MAP), "lanes")
    felt = statement(dot, "cell-satisfaction:felt")
    assert f'fillcolor="{palette.FELT_FILL}"' in felt and "no survey" in felt and "felt +2" in felt
    assert "score" not in re.search(r"label=<(.*)>", felt).group(1)
    assert "no data" in statement(dot, "cell-satisfaction:bare")
    assert 'fillcolor="#abd9e9"' in statement(dot, "cell-satisfaction:surveyed")


def test_tooltip_of_an_emotion_only_touchpoint_gives_no_experience_score():
    felt = statement(build_dot(valid_map(MAP), "flow"), "tp:felt")
    tip = re.search(r'tooltip="([^"]*)"', felt).group(1)
    assert "Experience score" not in tip and "No survey" in tip and "Emotion: +2" in tip


def legend(dot: str) -> str:
    return re.search(r'graph \[.*label=(<.*>)\];', dot.splitlines()[1]).group(1)


def test_legend_explains_the_marks_used_and_no_others():
    every = legend(build_dot(valid_map(MAP), "flow"))
    assert "Experience score" in every and "felt, no survey" in every and "no data" in every
    assert "fewer than" not in every and "pains" not in every  # no low sample, no pain on this map
    only_felt = MAP.split("      - id: surveyed")[0] + "      - {id: felt, name: Felt only, channel: web, owner: o, emotion: 2}\n"
    text = legend(build_dot(valid_map(only_felt), "flow"))
    assert "Experience score" not in text and "felt, no survey" in text and "no data" not in text
    assert "next step" not in text  # one touchpoint: no arrow, no arrow key
