"""jmap render end to end: outputs, exit codes, refusing to write over the map, missing Graphviz."""

import os
import shutil
import subprocess

import pytest
from lxml import etree
from typer.testing import CliRunner

from journeymap.cli import app
from journeymap.commands.common import UsageProblem

from helpers import SAMPLE, jmap, small_map

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
runner = CliRunner()


def test_format_dot_prints_the_dot_source():
    result = runner.invoke(app, ["render", str(SAMPLE), "--format", "dot"])
    assert result.exit_code == 0
    assert result.stdout.startswith('digraph "journey" {') and '"tp:checkout"' in result.stdout


@needs_dot
@pytest.mark.parametrize("view", ["flow", "lanes"])
def test_output_svg_is_written_and_parses(tmp_path, view):
    target = tmp_path / "map.svg"
    result = runner.invoke(app, ["render", str(SAMPLE), "--view", view, "-o", str(target)])
    assert result.exit_code == 0, result.output
    root = etree.fromstring(target.read_bytes())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert not list(tmp_path.glob(".*.tmp"))  # the atomic write left nothing behind


@needs_dot
@pytest.mark.parametrize("suffix, magic", [("png", b"\x89PNG"), ("pdf", b"%PDF"), ("dot", b"digraph")])
def test_format_follows_the_extension(tmp_path, suffix, magic):
    target = tmp_path / f"map.{suffix}"
    result = runner.invoke(app, ["render", str(SAMPLE), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(magic)


@needs_dot
def test_format_option_wins_over_the_extension(tmp_path):
    target = tmp_path / "picture.out"
    result = runner.invoke(app, ["render", str(SAMPLE), "--format", "svg", "-o", str(target)])
    assert result.exit_code == 0
    assert b"<svg" in target.read_bytes()


def test_unknown_extension_is_a_usage_problem(tmp_path):
    result = runner.invoke(app, ["render", str(SAMPLE), "-o", str(tmp_path / "map.txt")])
    assert isinstance(result.exception, UsageProblem)
    done = jmap("render", str(SAMPLE), "-o", str(tmp_path / "map.txt"))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "--format" in done.stderr


def test_never_writes_over_the_map(tmp_path):
    copy = tmp_path / "map.jmap.yaml"
    copy.write_bytes(SAMPLE.read_bytes())
    done = jmap("render", str(copy), "--format", "dot", "-o", str(copy))
    assert done.returncode == 2
    assert "refusing to write over an input" in done.stderr
    assert copy.read_bytes() == SAMPLE.read_bytes()


def test_map_with_errors_exits_1_with_file_line_col(tmp_path):
    broken = tmp_path / "broken.jmap.yaml"
    broken.write_text("jmap: 1\njourney: {id: j, title: J}\nchannels: [web]\nstages:\n"
                      "  - id: s\n    name: S\n    touchpoints:\n      - {id: a, name: A, channel: fax}\n")
    target = tmp_path / "map.svg"
    result = runner.invoke(app, ["render", str(broken), "-o", str(target)])
    assert result.exit_code == 1
    assert f"{broken}:8:" in result.stderr and "[error]" in result.stderr and "(JM203)" in result.stderr
    assert not target.exists()


def test_unknown_persona_exits_2_naming_the_known_ones():
    done = jmap("render", str(SAMPLE), "--format", "dot", "--persona", "nobody")
    assert done.returncode == 2
    assert done.stderr.strip() == "jmap: unknown persona 'nobody' (the map has: new-visitor, returning)"


def test_reads_the_map_from_stdin():
    result = runner.invoke(app, ["render", "-", "--format", "dot"], input=SAMPLE.read_bytes())
    assert result.exit_code == 0 and '"tp:checkout"' in result.stdout


def path_without_dot(tmp_path):
    """A PATH holding only a python, so `dot` cannot be found."""
    folder = tmp_path / "bin"
    folder.mkdir()
    return str(folder)


def test_missing_graphviz_exits_2_with_how_to_install(tmp_path):
    env = dict(os.environ, PATH=path_without_dot(tmp_path))
    done = jmap("render", str(SAMPLE), "-o", str(tmp_path / "map.svg"), env=env)
    assert done.returncode == 2
    message = done.stderr
    assert message.count("\n") == 1 and "Traceback" not in message
    assert "apt-get install graphviz" in message and "brew install graphviz" in message
    assert not (tmp_path / "map.svg").exists()


def test_format_dot_works_without_graphviz(tmp_path):
    env = dict(os.environ, PATH=path_without_dot(tmp_path))
    done = jmap("render", str(SAMPLE), "--format", "dot", env=env)
    assert done.returncode == 0
    assert done.stdout.startswith('digraph "journey" {')


@needs_dot
def test_written_dot_draws_the_same_svg_with_plain_dot(tmp_path):
    """The DOT jmap writes is complete: `dot -Tsvg` on it draws the same picture (lanes uses its own layout)."""
    target = tmp_path / "map.dot"
    assert runner.invoke(app, ["render", str(SAMPLE), "--view", "lanes", "-o", str(target)]).exit_code == 0
    plain = subprocess.run(["dot", "-Tsvg", str(target)], capture_output=True, check=True).stdout
    ours = runner.invoke(app, ["render", str(SAMPLE), "--view", "lanes", "--format", "svg"]).stdout_bytes
    assert plain.split(b"<g id=\"graph0\"", 1)[1] == ours.split(b"<g id=\"graph0\"", 1)[1]


@needs_dot
def test_pdf_is_byte_identical_across_runs_whatever_the_clock(tmp_path, monkeypatch):
    """Graphviz stamps a PDF with the time it was drawn; jmap replaces the stamp."""
    import time

    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert runner.invoke(app, ["render", str(SAMPLE), "-o", str(first)]).exit_code == 0
    time.sleep(1.1)  # the stamp has a resolution of one second
    assert runner.invoke(app, ["render", str(SAMPLE), "-o", str(second)]).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    assert b"/CreationDate (D:19700101000000Z)" in first.read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert runner.invoke(app, ["render", str(SAMPLE), "-o", str(second)]).exit_code == 0
    assert b"/CreationDate (D:20231114221320Z)" in second.read_bytes()
    assert len(second.read_bytes()) == len(first.read_bytes())  # same length: the offsets still hold


def test_stable_pdf_keeps_the_length_and_ignores_a_bad_epoch(monkeypatch):
    from journeymap.outputs.render.output import stable_pdf

    pdf = b"%PDF-1.5\n<< /Producer (cairo) /CreationDate (D:20261123024838Z) >>\n"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not a number")
    assert stable_pdf(pdf) == pdf.replace(b"20261123024838", b"19700101000000")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999")  # past year 9999: no 14-digit stamp
    assert stable_pdf(pdf) == pdf.replace(b"20261123024838", b"19700101000000")


# --------------------------------------------------------------------------- configuration and refusals
# `jmap render` follows the configuration and refuses to write over its input before anything else.

def test_low_sample_from_the_configuration_reaches_the_marks_and_legend(tmp_path):
    config = tmp_path / "jmap.yaml"
    config.write_text("low_sample: 20\n", encoding="utf-8")
    default = jmap("render", SAMPLE, "--format", "dot", cwd=tmp_path)
    configured = jmap("render", SAMPLE, "--format", "dot", "--config", config, cwd=tmp_path)
    assert default.returncode == 0 and configured.returncode == 0, configured.stderr
    assert "fewer than 30 answers" in default.stdout and "\u26a0 n=24" in default.stdout  # phone support: 24
    assert "fewer than 20 answers" in configured.stdout and "\u26a0 n=18" in configured.stdout  # size chat: 18
    assert "\u26a0 n=24" not in configured.stdout  # 24 >= 20: no mark


def test_the_legend_names_no_mark_the_picture_does_not_use(tmp_path):
    config = tmp_path / "jmap.yaml"
    config.write_text("low_sample: 10\n", encoding="utf-8")  # nothing rests on fewer than 10 answers
    found = jmap("render", SAMPLE, "--format", "dot", "--config", config, cwd=tmp_path)
    assert found.returncode == 0, found.stderr
    assert "\u26a0" not in found.stdout and "fewer than" not in found.stdout


def test_configuration_is_found_upward(tmp_path):
    (tmp_path / ".jmap.yaml").write_text("low_sample: 20\n", encoding="utf-8")
    found = jmap("render", SAMPLE, "--view", "lanes", "--format", "dot", cwd=tmp_path)
    assert found.returncode == 0, found.stderr
    assert "fewer than 20 answers" in found.stdout


def test_a_bad_configuration_is_a_usage_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("low_sampel: 10\n", encoding="utf-8")
    found = jmap("render", SAMPLE, "--format", "dot", "--config", bad)
    assert found.returncode == 2 and "did you mean 'low_sample'" in found.stderr


def test_map_errors_use_the_shared_wording(tmp_path):
    path = tmp_path / "m.jmap.yaml"
    path.write_text("jmap: 1\njourney: {id: j, title: T}\nstages: []\n", encoding="utf-8")
    found = jmap("render", path, "--format", "dot")
    assert found.returncode == 1
    assert "not rendered: the map has errors" in found.stderr


def test_writing_over_the_map_is_refused_before_the_extension_is_judged(tmp_path):
    path = tmp_path / "m.jmap.yaml"
    original = SAMPLE.read_bytes()
    path.write_bytes(original)
    found = jmap("render", path, "-o", path)
    assert found.returncode == 2
    assert "refusing to write over an input file" in found.stderr
    assert "cannot tell the format" not in found.stderr
    assert path.read_bytes() == original


def test_empty_stage_renders_and_exports(tmp_path):
    path = tmp_path / "m.jmap.yaml"
    path.write_text(small_map(title="Empty"), encoding="utf-8")
    done = jmap("render", path, "--view", "lanes", "--format", "dot")
    assert done.returncode == 0, done.stderr
    done = jmap("export", path, "--format", "html", "-o", tmp_path / "m.html")
    assert done.returncode == 0, done.stderr
