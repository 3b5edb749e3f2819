"""Commands that work on a map refuse one with errors, reference errors included (exit 1)."""

import pytest
from typer.testing import CliRunner

from journeymap.cli import app

from helpers import SAMPLE

BROKEN_REFERENCE = SAMPLE.read_text().replace("channel: social", "channel: socail", 1)


@pytest.mark.parametrize("command", [
    ["score"], ["report"], ["render", "--format", "dot"], ["export", "--format", "csv"],
    ["export", "--format", "mermaid"], ["diff", "SAME"],
])
def test_a_map_with_an_unknown_channel_is_refused(command, tmp_path):
    path = tmp_path / "broken.jmap.yaml"
    path.write_text(BROKEN_REFERENCE)
    args = [a if a != "SAME" else str(path) for a in command]
    result = CliRunner().invoke(app, [args[0], *args[1:], str(path)] if command[0] != "diff" else ["diff", str(path), str(path)])
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert "broken.jmap.yaml:31:18: [error] unknown channel 'socail' (did you mean 'social'?) (JM203)" in result.stderr


# Configuration can quiet an error in `validate`, never make the maths safe for the other commands.
EMPTY_CES_SCALE = """\
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
def test_a_hidden_scale_error_still_refuses_the_map(config, command, tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".jmap.yaml").write_text(config)
    (tmp_path / "m.jmap.yaml").write_text(EMPTY_CES_SCALE)
    result = cli(*command, "m.jmap.yaml")
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output
    if command[0] == "render":  # render validates without the configuration
        assert SCALE_ERROR.split(" (hidden")[0] in result.stderr
    else:
        assert SCALE_ERROR in result.stderr
    assert "jmap: m.jmap.yaml: not " in result.stderr


def test_validate_still_honours_the_configuration(tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".jmap.yaml").write_text("disable: [JM104]\n")
    (tmp_path / "m.jmap.yaml").write_text(EMPTY_CES_SCALE)
    result = cli("validate", "m.jmap.yaml")
    assert "JM104" not in result.output
