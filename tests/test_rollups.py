"""Roll-ups: every number recomputed here by hand from the map's counts, not read back from jmap."""

import math
import textwrap

import pytest
from scipy import stats

from journeymap.scoring.rollups import EQUAL, RESPONSES, REACH, score_map
from journeymap.load.settings import Settings
from journeymap.checks.validation import validate_bytes

from helpers import small_map, touchpoint, valid_map

Z = stats.norm.ppf(0.975)

MAP = """\
    jmap: 1
    journey: {id: small, title: Small journey}
    personas:
      - {id: p1, name: First, share: 0.6}
      - {id: p2, name: Second, share: 0.4}
    channels: [web, app, email, sms]
    stages:
      - id: s1
        name: One
        touchpoints:
          - id: a
            name: A
            channel: web
            personas: [p1]
            owner: x
            reach: 100
            satisfaction:
              csat: {counts: [0, 0, 2, 3, 5]}
          - id: b
            name: B
            channel: app
            owner: x
            reach: 300
            satisfaction:
              csat: {counts: [1, 1, 1, 1, 6]}
              nps: {promoters: 6, passives: 2, detractors: 2}
      - id: s2
        name: Two
        touchpoints:
          - id: c
            name: C
            channel: web
            personas: [p2]
            owner: x
            reach: 200
            satisfaction:
              csat: {value: 0.5, n: 40}
              ces: {counts: [0, 0, 0, 2, 0, 2, 0]}
          - id: d
            name: D
            channel: email
            owner: x
            reach: 50
            emotion: 1
"""


def wilson(p, n):
    """Wilson (1927) interval, written out independently of journeymap.scoring.metrics."""
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z / (1 + Z * Z / n) * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return centre - half, centre + half


def scores_of(text, settings=Settings()):
    result = validate_bytes(textwrap.dedent(text).encode(), "m.jmap.yaml")
    assert result.map is not None, result.diagnostics
    return score_map(result.map, settings)


@pytest.fixture(scope="module")
def scores():
    return scores_of(MAP)


def by_id(rollups):
    return {r.id: r for r in rollups}


# Touchpoint values by hand: a 8/10, b 7/10, c 0.5 of 40; b NPS 100*(6-2)/10 = 40;
# c CES answers 4, 4, 6, 6: mean 5, s = sqrt(4/3).
CSAT = {"a": (0.8, 10), "b": (0.7, 10), "c": (0.5, 40)}
EXPERIENCE = {"a": 80.0, "b": (70.0 + (40 + 100) / 2) / 2, "c": (50.0 + (5 - 1) / 6 * 100) / 2, "d": (1 + 2) / 4 * 100}


def test_touchpoint_rows(scores):
    rows = {tp.touchpoint: tp for tp in scores.touchpoints}
    assert [tp.touchpoint for tp in scores.touchpoints] == ["a", "b", "c", "d"]
    assert rows["b"].personas == ("p1", "p2")
    assert rows["a"].met == {"csat": True}  # 0.80 >= 0.80
    assert rows["b"].met == {"csat": False, "nps": True}
    assert rows["c"].met == {"csat": False, "ces": True}  # CES 5.0 >= 5.0
    assert rows["a"].low_sample == ("csat",)
    assert rows["b"].low_sample == ("csat", "nps")
    assert rows["c"].low_sample == ("ces",)  # CSAT rests on 40
    for tp_id, expected in EXPERIENCE.items():
        assert rows[tp_id].experience.score == pytest.approx(expected, abs=1e-9)
    half = stats.t.ppf(0.975, 3) * math.sqrt(4 / 3) / 2
    ces = rows["c"].estimates["ces"]
    assert (ces.low, ces.high) == pytest.approx((5 - half, 5 + half), abs=1e-9)


def weighted(pairs):
    total = sum(w for w, _v in pairs)
    return sum(w * v for w, v in pairs) / total


def test_journey_rollup_weights_by_reach(scores):
    journey = scores.journey
    assert (journey.kind, journey.id, journey.name) == ("journey", "small", "Small journey")
    assert journey.weighting == REACH
    assert journey.touchpoints == 4
    assert journey.responses == 10 + 20 + 44
    csat = journey.metrics["csat"]
    assert csat.value == pytest.approx((100 * 0.8 + 300 * 0.7 + 200 * 0.5) / 600)
    assert csat.n == 60
    lows = {k: wilson(p, n)[0] for k, (p, n) in CSAT.items()}
    highs = {k: wilson(p, n)[1] for k, (p, n) in CSAT.items()}
    assert csat.low == pytest.approx((100 * lows["a"] + 300 * lows["b"] + 200 * lows["c"]) / 600, abs=1e-6)
    assert csat.high == pytest.approx((100 * highs["a"] + 300 * highs["b"] + 200 * highs["c"]) / 600, abs=1e-6)
    assert journey.metrics["nps"].value == pytest.approx(40.0)
    assert journey.metrics["nps"].n == 10
    assert journey.metrics["ces"].value == pytest.approx(5.0)
    expected = weighted([(100, EXPERIENCE["a"]), (300, EXPERIENCE["b"]), (200, EXPERIENCE["c"]), (50, EXPERIENCE["d"])])
    assert journey.experience.score == pytest.approx(expected)
    assert journey.experience.low is None  # d rests on its emotion alone: no interval
    assert journey.low_sample == ("nps", "ces")


def test_stage_rollups(scores):
    stages = by_id(scores.stages)
    assert list(stages) == ["s1", "s2"]
    s1, s2 = stages["s1"], stages["s2"]
    assert (s1.touchpoints, s1.responses, s2.touchpoints, s2.responses) == (2, 30, 2, 44)
    assert s1.metrics["csat"].value == pytest.approx((100 * 0.8 + 300 * 0.7) / 400)
    assert s1.metrics["ces"] is None
    assert s1.experience.score == pytest.approx(weighted([(100, EXPERIENCE["a"]), (300, EXPERIENCE["b"])]))
    lo_a, hi_a = wilson(0.8, 10)
    lo_b, hi_b = wilson(0.7, 10)
    assert s1.metrics["csat"].low == pytest.approx((100 * lo_a + 300 * lo_b) / 400, abs=1e-6)
    assert s2.metrics["csat"].value == pytest.approx(0.5)
    assert s2.experience.score == pytest.approx(weighted([(200, EXPERIENCE["c"]), (50, EXPERIENCE["d"])]))


def test_persona_rollups_split_reach_by_share(scores):
    personas = by_id(scores.personas)
    p1, p2 = personas["p1"], personas["p2"]
    # p1 meets a (serves p1 only: all 100), b and d (serve both: 0.6 of their reach).
    assert (p1.touchpoints, p1.responses) == (3, 10 + 20 + 0)
    assert p1.metrics["csat"].value == pytest.approx((100 * 0.8 + 180 * 0.7) / 280)
    assert p1.experience.score == pytest.approx(
        weighted([(100, EXPERIENCE["a"]), (180, EXPERIENCE["b"]), (30, EXPERIENCE["d"])]))
    # p2 meets b and d (0.4 of their reach) and c (all 200).
    assert (p2.touchpoints, p2.responses) == (3, 20 + 44 + 0)
    assert p2.metrics["csat"].value == pytest.approx((120 * 0.7 + 200 * 0.5) / 320)
    assert p2.metrics["nps"].value == pytest.approx(40.0)


def test_channel_rollups_include_unused_channels(scores):
    channels = by_id(scores.channels)
    assert list(channels) == ["web", "app", "email", "sms"]
    assert channels["web"].metrics["csat"].value == pytest.approx((100 * 0.8 + 200 * 0.5) / 300)
    assert channels["email"].experience.score == pytest.approx(EXPERIENCE["d"])
    assert channels["email"].metrics == {"csat": None, "nps": None, "ces": None}
    sms = channels["sms"]
    assert (sms.touchpoints, sms.responses, sms.experience) == (0, 0, None)


def test_missing_reach_falls_back_to_responses_for_the_whole_rollup():
    scores = scores_of(MAP.replace("            reach: 300\n", ""))
    s1 = by_id(scores.stages)["s1"]
    assert s1.weighting == RESPONSES  # b has no reach; a and b both have responses
    assert s1.metrics["csat"].value == pytest.approx((10 * 0.8 + 10 * 0.7) / 20)
    assert s1.experience.score == pytest.approx(weighted([(10, EXPERIENCE["a"]), (20, EXPERIENCE["b"])]))
    assert by_id(scores.stages)["s2"].weighting == REACH  # c and d both have a reach
    # the journey: b has no reach and d (emotion only) no responses, so every touchpoint weighs the same
    journey = scores.journey
    assert journey.weighting == EQUAL
    assert journey.metrics["csat"].value == pytest.approx((0.8 + 0.7 + 0.5) / 3)
    assert journey.experience.score == pytest.approx(
        weighted([(1, EXPERIENCE["a"]), (1, EXPERIENCE["b"]), (1, EXPERIENCE["c"]), (1, EXPERIENCE["d"])]))


def test_without_shares_a_touchpoint_counts_fully_for_each_persona():
    scores = scores_of(MAP.replace(", share: 0.6", "").replace(", share: 0.4", ""))
    p2 = by_id(scores.personas)["p2"]
    assert p2.metrics["csat"].value == pytest.approx((300 * 0.7 + 200 * 0.5) / 500)


def test_low_sample_threshold_comes_from_settings():
    scores = scores_of(MAP, Settings(low_sample=5))
    assert all(tp.low_sample == () for tp in scores.touchpoints if tp.touchpoint != "c")
    assert [tp.low_sample for tp in scores.touchpoints if tp.touchpoint == "c"] == [("ces",)]


def test_weighted_mean_helper():
    from journeymap.scoring.metrics import weighted_mean

    assert weighted_mean([(1, 10.0, 8.0, 12.0), (3, 20.0, 18.0, 21.0)]) == pytest.approx(
        ((10 + 60) / 4, (8 + 54) / 4, (12 + 63) / 4))
    assert weighted_mean([(1, 10.0, None, None), (1, 20.0, 18.0, 21.0)]) == (15.0, None, None)
    assert weighted_mean([(0, 10.0, 9.0, 11.0), (2, 20.0, 18.0, 21.0)]) == (20.0, 18.0, 21.0)
    assert weighted_mean([(0, 10.0, None, None)]) is None
    assert weighted_mean([]) is None


# --------------------------------------------------------------------------- weighing
# Roll-ups weigh reach, then responses, then equally: a score a touchpoint has is never dropped.

def two_emotions(reach_a: dict, reach_b: dict) -> str:
    return small_map(touchpoint("a", emotion=1, **reach_a), touchpoint("b", emotion=0, **reach_b),
                     title="Emotion only", personas=[{"id": "p1", "name": "First"}])


def every_rollup(scores):
    return [scores.journey, *scores.stages, *scores.personas, *scores.channels]


@pytest.mark.parametrize("reach", [({}, {}), ({"reach": 0}, {"reach": 0}), ({"reach": 100}, {})],
                         ids=["no reach", "zero reach", "partial reach"])
def test_emotion_only_touchpoints_are_weighed_equally(reach):
    scores = score_map(valid_map(two_emotions(*reach)))
    assert [tp.experience.score for tp in scores.touchpoints] == [75.0, 50.0]
    for rollup in every_rollup(scores):
        assert rollup.weighting == EQUAL, rollup.id
        assert rollup.experience is not None, rollup.id
        assert rollup.experience.score == pytest.approx(62.5), rollup.id


def test_positive_reach_still_weighs_by_reach():
    scores = score_map(valid_map(two_emotions({"reach": 300}, {"reach": 100})))
    assert scores.journey.weighting == REACH
    assert scores.journey.experience.score == pytest.approx((300 * 75 + 100 * 50) / 400)


def test_responses_used_when_every_touchpoint_has_some():
    text = small_map(touchpoint("a", reach=10, satisfaction={"csat": {"value": 0.8, "n": 10}}),
                     touchpoint("b", satisfaction={"csat": {"value": 0.5, "n": 30}}), title="Surveys")
    scores = score_map(valid_map(text))
    assert scores.journey.weighting == RESPONSES
    assert scores.journey.metrics["csat"].value == pytest.approx((10 * 0.8 + 30 * 0.5) / 40)
