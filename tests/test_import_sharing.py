"""Importing into counts that touchpoints share (anchors, aliases, `<<` merge keys) changes only the
touchpoint the answers are for; comments inside a counts list survive the rewrite."""

import shutil
import subprocess
import sys

import pytest

from helpers import ROOT, SAMPLE
from journeymap.importing.count_writer import rewrite
from journeymap.load.loader import load

ANCHORED = ROOT / "tests" / "data" / "anchored-counts.jmap.yaml"


def satisfaction(text: str) -> dict:
    data = load(text.encode("utf-8"), "map").data
    return {tp["id"]: tp.get("satisfaction") for stage in data["stages"] for tp in stage["touchpoints"]}


def test_anchored_counts_give_the_touchpoint_its_own_and_leave_the_sharer_alone():
    text = ANCHORED.read_text()
    notes = []
    new = rewrite(text, {("a", "csat"): [0, 0, 1, 1, 1]}, notes=notes)
    before, after = satisfaction(text), satisfaction(new)
    assert after["a"]["csat"] == {"counts": [0, 0, 1, 1, 1]}
    assert {k: v for k, v in after.items() if k != "a"} == {k: v for k, v in before.items() if k != "a"}
    assert after["b"]["csat"] == {"counts": [0, 0, 0, 0, 0]}
    assert notes == ["a.csat was shared through the anchor &empty (line 13); it now has its own counts, "
                     "the other places keep theirs"]


def test_the_alias_side_gets_its_own_counts_too():
    text = ANCHORED.read_text()
    notes = []
    after = satisfaction(rewrite(text, {("b", "csat"): [1, 0, 0, 0, 0]}, notes=notes))
    assert after["b"]["csat"] == {"counts": [1, 0, 0, 0, 0]} and after["a"]["csat"] == {"counts": [0, 0, 0, 0, 0]}
    assert len(notes) == 1 and notes[0].startswith("b.csat was shared through")


def test_merged_counts_are_copied_not_changed_for_the_source():
    text = ANCHORED.read_text()
    notes = []
    after = satisfaction(rewrite(text, {("d", "nps"): [0] * 10 + [1]}, notes=notes))
    assert after["d"]["nps"] == {"promoters": 2, "passives": 1, "detractors": 1}
    assert after["c"]["nps"] == {"promoters": 1, "passives": 1, "detractors": 1}
    assert after["d"]["ces"] == {"value": 5, "n": 40}
    assert notes == ["d.nps was shared through a merge key `<<` (line 25); it now has its own counts, "
                     "the other places keep theirs"]


def test_import_command_says_the_sharing_was_broken(tmp_path):
    target = tmp_path / "m.jmap.yaml"
    shutil.copy(ANCHORED, target)
    answers = tmp_path / "r.csv"
    answers.write_text("touchpoint,metric,answer\na,csat,5\na,csat,4\na,csat,3\n")
    done = subprocess.run([sys.executable, "-m", "journeymap", "import", str(answers), str(target)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"{target}: a.csat was shared through the anchor &empty (line 13)" in done.stderr
    after = satisfaction(target.read_text())
    assert after["a"]["csat"]["counts"] == [0, 0, 1, 1, 1] and after["b"]["csat"]["counts"] == [0, 0, 0, 0, 0]


@pytest.mark.parametrize("written,expected", [
    ("csat: {counts: [30, 40,  # the survey was down on Monday\n                        60, 120, 90]}",
     "csat: {counts: [30, 40,  # the survey was down on Monday\n                        60, 120, 91]}"),
    ("csat:\n            counts:\n              - 30\n              - 40  # Monday\n              - 60\n"
     "              - 120\n              - 90",
     "csat:\n            counts:\n              - 30\n              - 40  # Monday\n              - 60\n"
     "              - 120\n              - 91"),
], ids=["flow", "block"])
def test_a_comment_inside_a_counts_list_survives_an_import(written, expected):
    text = SAMPLE.read_text().replace("csat: {counts: [30, 40, 60, 120, 90]}", written)
    new = rewrite(text, {("checkout", "csat"): [0, 0, 0, 0, 1]})
    assert new == text.replace(written, expected)
