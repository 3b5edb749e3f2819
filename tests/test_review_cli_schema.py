"""Every file jmap writes points its editor at the schema address the README documents."""

from __future__ import annotations

import re

import pytest

from journeymap.outputs.mermaid import journey_to_map, map_yaml, parse_journey
from journeymap.templates import NAMES, template_text

from helpers import ROOT


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
