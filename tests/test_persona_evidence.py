"""Persona-level evidence: `jmap import` keeps the persona column, persona roll-ups use each
persona's own answers (never one response in two personas' n), personas are compared at a
touchpoint, and `--period` starts a new period instead of adding to the last one."""

import json
import math

import yaml
from scipy import stats

from helpers import valid_map

MAP = """\
jmap: 1
journey:
  id: j
  title: J
personas:
  - {id: new, name: New, share: 0.6}
  - {id: back, name: Back, share: 0.4}
channels: [web]
stages:
  - id: s
    name: S
    touchpoints:
      # the checkout everyone meets
      - id: checkout
        name: Checkout
        channel: web
        owner: o
        reach: 1000
        satisfaction:
          csat: {counts: [1, 1, 1, 1, 1]}   # last quarter's answers
      - id: app
        name: App
        channel: web
        owner: o
        personas: [back]
        reach: 200
"""

# persona, answer, count: new visitors rate the checkout lower than returning customers
ROWS = [("checkout", "new", 2, 40), ("checkout", "new", 4, 30), ("checkout", "new", 5, 10),
        ("checkout", "back", 2, 10), ("checkout", "back", 4, 30), ("checkout", "back", 5, 40),
        ("checkout", "", 5, 7), ("app", "back", 5, 20), ("app", "back", 3, 5)]


def write_rows(path, rows=ROWS):
    path.write_text("touchpoint,metric,answer,persona,count\n"
                    + "".join(f"{tp},csat,{answer},{persona},{count}\n" for tp, persona, answer, count in rows))


def counts_of(rows, touchpoint, persona=None):
    counts = [0] * 5
    for tp, who, answer, count in rows:
        if tp == touchpoint and (persona is None or who == persona):
            counts[answer - 1] += count
    return counts


def test_import_writes_per_persona_counts_keeps_comments_and_persona_rollups_use_them(tmp_path, cli):
    mapped, responses = tmp_path / "m.jmap.yaml", tmp_path / "r.csv"
    mapped.write_text(MAP)
    write_rows(responses)
    result = cli("import", responses, mapped, "--period", "2024-Q3")
    assert result.exit_code == 0, result.output
    text = mapped.read_text()
    assert "# the checkout everyone meets" in text and "# last quarter's answers" not in text.split("csat")[0]
    data = yaml.safe_load(text)
    checkout = data["stages"][0]["touchpoints"][0]["satisfaction"]["csat"]
    assert checkout["counts"] == counts_of(ROWS, "checkout")  # a new period: last quarter's are replaced
    assert checkout["personas"] == {"back": {"counts": counts_of(ROWS, "checkout", "back")},
                                    "new": {"counts": counts_of(ROWS, "checkout", "new")}}
    assert data["journey"]["period"] == "2024-Q3"
    scores = json.loads(cli("score", mapped, "--format", "json").stdout)
    personas = {p["id"]: p for p in scores["personas"]}
    # new: 80 answers at the checkout, 40 in the top two boxes; back: 80 there (70 top) + 25 at the app (20 top)
    assert (personas["new"]["responses"], personas["back"]["responses"]) == (80, 105)
    assert personas["new"]["csat"]["value"] == 40 / 80
    # back weighs the checkout by its share of the checkout's reach (0.4 of 1,000) and the app by all 200
    assert personas["back"]["csat"]["value"] == round((400 * 70 / 80 + 200 * 20 / 25) / 600, 6)
    assert personas["new"]["pooled"] == personas["back"]["pooled"] == 0
    # the 7 answers without a persona count for the checkout and the journey, for no persona
    assert personas["new"]["responses"] + personas["back"]["responses"] == scores["journey"]["responses"] - 7


def test_personas_compared_at_a_touchpoint_against_an_independent_z_test(tmp_path, cli):
    mapped, responses = tmp_path / "m.jmap.yaml", tmp_path / "r.csv"
    mapped.write_text(MAP)
    write_rows(responses)
    assert cli("import", responses, mapped, "--period", "2024-Q3").exit_code == 0
    found = json.loads(cli("score", mapped, "--format", "json").stdout)["persona_differences"]
    assert [(d["touchpoint"], d["metric"], d["first"], d["second"]) for d in found] == [
        ("checkout", "csat", "new", "back")]
    p1, p2, n = 40 / 80, 70 / 80, 80
    pooled = (40 + 70) / 160
    z = (p2 - p1) / math.sqrt(pooled * (1 - pooled) * (2 / n))
    assert found[0]["delta"] == round(p2 - p1, 6)
    assert abs(found[0]["p_value"] - 2 * stats.norm.sf(abs(z))) < 1e-6
    assert found[0]["significant"] is True
    table = cli("score", mapped, env={"COLUMNS": "200"}).stdout
    assert "checkout CSAT: new 50.0% (n=80) vs back 87.5% (n=80): differ significantly" in table


def test_the_same_period_adds_and_a_new_period_replaces(tmp_path, cli):
    mapped, responses = tmp_path / "m.jmap.yaml", tmp_path / "r.csv"
    mapped.write_text(MAP)
    write_rows(responses)
    assert cli("import", responses, mapped, "--period", "2024-Q3").exit_code == 0
    assert cli("import", responses, mapped, "--period", "2024-Q3").exit_code == 0  # the rest of the quarter
    csat = yaml.safe_load(mapped.read_text())["stages"][0]["touchpoints"][0]["satisfaction"]["csat"]
    assert csat["counts"] == [2 * c for c in counts_of(ROWS, "checkout")]
    assert csat["personas"]["new"]["counts"] == [2 * c for c in counts_of(ROWS, "checkout", "new")]
    result = cli("import", responses, mapped, "--period", "2024-Q4")
    assert result.exit_code == 0 and "new period 2024-Q4: counts replaced" in result.stderr
    data = yaml.safe_load(mapped.read_text())
    csat = data["stages"][0]["touchpoints"][0]["satisfaction"]["csat"]
    assert csat["counts"] == counts_of(ROWS, "checkout") and data["journey"]["period"] == "2024-Q4"
    assert csat["personas"]["new"]["counts"] == counts_of(ROWS, "checkout", "new")


def test_a_row_for_a_persona_the_touchpoint_does_not_serve_is_rejected_with_its_row(tmp_path, cli):
    mapped, responses = tmp_path / "m.jmap.yaml", tmp_path / "r.csv"
    mapped.write_text(MAP)
    write_rows(responses, ROWS + [("app", "new", 5, 1)])
    result = cli("import", responses, mapped)
    assert result.exit_code == 1 and mapped.read_text() == MAP
    assert f"{responses}:11: persona not served: persona 'new' at touchpoint 'app', which serves back" in result.stderr


def test_pooled_counts_never_count_for_two_personas():
    scores_map = valid_map(MAP)
    from journeymap.scoring.rollups import score_map

    scores = score_map(scores_map)
    personas = {p.id: p for p in scores.personas}
    assert (personas["new"].responses, personas["new"].pooled) == (0, 1)  # the checkout's 5 are pooled
    assert (personas["back"].responses, personas["back"].pooled) == (0, 1)  # the app has no survey
    assert "1 more pooled across personas, not split" in personas["new"].evidence()


def test_counts_for_a_persona_the_touchpoint_does_not_serve_are_jm202(tmp_path, cli):
    path = tmp_path / "m.jmap.yaml"
    path.write_text(MAP + "        satisfaction:\n          csat: {counts: [0, 0, 0, 1, 1], personas: {new: {counts: [0, 0, 0, 1, 1]}}}\n")
    result = cli("validate", path, "--format", "parsable")
    assert result.exit_code == 1
    assert ("CSAT counts given for persona 'new', which this touchpoint does not serve (it serves back) (JM202)"
            in result.stdout)


def test_a_first_import_into_the_init_template_works_in_the_same_and_a_new_period(tmp_path, cli):
    mapped, responses = tmp_path / "j.jmap.yaml", tmp_path / "r.csv"
    assert cli("init", mapped).exit_code == 0
    responses.write_text("touchpoint,metric,answer\ndelivery-tracking,csat,5\ncheckout,nps,9\nproduct-page,ces,6\n")
    first = cli("import", responses, mapped)  # the same period: added to every metric the template has
    assert first.exit_code == 0, first.output
    data = yaml.safe_load(mapped.read_text())
    tracking = next(tp for s in data["stages"] for tp in s.get("touchpoints", []) if tp["id"] == "delivery-tracking")
    assert tracking["satisfaction"]["csat"]["counts"] == [20, 14, 30, 136, 201]
    second = cli("import", responses, mapped, "--period", "2024-Q4")
    assert second.exit_code == 0 and "new period 2024-Q4: counts replaced" in second.stderr
    assert yaml.safe_load(mapped.read_text())["journey"]["period"] == "2024-Q4"
