"""The flow view's stage ordering stays small, so dot's layout time follows the map's size."""

import re
import sys
from pathlib import Path

import yaml

from journeymap.model.definition import JourneyMap
from journeymap.outputs.render import flow

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from genmap import generate  # noqa: E402


def _dot(text: str) -> str:
    return flow.build(JourneyMap.model_validate(yaml.safe_load(text)))


def _gate_edges(dot: str) -> list[str]:
    return re.findall(r"^\s*(\S+ -> \S+) \[style=invis\]", dot, flags=re.M)


def test_a_chain_of_touchpoints_needs_two_invisible_edges_per_stage_boundary():
    dot = _dot(generate(500))
    assert len(_gate_edges(dot)) == 2 * 4  # five stages, four boundaries: last of one, first of the next
    assert "nslimit=1" in dot  # past LARGE_MAP touchpoints dot gets bounded layout passes


def test_every_touchpoint_of_a_cycle_inside_a_stage_is_still_ordered():
    text = """
jmap: 1
journey: {id: j, title: J}
channels: [web]
stages:
  - id: s1
    name: One
    touchpoints:
      - {id: a, name: A, channel: web, next: [b]}
      - {id: b, name: B, channel: web, next: [a, c]}
  - id: s2
    name: Two
    touchpoints:
      - {id: c, name: C, channel: web, next: [d]}
      - {id: d, name: D, channel: web, next: [c]}
"""
    # a and b link to each other, so neither is "last" by its links: both go to the gate,
    # and c and d (another cycle) both leave it
    assert _gate_edges(_dot(text)) == ['"tp:a" -> "order:0"', '"tp:b" -> "order:0"',
                                       '"order:0" -> "tp:c"', '"order:0" -> "tp:d"']
