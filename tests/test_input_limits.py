"""Bounded input: size, depth, alias expansion, string length and node count end in JM004, fast.

A 100 MB file is refused from its size alone (read_input stats it and reads nothing), so
time and peak memory stay those of a small run; a stream is read to one byte past the limit.
The bounds come from the `limits:` configuration, for every command that reads a map.
"""

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from journeymap.cli import app
from journeymap.commands.common import read_input
from journeymap.load.loader import Limits, TooLarge

from helpers import JMAP, ROOT, SAMPLE

RSS = """
import resource, subprocess, sys, time
started = time.perf_counter()
with open(sys.argv[1], "rb") as stdin:
    done = subprocess.run(sys.argv[2:], stdin=stdin, capture_output=True)
took = time.perf_counter() - started
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, took)
sys.stdout.write(done.stdout.decode() + done.stderr.decode())
"""

MiB = 1024 * 1024


def measured(*args, stdin=None):
    """Exit code, peak RSS (KiB) and seconds of one whole jmap process, and its output."""
    done = subprocess.run([sys.executable, "-c", RSS, str(stdin or "/dev/null"), *JMAP, *map(str, args)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    first, _, output = done.stdout.partition("\n")
    code, rss, took = first.split()
    return int(code), int(rss), float(took), output


@pytest.fixture(scope="module")
def huge(tmp_path_factory):
    path = tmp_path_factory.mktemp("huge") / "huge.jmap.yaml"
    with open(path, "wb") as handle:
        handle.truncate(100 * MiB)  # sparse: 100 MB to stat, nothing on disk
    return path


def test_a_100_mb_file_is_refused_fast_in_small_memory(huge):
    small_code, small_rss, small_took, _ = measured("validate", SAMPLE, "--format", "parsable")
    code, rss, took, output = measured("validate", huge, "--format", "parsable")
    print(f"\n100 MB file: exit {code}, {took * 1000:.0f} ms, peak RSS {rss / 1024:.1f} MiB; "
          f"sample map: {small_took * 1000:.0f} ms, {small_rss / 1024:.1f} MiB")
    assert code == 1 and small_code in (0, 1)
    assert "file is 104,857,600 bytes, over the limit of 33,554,432 (JM004)" in output
    assert rss < small_rss + 16 * 1024, "the file was read into memory"
    assert took < small_took + 2.0


@pytest.mark.parametrize("command", [("score",), ("report",), ("render", "--format", "dot"),
                                     ("export", "--format", "mermaid"), ("diff", str(SAMPLE))])
def test_every_command_refuses_it_the_same_way(huge, command):
    args = [command[0], str(huge), *command[1:]] if command[0] != "diff" else ["diff", command[1], str(huge)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1, result.output
    assert "104,857,600 bytes, over the limit" in result.output and "JM004" in result.output


def test_stdin_is_read_only_to_one_byte_past_the_limit(huge):
    """A stream has no size to look at: jmap reads max_bytes + 1 of it, never the rest."""
    _code, small_rss, _took, _ = measured("validate", SAMPLE, "--format", "parsable")
    code, rss, took, output = measured("validate", "-", "--format", "parsable", stdin=huge)
    print(f"\n100 MB on stdin: exit {code}, {took * 1000:.0f} ms, peak RSS {rss / 1024:.1f} MiB")
    assert code == 1
    assert "file is more than 33,554,432 bytes, over the limit of 33,554,432 (JM004)" in output
    assert rss < small_rss + 48 * 1024, "more than the limit was read"


def test_read_input_reads_at_most_limit_plus_one(tmp_path, monkeypatch):
    path = tmp_path / "m.yaml"
    path.write_bytes(b"x" * 1000)
    assert read_input(str(path), limit=1000) == b"x" * 1000
    with pytest.raises(TooLarge) as over:
        read_input(str(path), limit=999)
    assert (over.value.size, over.value.limit) == (1000, 999)
    assert str(over.value) == "file is 1,000 bytes, over the limit of 999"

    class Stream:
        def __init__(self):
            self.asked = []

        def read(self, n=-1):
            self.asked.append(n)
            return b"y" * (n if n >= 0 else 10**6)

    stream = Stream()
    monkeypatch.setattr(sys, "stdin", type("S", (), {"buffer": stream})())
    with pytest.raises(TooLarge) as got:
        read_input("-", limit=500)
    assert got.value.size is None and stream.asked == [501]
    assert str(got.value) == "file is more than 500 bytes, over the limit of 500"


def test_the_configured_limits_reach_every_command(tmp_path):
    """`limits:` in the configuration file bounds validate, score and report alike, with JM004."""
    config = tmp_path / "jmap-config.yaml"
    config.write_text("limits: {max_bytes: 2000, max_depth: 8, max_nodes: 400, max_string: 50}\n")
    runner = CliRunner()
    for command in (["validate", str(SAMPLE), "--config", str(config)], ["score", str(SAMPLE), "--config", str(config)],
                    ["report", str(SAMPLE), "--config", str(config)]):
        result = runner.invoke(app, command)
        assert result.exit_code == 1, (command, result.output)
        assert "over the limit of 2,000" in result.output and "JM004" in result.output, result.output
    cases = {
        "depth": ("jmap: 1\nx: " + "[" * 20 + "]" * 20 + "\n", "nested more than 8 levels deep"),
        "nodes": ("jmap: 1\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                  "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n", "expands to more than 400 nodes"),
        "string": ("jmap: 1\njourney: {id: x, title: " + "t" * 60 + "}\n", "over the limit of 50"),
    }
    config.write_text("limits: {max_depth: 8, max_nodes: 400, max_string: 50}\n")
    for name, (text, message) in cases.items():
        path = tmp_path / f"{name}.jmap.yaml"
        path.write_text(text)
        result = runner.invoke(app, ["validate", str(path), "--config", str(config), "--format", "parsable"])
        assert result.exit_code == 1 and "JM004" in result.output and message in result.output, (name, result.output)


def test_the_default_limits_are_documented():
    text = (ROOT / "README.md").read_text()
    defaults = Limits()
    for key in ("max_bytes", "max_depth", "max_nodes", "max_string"):
        assert key in text
    assert f"{defaults.max_bytes:,}" in text or str(defaults.max_bytes) in text
    assert f"{defaults.max_nodes:,}" in text and f"{defaults.max_string:,}" in text
