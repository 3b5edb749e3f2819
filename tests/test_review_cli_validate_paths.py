"""`jmap validate` with nothing to check: a missing path is only an error line, an empty folder
a warning line, and the summary never claims "no problems" about zero files."""

from __future__ import annotations

from typer.testing import CliRunner

from journeymap.cli import app

from helpers import SAMPLE

runner = CliRunner()


def test_a_missing_file_prints_no_summary(tmp_path):
    missing = tmp_path / "nonexist.yaml"
    result = runner.invoke(app, ["validate", str(missing), "-f", "text"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"jmap: {missing}: no such file or folder\n"


def test_an_empty_folder_is_a_warning_and_exit_0(tmp_path):
    folder = tmp_path / "emptyfolder"
    folder.mkdir()
    result = runner.invoke(app, ["validate", f"{folder}/", "-f", "text"])
    assert result.exit_code == 0
    assert result.stderr == f"jmap: no maps found in {folder}/ (looked for *.jmap.yaml, *.jmap.yml)\n"
    assert "no problems" not in result.stdout and "no maps checked" in result.stdout


def test_a_folder_with_maps_says_nothing_about_looking(tmp_path):
    (tmp_path / "m.jmap.yaml").write_bytes(SAMPLE.read_bytes())
    result = runner.invoke(app, ["validate", str(tmp_path), "-f", "text"])
    assert result.exit_code in (0, 1) and "no maps found" not in result.stderr
