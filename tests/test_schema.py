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
