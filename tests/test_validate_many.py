"""Hundreds of maps in one process, and the progress bar that only a terminal gets."""

import io
import json
import sys

from typer.testing import CliRunner

from journeymap.cli import app
from journeymap.commands.validate import PROGRESS_ABOVE, _Progress

from helpers import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from genmap import generate  # noqa: E402


def test_five_hundred_maps_in_one_run(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    for i in range(500):
        text = generate(5, seed=i)
        if i == 250:
            text = text.replace("channel: web", "channel: wbe", 1)
        (tmp_path / f"m{i:03d}.jmap.yaml").write_text(text)
    monkeypatch.chdir(tmp_path)
    result = CliRunner(env={"GITHUB_ACTIONS": None}).invoke(app, ["validate", ".", "-f", "json"])
    assert result.exit_code == 1, result.exception
    assert result.stderr == ""  # no progress bar: stderr is not a terminal
    report = json.loads(result.stdout)
    assert len(report["files"]) == 500 and report["summary"]["files"] == 500
    errors = [(f["file"], f["line"], f["code"]) for f in report["findings"] if f["level"] == "error"]
    assert errors == [("./m250.jmap.yaml", 17, "JM203")]


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_only_on_a_terminal_and_only_for_many_files(monkeypatch):
    monkeypatch.setattr(sys, "stderr", FakeTerminal())
    with _Progress(PROGRESS_ABOVE) as advance:
        assert advance is None
    with _Progress(PROGRESS_ABOVE + 1) as advance:
        for _ in range(PROGRESS_ABOVE + 1):
            advance("m.jmap.yaml")
    assert "6/6" in sys.stderr.getvalue()
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with _Progress(100) as advance:
        assert advance is None
