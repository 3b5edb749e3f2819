"""Generated artefacts kept in the repository must be current."""

import json

from journeymap.checks.codes import codes_markdown
from journeymap.model.definition import json_schema

from helpers import ROOT


def test_committed_schema_is_current():
    committed = json.loads((ROOT / "schema" / "jmap.schema.json").read_text())
    assert committed == json_schema(), "run `make schema` and commit schema/jmap.schema.json"


def test_readme_rule_reference_is_current():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("<!-- rules:start -->\n", 1)[1].split("<!-- rules:end -->", 1)[0]
    assert section == codes_markdown(), "regenerate the README rules section from journeymap.checks.codes"


def test_the_readme_suppression_example_silences_what_it_says(tmp_path):
    from typer.testing import CliRunner

    from journeymap.cli import app

    path = tmp_path / "m.jmap.yaml"
    path.write_text(
        "jmap: 1\njourney: {id: j, title: J}\nchannels: [web]\nstages:\n  - id: s\n    name: S\n"
        "    touchpoints:\n"
        "      - id: returns-portal          # jmap: disable=JM303  (this line)\n"
        "        name: Returns portal\n        channel: web\n        satisfaction:\n"
        "          # jmap: disable=JM305,JM310   (a comment alone: the next line with content)\n"
        "          csat: {counts: [4, 3, 2, 1, 5]}\n")
    unsuppressed = path.read_text().replace("# jmap: disable", "# note")
    assert "(JM303)" in CliRunner().invoke(app, ["validate", "-f", "parsable", "-"], input=unsuppressed).stdout
    result = CliRunner().invoke(app, ["validate", str(path), "--strict", "-f", "parsable"])
    assert (result.exit_code, result.stdout) == (0, "")


def test_readme_generated_sections_are_current():
    """`make readme` would change nothing: the rule reference and the --format table match their sources."""
    from tools.readme import regenerate

    readme = (ROOT / "README.md").read_text()
    assert regenerate(readme) == readme, "run `make readme` and commit README.md"


def test_readme_format_table_lists_what_the_cli_accepts():
    from journeymap.outputs.registry import REGISTRIES
    from tools.readme import formats

    table = formats()
    for registry in REGISTRIES.values():
        for name in registry.names:
            assert f"| `jmap {registry.command}` | `{name}` |" in table


def test_a_missing_section_marker_is_an_error():
    import pytest

    from tools.readme import regenerate

    with pytest.raises(ValueError, match="formats:start"):
        regenerate("<!-- rules:start -->\n<!-- rules:end -->\n")
