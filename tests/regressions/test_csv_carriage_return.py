"""Regression: a carriage return in user text split a `jmap score --format csv` row in two."""

import csv
import io

from typer.testing import CliRunner

from journeymap.cli import app

from helpers import ROOT

MAP = ROOT / "tests" / "regressions" / "csv-carriage-return.jmap.yaml"


def test_score_csv_rows_stay_whole():
    result = CliRunner().invoke(app, ["score", str(MAP), "--format", "csv"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert len(rows) == 1 + 4  # header, then touchpoint, stage, channel and journey (no personas)
    assert {len(row) for row in rows} == {len(rows[0])}
    assert "\r" not in result.stdout and "\x1b" not in result.stdout
