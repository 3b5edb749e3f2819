"""The exit contract at the real entry point: a closed pipe is exit 2 and quiet; a usage error is
exit 2 and one line `jmap: <command>: <message>`; help still works."""

from __future__ import annotations

import os
import subprocess

import pytest

from helpers import JMAP, JMAP_ENV, ROOT, SAMPLE, jmap


def run(*args: str) -> subprocess.CompletedProcess:
    return jmap(*args, cwd=ROOT, timeout=60)


@pytest.mark.parametrize("args", [
    ["rules"],
    ["--version"],
    ["--help"],
    ["validate", str(SAMPLE)],
    ["score", str(SAMPLE), "-f", "json"],
    ["report", str(SAMPLE), "-f", "markdown"],
])
def test_a_closed_output_pipe_is_exit_2_and_quiet(args):
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before jmap writes a byte
    try:
        result = subprocess.run([*JMAP, *args], stdout=write_end, stderr=subprocess.PIPE, env=JMAP_ENV,
                                timeout=60, cwd=ROOT)
    finally:
        os.close(write_end)
    assert (result.returncode, result.stderr.decode()) == (2, "")


@pytest.mark.parametrize("args, line", [
    (["score", str(SAMPLE), "--format", "xml"],
     "jmap: score: Invalid value for '--format' / '-f': 'xml' is not one of 'table', 'json', 'csv'."),
    (["score"], "jmap: score: Missing argument 'MAP'."),
    (["score", str(SAMPLE), "--bogus"], "jmap: score: No such option: --bogus"),
    (["bogus"], "jmap: No such command 'bogus'."),
])
def test_a_usage_error_is_one_line_and_exit_2(args, line):
    result = run(*args)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", line + "\n")


def test_every_command_reports_a_bad_option_value_in_one_line():
    for command in ("validate", "report", "diff", "render"):
        result = run(command, "--format", "nope", str(SAMPLE), str(SAMPLE))
        assert result.returncode == 2
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"jmap: {command}: "), result.stderr
        assert "Value error" not in lines[0] and "Usage:" not in lines[0]


def test_help_still_works():
    result = run("--help")
    assert result.returncode == 0 and "Usage: jmap" in result.stdout and "score" in result.stdout
    result = run("score", "--help")
    assert result.returncode == 0 and "Usage: jmap score" in result.stdout


def test_jmap_alone_shows_the_help():
    result = run()
    assert result.returncode == 2 and "Usage: jmap" in result.stdout + result.stderr
    assert "score" in result.stdout + result.stderr


def test_version_and_findings_keep_their_codes():
    assert run("--version").returncode == 0
    assert run("score", str(SAMPLE)).returncode in (0, 1)
