"""Fixtures every test module may ask for; the plain helpers behind them are in tests/helpers/."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# ROOT, check and codes are re-exported for modules that still say `from conftest import …`.
from helpers import ROOT, SAMPLE, Ran, assert_golden, check, codes, exit_status  # noqa: F401


def pytest_collection_modifyitems(items):
    """A test that compares with a golden file is marked `golden`: `make golden` rewrites them all (-m golden)."""
    for item in items:
        if "golden" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.golden)


@pytest.fixture
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture
def golden():
    """`golden("render/online-store.flow.dot", text)`: compare with tests/golden/, or rewrite it under UPDATE_GOLDEN=1."""
    return assert_golden


@pytest.fixture
def cli():
    """`cli("score", path, "-f", "json")`: the typer app in-process (click's runner); a click Result."""
    from typer.testing import CliRunner

    from journeymap.cli import app

    def invoke(*args, input=None, env=None):
        return CliRunner(env=env).invoke(app, [str(a) for a in args], input=input)

    return invoke


@pytest.fixture
def run_main(monkeypatch, capsys):
    """`run_main("report", path, cwd=folder)`: the console-script entry `main()` in-process, with its
    one-line error handling and exit codes; a Ran(code, out, err)."""
    from journeymap.cli import main

    def run(*args, cwd=None) -> Ran:
        monkeypatch.setattr(sys, "argv", ["jmap", *map(str, args)])
        if cwd is not None:
            monkeypatch.chdir(cwd)
        try:
            main()
            code = 0
        except SystemExit as stop:
            code = exit_status(stop)
        captured = capsys.readouterr()
        return Ran(code, captured.out, captured.err)

    return run

