"""Configuration can quiet an error in `validate`, never make the maths safe for the other commands."""

import pytest
from typer.testing import CliRunner

from journeymap.cli import app
from journeymap.scoring.estimates import estimate, experience
from journeymap.model.definition import JourneyMap

from helpers import check

MAP = """\
jmap: 1
journey: {id: j, title: J}
scales: {ces: {min: 3, max: 3}}
channels: [web]
stages:
  - id: s
    name: S
    touchpoints:
      - id: a
        name: A
        channel: web
        emotion: 1
        satisfaction:
          ces: {value: 3, n: 40}
"""
SCALE_ERROR = ("m.jmap.yaml:3:15: [error] scale ces runs from 3 to 3; min must be below max (JM104)"
               " (hidden by the configuration or a suppression, still an error here)")


@pytest.mark.parametrize("config", ["levels: {JM104: warning}\n", "disable: [JM104]\n"])
@pytest.mark.parametrize("command", [["score"], ["report"], ["render", "--format", "dot"],
                                     ["export", "--format", "csv"]])
def test_a_hidden_scale_error_still_refuses_the_map(config, command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".jmap.yaml").write_text(config)
    (tmp_path / "m.jmap.yaml").write_text(MAP)
    result = CliRunner().invoke(app, [*command, "m.jmap.yaml"])
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output
    if command[0] == "render":  # render validates without the configuration
        assert SCALE_ERROR.split(" (hidden")[0] in result.stderr
    else:
        assert SCALE_ERROR in result.stderr
    assert "jmap: m.jmap.yaml: not " in result.stderr


def test_validate_still_honours_the_configuration(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".jmap.yaml").write_text("disable: [JM104]\n")
    (tmp_path / "m.jmap.yaml").write_text(MAP)
    result = CliRunner().invoke(app, ["validate", "m.jmap.yaml"])
    assert "JM104" not in result.output


def test_an_empty_scale_gives_no_score_rather_than_an_exception():
    from journeymap.load.loader import load

    journey_map = JourneyMap.model_validate(load(MAP.encode(), "m.jmap.yaml").data)
    tp = journey_map.stages[0].touchpoints[0]
    assert experience(tp, journey_map.scales).score == 75.0  # the CES cannot count; the emotion stands in


NPS_TEN = """\
jmap: 1
journey: {id: j, title: J}
scales: {nps: {min: 0, max: 9}}
channels: [web]
stages:
  - id: s
    name: S
    touchpoints:
      - id: a
        name: A
        channel: web
        satisfaction:
          nps: {counts: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}
"""


def test_ten_nps_counts_on_a_0_9_scale_are_a_diagnostic_not_a_crash():
    found = [(d.code, d.line, d.column, d.message) for d in check(NPS_TEN) if d.code != "JM303"]
    assert found == [("JM104", 3, 15, "NPS is defined on answers 0-10 (promoters 9-10, detractors 0-6)")]


def test_estimate_never_raises_on_an_nps_that_is_not_11_counts():
    from journeymap.load.loader import load

    journey_map = JourneyMap.model_validate(load(NPS_TEN.encode(), "m.jmap.yaml").data)
    score = journey_map.stages[0].touchpoints[0].satisfaction.nps
    assert estimate("nps", score, journey_map.scales) is None
