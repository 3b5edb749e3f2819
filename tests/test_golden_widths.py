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


def quarter_maps(tmp_path, old_period="2024-Q2", new_period="2024-Q3"):
    """The sample as last quarter, and this quarter: checkout's CSAT fell, size-chat rests on 18 answers."""
    text = SAMPLE.read_text().replace("  period: 2024-Q3\n", "", 1)  # each side gets its own below
    old = tmp_path / "q2.jmap.yaml"
    new = tmp_path / "q3.jmap.yaml"
    stamp = "  title: First purchase, online store\n"
    old.write_text(text.replace(stamp, stamp + f'  period: "{old_period}"\n') if old_period else text)
    changed = text.replace("csat: {counts: [30, 40, 60, 120, 90]}", "csat: {counts: [60, 50, 60, 90, 60]}")
    changed = changed.replace("csat: {counts: [4, 6, 20, 50, 40]}", "csat: {counts: [4, 6, 20, 52, 40]}")
    new.write_text(changed.replace(stamp, stamp + f'  period: "{new_period}"\n') if new_period else changed)
    return old, new


@pytest.mark.parametrize("columns", WIDTHS)
def test_diff_golden_at_each_width(columns, golden, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    old, new = quarter_maps(tmp_path)
    text = run("diff", old.name, new.name, columns=columns)
    golden(f"widths/diff-{columns}.txt", text)
    assert max(len(line) for line in text.splitlines()) <= columns
    assert_no_number_split(text)
    assert "Periods: 2024-Q2 -> 2024-Q3" in text and "warning" not in text
    assert "13 metrics unchanged, not listed (--all lists them)" in text
    flat = " ".join(text.split())
    # checkout CSAT 210/340 -> 150/320, both n shown whole; the Instagram ad's 90/120 -> 92/122
    for shown in ("61.8% (n=340)" if columns < 120 else "61.8% 340", "-14.9 pp", "(n=122)" if columns < 120 else "122"):
        assert shown in flat, shown


def test_diff_all_lists_the_unchanged_metrics_too(tmp_path):
    old, new = quarter_maps(tmp_path)
    listed = json.loads(run("diff", old, new, "--format", "json", columns=200))
    every = json.loads(run("diff", old, new, "--format", "json", "--all", columns=200))
    assert [(m["touchpoint"], m["metric"]) for m in listed["metrics"]] == [("instagram-ad", "csat"),
                                                                          ("checkout", "csat")]
    assert len(every["metrics"]) == 15 and listed["summary"]["unchanged_metrics"] == 13
    checkout = listed["metrics"][1]
    assert (checkout["old_n"], checkout["new_n"]) == (340, 320)
    assert listed["periods"] == {"old": "2024-Q2", "new": "2024-Q3", "warning": None}


def test_diff_flags_low_samples_on_each_side(tmp_path):
    old, new = quarter_maps(tmp_path)
    new.write_text(new.read_text().replace("csat: {counts: [4, 6, 20, 52, 40]}", "csat: {counts: [0, 0, 0, 1, 0]}"))
    text = run("diff", old, new, "--format", "markdown", columns=200)
    assert "| `instagram-ad` | CSAT | 75.0% | 120 | 100.0% | 1\\* |" in text
    assert "fewer than 30 answers" in text and "a change may be noise" in text


@pytest.mark.parametrize("periods, warning", [
    (("2024-Q3", "2024-Q3"), "both maps cover 2024-Q3: the same period's answers, not a change over time"),
    (("2024-Q3", "2024-09-01..2024-12-31"), "2024-Q3 and 2024-09-01..2024-12-31 overlap: answers in both "
                                            "periods count on both sides"),
    (("2024", "2024-Q4"), "2024 and 2024-Q4 overlap: answers in both periods count on both sides"),
    (("2024-Q4", "2024-Q3"), "2024-Q3 comes before 2024-Q4: the change reads backwards"),
    ((None, "2024-Q3"), "the old map does not say which period its numbers cover"),
    (("2024-Q2", "2024-07"), None),
])
def test_diff_says_which_periods_it_compares_and_warns(tmp_path, periods, warning):
    old, new = quarter_maps(tmp_path, *periods)
    found = json.loads(run("diff", old, new, "--format", "json", columns=200))["periods"]
    assert found == {"old": periods[0], "new": periods[1], "warning": warning}
    text = run("diff", old, new, columns=200)
    assert (f"warning: {warning}" in text) if warning else "warning" not in text
