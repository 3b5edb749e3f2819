"""`jmap report` (and `jmap diff`) as a terminal shows them at 60, 80 and 120 columns: golden
captures, and the promises a reader relies on at every width: nothing wider than the terminal,
no number split across lines, and the fix-first table always giving value, target, customers
affected and owner."""

import json
import re

import pytest
from typer.testing import CliRunner

from journeymap.cli import app

from helpers import SAMPLE

WIDTHS = (60, 80, 120)
runner = CliRunner()


def run(*args, columns):
    result = runner.invoke(app, [*map(str, args)], env={"COLUMNS": str(columns)})
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def assert_no_number_split(text: str) -> None:
    """A number broken at a line end continues at the next line's start: '1,2' / '34' or '-36' / '.6'."""
    lines = text.splitlines()
    for above, below in zip(lines, lines[1:]):
        assert not (re.search(r"[\d,.\-–]$", above.rstrip()) and re.match(r"^[\d,.%]", below)), (above, below)


@pytest.mark.parametrize("columns", WIDTHS)
def test_report_golden_at_each_width(columns, golden):
    text = run("report", SAMPLE, columns=columns)
    golden(f"widths/report-{columns}.txt", text)
    assert max(len(line) for line in text.splitlines()) <= columns
    assert_no_number_split(text)
    rows = json.loads(run("report", SAMPLE, "--format", "json", columns=200))["fix_first"]
    flat = " ".join(text.split())
    for row in rows:  # value, target, customers affected and owner of every shown row, each whole
        for shown in (f"{round(row['affected']):,}", row["owner"], row["touchpoint"], row["metric"]):
            assert shown in flat, (columns, row["touchpoint"], shown)
