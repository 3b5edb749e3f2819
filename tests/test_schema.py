"""The published schema: its address everywhere jmap writes one, and the score forms it agrees on with the model."""

import json
import re

import jsonschema
import pytest

from journeymap.model.definition import json_schema
from journeymap.outputs.mermaid import journey_to_map, map_yaml, parse_journey
from journeymap.templates import NAMES, template_text

from helpers import ROOT, check

ADDRESS = "https://raw.githubusercontent.com/jmap-dev/jmap/main/schema/jmap.schema.json"


def test_schema_id_is_the_documented_address():
    assert json_schema()["$id"] == ADDRESS
    published = ROOT / "schema" / "jmap.schema.json"
    assert json.loads(published.read_text())["$id"] == ADDRESS


def documented_address() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.search(r"yaml-language-server: \$schema=(https://\S+)", readme).group(1)


@pytest.mark.parametrize("name", NAMES)
def test_templates_use_the_documented_schema_address(name):
    assert template_text(name).splitlines()[0] == f"# yaml-language-server: $schema={documented_address()}"


def test_mermaid_import_uses_the_documented_schema_address():
    journey, _problems = parse_journey("journey\n  title T\n  section Find\n    Search: 3: Me\n")
    text = map_yaml(journey_to_map(journey, "web"), "web")
    assert text.splitlines()[0] == f"# yaml-language-server: $schema={documented_address()}"


# --------------------------------------------------------------------------- score forms
# Each satisfaction score is exactly one complete form; anything else is a diagnostic, and the
# schema accepts what the model accepts.

SCORE_FORMS = """\
jmap: 1
journey: {id: j, title: J}
channels: [web]
stages:
  - id: s
    name: S
    touchpoints:
      - id: a
        name: A
        channel: web
        satisfaction:
          csat: {value: 0.1}
          nps: {promoters: 5, detractors: 50}
          ces: {counts: [100, 0, 0, 0, 0, 0, 0], value: 7, n: 3}
      - id: b
        name: B
        channel: web
        satisfaction:
          csat: {}
"""


def test_incomplete_and_mixed_scores_are_reported_at_the_score():
    # the rest of the map is checked too (one run shows every problem): its warnings are not this test's
    found = [(d.code, d.line, d.column, d.message) for d in check(SCORE_FORMS) if d.severity.label == "error"]
    assert found == [
        ("JM101", 12, 17, "csat needs counts, or value and n (n missing)"),
        ("JM101", 13, 16, "nps needs counts, or value and n, or all of promoters, passives and detractors "
                          "(passives missing)"),
        ("JM102", 14, 16, "ces mixes counts with value and n; give one form: counts, or value and n"),
        ("JM101", 19, 17, "csat needs counts, or value and n"),
    ]


def one_score(metric: str, score: dict) -> dict:
    """A map (as data) whose one touchpoint has only this score."""
    return {"jmap": 1, "journey": {"id": "j", "title": "J"}, "channels": ["web"],
            "stages": [{"id": "s", "name": "S", "touchpoints": [
                {"id": "a", "name": "A", "channel": "web", "satisfaction": {metric: score}}]}]}


@pytest.mark.parametrize("score, valid", [
    ({"counts": [1, 2, 3, 4, 5]}, True),
    ({"value": 0.5, "n": 10}, True),
    ({"value": 0.5, "n": 10, "counts": None}, True),
    ({"value": 0.5}, False),
    ({"n": 10}, False),
    ({}, False),
    ({"counts": [1, 2, 3, 4, 5], "n": 15}, False),
    ({"counts": [1, 2, 3, 4, 5], "value": None, "n": None}, True),
])
def test_schema_publishes_the_same_csat_forms(score, valid):
    data = one_score("csat", score)
    assert jsonschema.Draft202012Validator(json_schema()).is_valid(data) is valid
    model_errors = [d for d in check(json.dumps(data)) if d.code in ("JM101", "JM102")]
    assert (not model_errors) is valid


@pytest.mark.parametrize("score, code", [
    ({"promoters": 5, "passives": 1, "detractors": 50}, None),
    ({"promoters": 5, "detractors": 50}, "JM101"),
    ({"promoters": 5, "passives": 1, "detractors": 50, "counts": [1] * 11}, "JM102"),
    ({"value": 10, "n": 5, "promoters": 1}, "JM102"),
])
def test_nps_groups_need_all_three_and_nothing_else(score, code):
    data = one_score("nps", score)
    found = [d.code for d in check(json.dumps(data)) if d.code in ("JM101", "JM102")]
    assert found == ([code] if code else [])
    assert jsonschema.Draft202012Validator(json_schema()).is_valid(data) is (code is None)
