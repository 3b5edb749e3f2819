"""Roll-ups: every number recomputed here by hand from the map's counts, not read back from jmap."""

import math
import textwrap

import pytest
from scipy import stats

from journeymap.scoring.rollups import RESPONSES, REACH, score_map
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
# c CES answers 4, 4, 6, 6: mean 5, s = sqrt(4/3). d has an emotion only: no score at all.
CSAT = {"a": (0.8, 10), "b": (0.7, 10), "c": (0.5, 40)}
EXPERIENCE = {"a": 80.0, "b": (70.0 + (40 + 100) / 2) / 2, "c": (50.0 + (5 - 1) / 6 * 100) / 2}


def wilson_se(p, n):
    """The Wilson interval's half-width over z (it is symmetric about its centre)."""
    low, high = wilson(p, n)
    return (high - low) / (2 * Z)


def nps_se(promoters, passives, detractors):
    """Adjusted Wald (Rocks 2016) SE of NPS, in NPS points."""
    n = promoters + passives + detractors + 3
    p, d = (promoters + 0.75) / n, (detractors + 0.75) / n
    return 100 * math.sqrt((p + d - (p - d) ** 2) / n)


CES_SE = stats.t.ppf(0.975, 3) * math.sqrt(4 / 3) / 2 / Z  # the t half-width over z
# each touchpoint's experience SE on 0..100: the mean of its metrics' (no cancelling assumed)
EXPERIENCE_SE = {"a": 100 * wilson_se(0.8, 10),
                 "b": (100 * wilson_se(0.7, 10) + nps_se(6, 2, 2) / 2) / 2,
                 "c": (100 * wilson_se(0.5, 40) + CES_SE * 100 / 6) / 2}


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
        assert rows[tp_id].experience.se == pytest.approx(EXPERIENCE_SE[tp_id], rel=1e-6)
    assert rows["d"].experience is None and rows["d"].emotion == 1 and rows["d"].emotion_only
    half = stats.t.ppf(0.975, 3) * math.sqrt(4 / 3) / 2
    ces = rows["c"].estimates["ces"]
    assert (ces.low, ces.high) == pytest.approx((5 - half, 5 + half), abs=1e-9)


def weighted(pairs):
    total = sum(w for w, _v in pairs)
    return sum(w * v for w, v in pairs) / total


def delta(pairs):
    """(value, low, high) of a weighted mean of (weight, value, se): the delta method, by hand."""
    total = sum(w for w, _v, _se in pairs)
    value = sum(w * v for w, v, _se in pairs) / total
    half = Z * math.sqrt(sum((w / total) ** 2 * se ** 2 for w, _v, se in pairs))
    return value, value - half, value + half


def test_journey_rollup_weights_by_reach_and_counts_only_survey_evidence(scores):
    journey = scores.journey
    assert (journey.kind, journey.id, journey.name) == ("journey", "small", "Small journey")
    assert journey.weighting == REACH
    assert (journey.touchpoints, journey.surveyed) == (4, 3)
    assert journey.responses == 10 + 20 + 44
    assert journey.evidence() == "from 3 of 4 touchpoints with survey data, 74 responses"
    csat = journey.metrics["csat"]
    expected = delta([(100, 0.8, wilson_se(0.8, 10)), (300, 0.7, wilson_se(0.7, 10)), (200, 0.5, wilson_se(0.5, 40))])
    assert (csat.value, csat.low, csat.high) == pytest.approx(expected, abs=1e-7)
    assert csat.n == 60
    assert journey.metrics["nps"].value == pytest.approx(40.0)
    assert journey.metrics["nps"].n == 10
    assert journey.metrics["ces"].value == pytest.approx(5.0)
    e = journey.experience
    expected = delta([(r, EXPERIENCE[k], EXPERIENCE_SE[k]) for k, r in (("a", 100), ("b", 300), ("c", 200))])
    assert (e.score, e.low, e.high) == pytest.approx(expected, abs=1e-5)
    assert journey.no_interval is None
    assert journey.low_sample == ("nps", "ces")


def test_stage_rollups(scores):
    stages = by_id(scores.stages)
    assert list(stages) == ["s1", "s2"]
    s1, s2 = stages["s1"], stages["s2"]
    assert (s1.touchpoints, s1.surveyed, s1.responses, s2.touchpoints, s2.surveyed, s2.responses) == (2, 2, 30, 2, 1, 44)
    assert s1.metrics["csat"].value == pytest.approx((100 * 0.8 + 300 * 0.7) / 400)
    assert s1.metrics["ces"] is None
    assert s1.experience.score == pytest.approx(weighted([(100, EXPERIENCE["a"]), (300, EXPERIENCE["b"])]))
    assert s2.metrics["csat"].value == pytest.approx(0.5)
    assert s2.experience.score == pytest.approx(EXPERIENCE["c"])  # d's emotion does not count


def test_persona_rollups_use_only_responses_that_are_the_personas(scores):
    personas = by_id(scores.personas)
    p1, p2 = personas["p1"], personas["p2"]
    # p1 meets a (p1 only: its responses are p1's), b (pooled across p1 and p2: left out) and d (emotion only)
    assert (p1.touchpoints, p1.surveyed, p1.pooled, p1.responses) == (3, 1, 1, 10)
    assert p1.metrics["csat"].value == pytest.approx(0.8)
    assert p1.metrics["nps"] is None
    assert p1.experience.score == pytest.approx(EXPERIENCE["a"])
    assert (p2.touchpoints, p2.surveyed, p2.pooled, p2.responses) == (3, 1, 1, 44)
    assert p2.metrics["csat"].value == pytest.approx(0.5)
    # no response is in two personas' n, and none is invented
    assert p1.responses + p2.responses <= scores.journey.responses
    assert "1 more pooled across personas, not split" in p1.evidence()


def test_channel_rollups_include_unused_channels(scores):
    channels = by_id(scores.channels)
    assert list(channels) == ["web", "app", "email", "sms"]
    assert channels["web"].metrics["csat"].value == pytest.approx((100 * 0.8 + 200 * 0.5) / 300)
    email = channels["email"]  # d alone, emotion only: no score, and it says why
    assert (email.experience, email.surveyed, email.touchpoints) == (None, 0, 1)
    assert email.no_interval == "no touchpoint with survey data"
    assert email.metrics == {"csat": None, "nps": None, "ces": None}
    sms = channels["sms"]
    assert (sms.touchpoints, sms.responses, sms.experience) == (0, 0, None)


def test_missing_reach_falls_back_to_responses_for_the_whole_rollup():
    scores = scores_of(MAP.replace("            reach: 300\n", ""))
    s1 = by_id(scores.stages)["s1"]
    assert s1.weighting == RESPONSES  # b has no reach; a and b both have responses
    assert s1.metrics["csat"].value == pytest.approx((10 * 0.8 + 10 * 0.7) / 20)
    assert s1.experience.score == pytest.approx(weighted([(10, EXPERIENCE["a"]), (20, EXPERIENCE["b"])]))
    assert by_id(scores.stages)["s2"].weighting == REACH  # c has a reach; d (emotion only) does not count
    journey = scores.journey
    assert journey.weighting == RESPONSES
    assert journey.metrics["csat"].value == pytest.approx((10 * 0.8 + 10 * 0.7 + 40 * 0.5) / 60)
    assert journey.experience.score == pytest.approx(
        weighted([(10, EXPERIENCE["a"]), (20, EXPERIENCE["b"]), (44, EXPERIENCE["c"])]))


def test_an_emotion_moves_no_score_and_no_rollup():
    """The issue's case: a typed emotion changed from 2 to -1 must leave every survey number alone."""
    from journeymap.outputs.score import scores_data

    before = scores_data(scores_of(MAP.replace("emotion: 1", "emotion: 2")))
    after = scores_data(scores_of(MAP.replace("emotion: 1", "emotion: -1")))
    assert [t["emotion"] for t in before["touchpoints"]] == [None, None, None, 2]
    assert [t["emotion"] for t in after["touchpoints"]] == [None, None, None, -1]
    for data in (before, after):
        data["touchpoints"][3].pop("emotion")
    assert before == after
    assert after["touchpoints"][3]["score"] is None and after["touchpoints"][3]["score_from"] is None


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
def test_emotion_only_touchpoints_give_no_score_and_say_why(reach):
    scores = score_map(valid_map(two_emotions(*reach)))
    assert [tp.experience for tp in scores.touchpoints] == [None, None]
    assert [tp.emotion for tp in scores.touchpoints] == [1, 0]
    for rollup in every_rollup(scores):
        assert rollup.experience is None, rollup.id
        assert (rollup.surveyed, rollup.responses) == (0, 0), rollup.id
        assert rollup.no_interval == "no touchpoint with survey data", rollup.id


def test_an_emotion_only_touchpoint_does_not_stop_weighing_by_reach():
    text = small_map(touchpoint("a", reach=300, satisfaction={"csat": {"value": 0.5, "n": 20}}),
                     touchpoint("b", emotion=1))
    scores = score_map(valid_map(text))
    assert scores.journey.weighting == REACH  # b has no reach, but it has no survey either
    assert scores.journey.experience.score == pytest.approx(50.0)


def test_responses_used_when_every_touchpoint_has_some():
    text = small_map(touchpoint("a", reach=10, satisfaction={"csat": {"value": 0.8, "n": 10}}),
                     touchpoint("b", satisfaction={"csat": {"value": 0.5, "n": 30}}), title="Surveys")
    scores = score_map(valid_map(text))
    assert scores.journey.weighting == RESPONSES
    assert scores.journey.metrics["csat"].value == pytest.approx((10 * 0.8 + 30 * 0.5) / 40)
