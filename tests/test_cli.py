"""The exit contract at the real entry point: a closed pipe is exit 2 and quiet; a usage error is
exit 2 and one line `jmap: <command>: <message>`; help still works."""

from __future__ import annotations

import gc
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


# --------------------------------------------------------------------------- what the entry leaves behind

def test_main_in_process_leaves_garbage_collection_and_the_environment_alone(run_main, monkeypatch):
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    assert gc.isenabled()
    for args in (["validate", SAMPLE], ["score", SAMPLE, "-f", "json"], ["bogus"], ["--version"]):
        ran = run_main(*args)
        assert ran.code in (0, 1, 2) and ran.out + ran.err, args
        assert gc.isenabled(), args
    assert "PYDANTIC_DISABLE_PLUGINS" not in os.environ


def test_the_console_script_pauses_the_collector_and_pydantic_plugins_around_main(monkeypatch):
    import journeymap.cli as cli

    seen = []
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    monkeypatch.setattr(cli, "main", lambda: seen.append((gc.isenabled(), os.environ.get("PYDANTIC_DISABLE_PLUGINS"))))
    monkeypatch.setattr(gc, "freeze", lambda: seen.append("frozen for the last collection"))  # not this test run's heap
    monkeypatch.setattr("sys.argv", ["jmap", "validate", str(SAMPLE)])
    cli.run()
    assert seen == [(False, "__all__"), "frozen for the last collection"] and gc.isenabled()


def test_only_the_compatibility_module_reaches_into_typers_click():
    reaching = sorted(path.relative_to(ROOT).as_posix() for path in (ROOT / "journeymap").rglob("*.py")
                      if "typer._click" in path.read_text(encoding="utf-8"))
    assert reaching == ["journeymap/commands/typer_compat.py"]
