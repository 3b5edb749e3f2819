"""Evidence kinds kept apart: scores and roll-ups from survey answers only, each with what stands
behind it and an interval checked here against an independent bootstrap over the counts."""

import json
import textwrap

import numpy as np
import pytest
from typer.testing import CliRunner

from journeymap.cli import app
from journeymap.scoring.rollups import score_map
from journeymap.checks.validation import validate_bytes

runner = CliRunner()

SURVEYED = """\
    jmap: 1
    journey: {id: j, title: J}
    personas: [{id: p1, name: P1}, {id: p2, name: P2}]
    channels: [web, app]
    stages:
      - id: s1
        name: One
        touchpoints:
          - {id: a, name: A, channel: web, owner: x, reach: 1000, satisfaction: {csat: {counts: [12, 18, 40, 80, 50]}}}
          - {id: b, name: B, channel: app, owner: x, reach: 3000,
             satisfaction: {nps: {counts: [5, 3, 4, 6, 8, 10, 14, 30, 40, 50, 60]}}}
      - id: s2
        name: Two
        touchpoints:
          - {id: c, name: C, channel: web, owner: x, reach: 2000, satisfaction: {ces: {counts: [4, 10, 20, 40, 60, 50, 16]}}}
          - {id: d, name: D, channel: app, owner: x, reach: 500, satisfaction: {csat: {counts: [30, 25, 20, 15, 10]}}}
          - {id: e, name: E, channel: app, owner: x, reach: 9000, emotion: 2}
"""


def scores_of(text):
    result = validate_bytes(textwrap.dedent(text).encode(), "m.jmap.yaml")
    assert result.map is not None, result.diagnostics
    return score_map(result.map)


def bootstrap_journey(draws=40_000, seed=7):
    """A parametric bootstrap over the counts, written with numpy alone: redraw every touchpoint's
    answers from its observed shares, score each redraw as jmap defines the score, weigh by reach."""
    rng = np.random.default_rng(seed)

    def redraw(counts):
        counts = np.array(counts)
        return rng.multinomial(counts.sum(), counts / counts.sum(), size=draws) / counts.sum()

    a = redraw([12, 18, 40, 80, 50])[:, 3:].sum(axis=1) * 100  # CSAT: top two boxes
    shares = redraw([5, 3, 4, 6, 8, 10, 14, 30, 40, 50, 60])
    b = ((shares[:, 9:].sum(axis=1) - shares[:, :7].sum(axis=1)) * 100 + 100) / 2  # NPS on 0-100
    c = ((redraw([4, 10, 20, 40, 60, 50, 16]) @ np.arange(1, 8)) - 1) / 6 * 100  # CES mean on 0-100
    d = redraw([30, 25, 20, 15, 10])[:, 3:].sum(axis=1) * 100
    journey = (1000 * a + 3000 * b + 2000 * c + 500 * d) / 6500  # e has no survey: not in it
    return np.percentile(journey, [2.5, 97.5])


def test_journey_interval_agrees_with_an_independent_bootstrap():
    journey = scores_of(SURVEYED).journey
    low, high = bootstrap_journey()
    assert journey.experience.low == pytest.approx(low, abs=0.15)
    assert journey.experience.high == pytest.approx(high, abs=0.15)
    assert (high - low) > 2  # a real interval, not a degenerate one


def test_an_emotion_only_touchpoint_with_the_largest_reach_changes_nothing():
    with_emotion = scores_of(SURVEYED)
    without = scores_of(SURVEYED.replace(", emotion: 2", ""))
    calm = scores_of(SURVEYED.replace("emotion: 2", "emotion: -2"))
    for other in (without, calm):
        assert other.journey.experience == with_emotion.journey.experience
        assert other.journey.metrics == with_emotion.journey.metrics
        assert [r.experience for r in other.channels] == [r.experience for r in with_emotion.channels]
    responses = 200 + 230 + 200 + 100  # a, b, c and d's counts
    assert with_emotion.journey.evidence() == f"from 4 of 5 touchpoints with survey data, {responses} responses"


def test_a_group_of_emotion_only_touchpoints_says_why_it_has_no_score(tmp_path):
    path = tmp_path / "m.jmap.yaml"
    path.write_text(textwrap.dedent(SURVEYED).replace("channel: app, owner: x, reach: 9000",
                                                       "channel: sms, owner: x, reach: 9000")
                    .replace("channels: [web, app]", "channels: [web, app, sms]"))
    result = runner.invoke(app, ["score", str(path), "--format", "json"])
    sms = next(r for r in json.loads(result.stdout)["channels"] if r["id"] == "sms")
    assert (sms["score"], sms["surveyed"], sms["touchpoints"]) == (None, 0, 1)
    assert sms["no_interval"] == "no touchpoint with survey data"
    assert sms["evidence"] == "from 0 of 1 touchpoint with survey data, 0 responses"
    table = runner.invoke(app, ["score", str(path)], env={"COLUMNS": "120"}).stdout
    assert "sms: no score, no touchpoint with survey data" in table
    assert "no survey, emotion +2 (not scored)" in table


EMOTION_FOR_UNSERVED = """\
jmap: 1
journey: {id: j, title: J}
personas:
  - {id: new-visitor, name: N}
  - {id: returning, name: R}
channels: [web]
stages:
  - id: s
    name: S
    touchpoints:
      - id: a
        name: A
        channel: web
        owner: x
        personas: [new-visitor, returning]
        emotion: {new-visitor: 1, returning: -2}
      - id: b
        name: B
        channel: web
        owner: x
        personas: [new-visitor]
        emotion: {new-visitor: 1, returning: -2}
"""


def test_an_emotion_for_a_persona_the_touchpoint_does_not_serve_is_an_error_at_its_line(tmp_path):
    path = tmp_path / "m.jmap.yaml"
    path.write_text(EMOTION_FOR_UNSERVED)
    result = runner.invoke(app, ["validate", str(path), "--format", "parsable"])
    assert result.exit_code == 1
    errors = [line for line in result.stdout.splitlines() if "[error]" in line]
    assert errors == [f"{path}:22:35: [error] emotion given for persona 'returning', which this touchpoint "
                      "does not serve (it serves new-visitor) (JM202)"]
