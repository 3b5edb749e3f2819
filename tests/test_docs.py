"""Generated artefacts kept in the repository must be current."""

import json

from journeymap.codes import codes_markdown
from journeymap.model import json_schema

from conftest import ROOT


def test_committed_schema_is_current():
    committed = json.loads((ROOT / "schema" / "jmap.schema.json").read_text())
    assert committed == json_schema(), "run `make schema` and commit schema/jmap.schema.json"


def test_readme_rule_reference_is_current():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("<!-- rules:start -->\n", 1)[1].split("<!-- rules:end -->", 1)[0]
    assert section == codes_markdown(), "regenerate the README rules section from journeymap.codes"
