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
