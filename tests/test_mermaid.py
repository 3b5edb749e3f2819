"""Mermaid journey export and import: round trips, Mermaid's documented syntax and its edge cases.

When tests/mermaid_check/node_modules exists (npm install there), exported text is also checked
with Mermaid's own parser; otherwise those tests are skipped with the command that enables them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap

import pytest
from typer.testing import CliRunner

from journeymap.scoring import metrics
from journeymap.cli import app
from journeymap.base.diagnostics import Severity
from journeymap.gaps.scored import scored
from journeymap.outputs.mermaid import journey_to_map, map_yaml, parse_journey, to_mermaid
from journeymap.checks.validation import validate_bytes

from helpers import ROOT, SAMPLE

runner = CliRunner()
CHECKER = ROOT / "tests" / "mermaid_check"


def load(text: str):
    result = validate_bytes(text.encode("utf-8"), "map.jmap.yaml")
    assert result.map is not None, result.diagnostics
    return result.map


def imported(text: str, channel: str = "web"):
    journey, problems = parse_journey(textwrap.dedent(text))
    assert [p for p in problems if p.severity == "error"] == []
    data = map_yaml(journey_to_map(journey, channel), channel)
    result = validate_bytes(data.encode("utf-8"), "imported.jmap.yaml")
    assert [d for d in result.diagnostics if d.severity == Severity.ERROR] == []
    return result.map


def errors_of(text: str):
    _journey, problems = parse_journey(textwrap.dedent(text))
    return [(p.line, p.message) for p in problems if p.severity == "error"]


# -- the score mapping -----------------------------------------------------------


@pytest.mark.parametrize("score,points", [(0, 1), (12.4, 1), (12.5, 2), (50, 3), (62.5, 4), (87.4, 4), (87.5, 5), (100, 5)])
def test_five_point_mapping(score, points):
    assert metrics.five_point(score) == points


# -- round trip ------------------------------------------------------------------


def test_round_trip_keeps_stages_touchpoint_names_and_personas():
    original = load(SAMPLE.read_text(encoding="utf-8"))
    back = imported(to_mermaid(scored(original)))
    assert [s.name for s in back.stages] == [s.name for s in original.stages]
    assert [[tp.name for tp in s.touchpoints] for s in back.stages] == \
           [[tp.name for tp in s.touchpoints] for s in original.stages]
    assert [p.name for p in back.personas] == [p.name for p in original.personas]
    assert back.journey.title == original.journey.title
    for (_a, _b, _s, before), (_c, _d, _t, after) in zip(original.touchpoints(), back.touchpoints()):
        served = before.personas or [p.id for p in original.personas]
        names = {p.id: p.name for p in original.personas}
        assert [names[p] for p in served] == [{p.id: p.name for p in back.personas}[p] for p in after.personas]


HOSTILE = """\
jmap: 1
journey: {id: odd, title: "Title; with # and %% and: colon"}
personas:
  - {id: a, name: "Smith, John: VIP"}
channels: [web]
stages:
  - id: s
    name: "Stage: one; #1"
    touchpoints:
      - {id: t1, name: "Section picker", channel: web, emotion: 2}
      - {id: t2, name: "journey planner", channel: web, emotion: -2}
      - {id: t3, name: "Title: page #2; 100%% <b>&amp;</b>", channel: web}
      - {id: t4, name: "two\\nlines", channel: web, emotion: 0}
      - {id: t5, name: "accDescr: hi", channel: web, emotion: 1}
"""


def test_hostile_names_are_encoded_and_survive_the_round_trip():
    original = load(HOSTILE)
    text = to_mermaid(scored(original))
    body = text.splitlines()
    for line in body[1:]:
        stripped = line.strip()
        if stripped.startswith("%%"):
            continue
        assert ";" not in stripped.replace("#", "").replace(";", "", 0) or "#" in stripped
        assert "\n" not in stripped
    assert "%%" not in "\n".join(line for line in body if not line.strip().startswith("%%"))
    back = imported(text)
    names = [tp.name for s in back.stages for tp in s.touchpoints]
    assert names == ["Section picker", "journey planner", "Title: page #2; 100%% <b>&amp;</b>", "two lines", "accDescr: hi"]
    assert back.stages[0].name == "Stage: one; #1"
    assert back.personas[0].name == "Smith, John: VIP"
    assert back.journey.title == "Title; with # and %% and: colon"


def test_scores_come_from_the_experience_score_and_no_data_is_said():
    text = to_mermaid(scored(load(HOSTILE)))
    assert "#83;ection picker: 5: " in text  # emotion 2 -> 100 -> 5; a leading keyword is encoded
    assert "ourney planner: 1: " in text  # emotion -2 -> 0 -> 1
    assert "%% no survey or emotion data: drawn at 3" in text


def test_export_is_deterministic_and_written_atomically(tmp_path):
    target = tmp_path / "map.mmd"
    first = runner.invoke(app, ["export", "--format", "mermaid", str(SAMPLE), "-o", str(target)])
    assert first.exit_code == 0, first.output
    assert target.read_text(encoding="utf-8") == runner.invoke(app, ["export", "-f", "mermaid", str(SAMPLE)]).stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.mmd"]


def test_export_of_a_map_with_errors_exits_1_with_positions(tmp_path):
    broken = tmp_path / "b.jmap.yaml"
    broken.write_text(HOSTILE.replace("channel: web, emotion: 2", "channel: wbe, emotion: 2"))
    found = runner.invoke(app, ["export", "-f", "mermaid", str(broken)])
    assert found.exit_code == 1 and f"{broken}:10:" in found.stderr and "(JM203)" in found.stderr


# -- import: Mermaid's documented syntax -------------------------------------------

DOCUMENTED = """\
journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Go upstairs: 3: Me
      Do work: 1: Me, Cat
    section Go home
      Go downstairs: 5: Me
      Sit down: 5: Me
"""


def test_import_the_documented_example():
    journey_map = imported(DOCUMENTED)
    assert journey_map.journey.title == "My working day"
    assert [s.name for s in journey_map.stages] == ["Go to work", "Go home"]
    assert [p.name for p in journey_map.personas] == ["Me", "Cat"]
    work = journey_map.stages[0].touchpoints[2]
    assert (work.name, work.emotion, work.personas, work.channel) == ("Do work", -2, ["me", "cat"], "web")
    assert journey_map.stages[0].touchpoints[0].emotion == 2


def test_import_front_matter_accessibility_comments_and_layout():
    journey_map = imported("""\
        ---
        title: From front matter
        config:
          theme: forest
        ---
        %% a comment line
        %%{init: {"journey": {"useMaxWidth": false}}}%%
        journey
        accTitle: Accessible title
        accDescr {
          A description
          over two lines
        }
        Loose task: 4
        section  Spaced   section
        \t\tTabbed task:3:  Me ,You
        Same name: 2
        section Spaced   section
        Same name: 4.5: Me
        """)
    assert journey_map.journey.title == "From front matter"
    assert journey_map.journey.description.split() == ["A", "description", "over", "two", "lines"]
    assert [s.name for s in journey_map.stages] == ["No section", "Spaced   section", "Spaced   section"]
    assert len({s.id for s in journey_map.stages}) == 3
    ids = [tp.id for _a, _b, _s, tp in journey_map.touchpoints()]
    assert ids == ["loose-task", "tabbed-task", "same-name", "same-name-2"]
    assert journey_map.stages[0].touchpoints[0].personas is None
    assert journey_map.stages[2].touchpoints[0].emotion == 1.5


def test_title_statement_wins_over_front_matter_and_acc_descr_single_line():
    journey_map = imported("---\ntitle: Front\n---\njourney\ntitle Body\naccDescr: One line\nA: 3\n")
    assert journey_map.journey.title == "Body" and journey_map.journey.description == "One line"


def test_no_title_falls_back_and_empty_diagram_is_a_valid_map():
    assert imported("journey\n").journey.title == "Imported journey"
    assert imported("journey\naccTitle: Only accessible\n").journey.title == "Only accessible"


@pytest.mark.parametrize("text,line,fragment", [
    ("flowchart TD\nA-->B\n", 1, "must start with 'journey'"),
    ("%% comment\n\nsequenceDiagram\n", 3, "must start with 'journey'"),
    ("journey\nsection S\n  Task with no score\n", 3, "has no score"),
    ("journey\nsection S\n  Task:\n", 3, "has no score"),
    ("journey\nsection S\n  A: 5: Me\n  : 4\n", 4, "no task name"),
    ("journey\nsection S\n  Semi;colon: 5\n", 3, "';'"),
    ("journey\nsection S\n  A: 5\njourney\n", 4, "only start"),
    ("journey\nsection S: x\n", 2, "no task name"),
    ("journey\nsection S\n  A: abc: Me\n", 3, "not a number"),
    ("---\ntitle: [unclosed\n---\njourney\n", 3, "not valid YAML"),
    ("---\ntitle: x\njourney\n", 1, "never closed"),
])
def test_import_rejects_what_mermaid_rejects_with_a_line_number(text, line, fragment):
    found = errors_of(text)
    assert len(found) == 1
    assert found[0][0] == line and fragment in found[0][1]


def test_out_of_range_scores_are_reported_and_clamped():
    journey, problems = parse_journey("journey\nsection S\n  High: 7\n  Low: -1\n  Empty: \n")
    assert [(p.line, p.severity) for p in problems] == [(3, "warning"), (4, "warning"), (5, "warning")]
    scores = [t.score for t in journey.sections[0].tasks]
    assert scores == [5, 1, 1]


def test_cli_import_reports_file_and_line_and_exits_1(tmp_path):
    source = tmp_path / "bad.mmd"
    source.write_text("journey\nsection S\n  A; B: 3\n")
    found = runner.invoke(app, ["import-mermaid", str(source)])
    assert found.exit_code == 1
    assert found.stderr.startswith(f"{source}:3: unexpected ';'")


def test_cli_import_writes_a_valid_map_with_the_chosen_channel(tmp_path):
    source = tmp_path / "day.mmd"
    source.write_text(DOCUMENTED)
    target = tmp_path / "day.jmap.yaml"
    found = runner.invoke(app, ["import-mermaid", str(source), "-o", str(target), "--channel", "mobile-app"])
    assert found.exit_code == 0, found.output
    journey_map = load(target.read_text(encoding="utf-8"))
    assert {c.id for c in journey_map.channels} == {"mobile-app"}
    assert runner.invoke(app, ["import-mermaid", str(source), "--channel", "Not A Slug"]).exit_code != 0


def test_cli_import_warns_but_succeeds_on_out_of_range_scores(tmp_path):
    source = tmp_path / "day.mmd"
    source.write_text("journey\nsection S\n  A: 9: Me\n")
    found = runner.invoke(app, ["import-mermaid", str(source)])
    assert found.exit_code == 0
    assert f"{source}:3: warning: task 'A': score 9 is outside 1-5" in found.stderr
    assert "emotion: 2" in found.stdout


# -- Mermaid's own parser ----------------------------------------------------------


def mermaid_parse(texts: list) -> list:
    if not (CHECKER / "node_modules" / "mermaid").is_dir() or shutil.which("node") is None:
        pytest.skip("Mermaid parser not installed: run `npm ci --prefix tests/mermaid_check` (needs Node.js)")
    done = subprocess.run(["node", str(CHECKER / "check.mjs")], input=json.dumps(texts).encode(),
                          capture_output=True, timeout=120, check=True)
    return json.loads(done.stdout)


def test_mermaid_parses_exports_and_sees_the_same_journey():
    maps = [load(SAMPLE.read_text(encoding="utf-8")), load(HOSTILE)]
    texts = [to_mermaid(scored(m)) for m in maps]
    for journey_map, seen in zip(maps, mermaid_parse(texts)):
        assert seen["ok"], seen
        assert seen["type"] == "journey"
        assert len(seen["tasks"]) == sum(len(s.touchpoints) for s in journey_map.stages)
        assert len(seen["sections"]) == len(journey_map.stages)
        assert all(1 <= task["score"] <= 5 for task in seen["tasks"])
        served = [len(tp.personas if tp.personas is not None else journey_map.personas)
                  for _a, _b, _s, tp in journey_map.touchpoints()]
        assert [len(task["people"]) for task in seen["tasks"]] == served


def test_our_importer_and_mermaid_agree_on_accepting_and_rejecting():
    cases = [DOCUMENTED, "journey\nsection S\n  Semi;colon: 5\n", "journey\nsection S\n  No score\n",
             "journey\n  Loose: 3\n", "journey\nsection S: x\n", "flowchart TD\nA-->B\n",
             "journey\naccDescr {\n two\n lines\n}\nA: 4: Me\n", "journey\nsection S\n  A: 5: Me%% c\n"]
    for text, seen in zip(cases, mermaid_parse(cases)):
        _journey, problems = parse_journey(text)
        accepted = seen["ok"] and seen["type"] == "journey"
        assert accepted == (not [p for p in problems if p.severity == "error"]), text
