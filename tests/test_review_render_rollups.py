"""Roll-ups weigh reach, then responses, then equally: a score a touchpoint has is never dropped."""

import textwrap

import pytest

from journeymap.scoring.rollups import EQUAL, REACH, RESPONSES, score_map
from journeymap.checks.validation import validate_bytes

EMOTION_ONLY = """\
    jmap: 1
    journey: {id: j, title: Emotion only}
    personas:
      - {id: p1, name: First}
    channels: [web]
    stages:
      - id: s1
        name: One
        touchpoints:
          - {id: a, name: A, channel: web, owner: x, emotion: 1REACH_A}
          - {id: b, name: B, channel: web, owner: x, emotion: 0REACH_B}
"""


def scores_of(text):
    result = validate_bytes(textwrap.dedent(text).encode(), "m.jmap.yaml")
    assert result.map is not None, result.diagnostics
    return score_map(result.map)


def every_rollup(scores):
    return [scores.journey, *scores.stages, *scores.personas, *scores.channels]


@pytest.mark.parametrize("reach", [("", ""), (", reach: 0", ", reach: 0"), (", reach: 100", "")],
                         ids=["no reach", "zero reach", "partial reach"])
def test_emotion_only_touchpoints_are_weighed_equally(reach):
    text = EMOTION_ONLY.replace("REACH_A", reach[0]).replace("REACH_B", reach[1])
    scores = scores_of(text)
    assert [tp.experience.score for tp in scores.touchpoints] == [75.0, 50.0]
    for rollup in every_rollup(scores):
        assert rollup.weighting == EQUAL, rollup.id
        assert rollup.experience is not None, rollup.id
        assert rollup.experience.score == pytest.approx(62.5), rollup.id


def test_positive_reach_still_weighs_by_reach():
    scores = scores_of(EMOTION_ONLY.replace("REACH_A", ", reach: 300").replace("REACH_B", ", reach: 100"))
    assert scores.journey.weighting == REACH
    assert scores.journey.experience.score == pytest.approx((300 * 75 + 100 * 50) / 400)


def test_responses_used_when_every_touchpoint_has_some():
    text = """\
        jmap: 1
        journey: {id: j, title: Surveys}
        channels: [web]
        stages:
          - id: s1
            name: One
            touchpoints:
              - {id: a, name: A, channel: web, owner: x, reach: 10, satisfaction: {csat: {value: 0.8, n: 10}}}
              - {id: b, name: B, channel: web, owner: x, satisfaction: {csat: {value: 0.5, n: 30}}}
    """
    scores = scores_of(text)
    assert scores.journey.weighting == RESPONSES
    assert scores.journey.metrics["csat"].value == pytest.approx((10 * 0.8 + 30 * 0.5) / 40)
