"""Integers beyond the count bound are refused from their text, before conversion: a diagnostic in a
map, a rejected row in an import; import answers are ASCII digits only."""

import subprocess
import sys

import pytest
from hypothesis import given, settings, strategies as st

from helpers import SAMPLE
from journeymap.base.diagnostics import Severity
from journeymap.checks.validation import validate_bytes
from journeymap.importing.importer import TOO_LARGE, _whole

JMAP = [sys.executable, "-m", "journeymap"]
HUGE = {"hex": "0x" + "f" * 4000, "decimal": "9" * 5000, "octal": "0o" + "7" * 30, "just over": "1000000000000001"}


def huge_map(tmp_path, number):
    text = SAMPLE.read_text().replace("reach: 120000", f"reach: {number}", 1)
    path = tmp_path / "m.jmap.yaml"
    path.write_text(text)
    return path


@pytest.mark.parametrize("kind", sorted(HUGE))
def test_a_huge_integer_in_a_map_is_one_jm104_at_its_place(kind):
    text = SAMPLE.read_text().replace("reach: 120000", f"reach: {HUGE[kind]}", 1)
    found = [d for d in validate_bytes(text.encode(), "m").diagnostics if d.severity == Severity.ERROR]
    assert [d.code for d in found] == ["JM104"]
    assert found[0].path == ("stages", 0, "touchpoints", 0, "reach")
    if kind != "just over":
        assert found[0].message.startswith("stages[0].touchpoints[0].reach: number ") and "is beyond the bound of 1,000,000,000,000,000" in found[0].message


@pytest.mark.parametrize("command", [["validate"], ["score"], ["report"], ["render", "--format", "dot"],
                                     ["export", "--format", "csv"]])
def test_every_command_reports_it_rather_than_failing_inside(tmp_path, command):
    path = huge_map(tmp_path, HUGE["hex"])
    done = subprocess.run(JMAP + command + [str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "internal error" not in done.stderr and "JM104" in done.stderr + done.stdout


def test_diff_reports_it_too(tmp_path):
    path = huge_map(tmp_path, HUGE["decimal"])
    done = subprocess.run(JMAP + ["diff", str(SAMPLE), str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "internal error" not in done.stderr and "(JM104)" in done.stderr


def run_import(tmp_path, rows, header="touchpoint,metric,answer"):
    target = tmp_path / "m.jmap.yaml"
    target.write_text(SAMPLE.read_text())
    answers = tmp_path / "r.csv"
    answers.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return subprocess.run(JMAP + ["import", str(answers), str(target)], capture_output=True, text=True, timeout=120)


def test_a_5000_digit_answer_is_a_rejected_row(tmp_path):
    done = run_import(tmp_path, ["checkout,csat,5", "checkout,csat," + "4" * 5000])
    assert done.returncode == 1 and "internal error" not in done.stderr
    assert "r.csv:3: answer off the scale: CSAT answer '4444444444444444'…'44444444' (5,000 characters) is off the scale" \
        in done.stderr
    assert "rejected 1 row: answer off the scale" in done.stderr


def test_a_5000_digit_count_is_a_rejected_row(tmp_path):
    done = run_import(tmp_path, ["checkout,csat,5,2", "checkout,csat,4," + "7" * 5000], "touchpoint,metric,answer,count")
    assert done.returncode == 1 and "internal error" not in done.stderr
    assert "rejected 1 row: bad count" in done.stderr and "is over the bound of 1,000,000,000,000,000" in done.stderr


@pytest.mark.parametrize("answer", ["５", "٥", "1_0", "５.0", "²", "0x5"])
def test_answers_are_ascii_digits_only(tmp_path, answer):
    done = run_import(tmp_path, [f"checkout,csat,{answer}"])
    assert done.returncode == 1, done.stderr
    assert f"CSAT answer {answer!r} is not a whole number" in done.stderr


@pytest.mark.parametrize("text,expected", [("5", 5), (" 5 ", 5), ("5.0", 5), ("+3", 3), ("-2", -2), ("007", 7),
                                           ("4.5", None), ("five", None), ("", None), (True, None), (5, 5),
                                           (5.0, 5), (10**16, TOO_LARGE), ("1" * 17, TOO_LARGE),
                                           ("0" * 30 + "1", 1), (float("inf"), None)])
def test_whole(text, expected):
    assert _whole(text) is expected if expected in (None, TOO_LARGE) else _whole(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=60), st.integers(), st.floats()))
def test_whole_never_fails_and_takes_only_ascii(value):
    found = _whole(value)
    if isinstance(value, str) and isinstance(found, int):
        assert value.strip().isascii() and abs(found) <= 10**15


@pytest.mark.parametrize("field,kind", [("answer", "answer off the scale"), ("count", "bad count")])
def test_a_5000_digit_json_number_is_a_rejected_row_not_bad_json(tmp_path, field, kind):
    target = tmp_path / "m.jmap.yaml"
    target.write_text(SAMPLE.read_text())
    answers = tmp_path / "r.jsonl"
    row = {"answer": "5", "count": "1"}
    row[field] = "9" * 5000
    answers.write_text('{"touchpoint": "checkout", "metric": "csat", "answer": 4, "count": 2}\n'
                       f'{{"touchpoint": "checkout", "metric": "csat", "answer": {row["answer"]}, '
                       f'"count": {row["count"]}}}\n')
    done = subprocess.run(JMAP + ["import", str(answers), str(target)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "internal error" not in done.stderr
    assert f"rejected 1 row: {kind}" in done.stderr and "not a JSON object" not in done.stderr
    assert "r.jsonl:2: " + kind in done.stderr
