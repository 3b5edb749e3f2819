"""`jmap render` follows the configuration and refuses to write over its input before anything else."""

import subprocess
import sys
import textwrap

from helpers import SAMPLE


def jmap(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "journeymap", *args], capture_output=True, text=True, cwd=cwd)


def test_low_sample_from_the_configuration_reaches_the_marks_and_legend(tmp_path):
    config = tmp_path / "jmap.yaml"
    config.write_text("low_sample: 10\n", encoding="utf-8")
    default = jmap("render", str(SAMPLE), "--format", "dot", cwd=tmp_path)
    configured = jmap("render", str(SAMPLE), "--format", "dot", "--config", str(config), cwd=tmp_path)
    assert default.returncode == 0 and configured.returncode == 0, configured.stderr
    assert "fewer than 30 answers" in default.stdout and "n=18" in default.stdout  # size-chat: 18 answers
    assert "fewer than 10 answers" in configured.stdout
    assert "\u26a0 n=18" not in configured.stdout  # 18 >= 10: no mark


def test_configuration_is_found_upward(tmp_path):
    (tmp_path / ".jmap.yaml").write_text("low_sample: 10\n", encoding="utf-8")
    found = jmap("render", str(SAMPLE), "--view", "lanes", "--format", "dot", cwd=tmp_path)
    assert found.returncode == 0, found.stderr
    assert "fewer than 10 answers" in found.stdout


def test_a_bad_configuration_is_a_usage_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("low_sampel: 10\n", encoding="utf-8")
    found = jmap("render", str(SAMPLE), "--format", "dot", "--config", str(bad))
    assert found.returncode == 2 and "did you mean 'low_sample'" in found.stderr


def test_map_errors_use_the_shared_wording(tmp_path):
    path = tmp_path / "m.jmap.yaml"
    path.write_text(textwrap.dedent("""\
        jmap: 1
        journey: {id: j, title: T}
        stages: []
    """), encoding="utf-8")
    found = jmap("render", str(path), "--format", "dot")
    assert found.returncode == 1
    assert "not rendered: the map has errors" in found.stderr


def test_writing_over_the_map_is_refused_before_the_extension_is_judged(tmp_path):
    path = tmp_path / "m.jmap.yaml"
    original = SAMPLE.read_bytes()
    path.write_bytes(original)
    found = jmap("render", str(path), "-o", str(path))
    assert found.returncode == 2
    assert "refusing to write over an input file" in found.stderr
    assert "cannot tell the format" not in found.stderr
    assert path.read_bytes() == original
