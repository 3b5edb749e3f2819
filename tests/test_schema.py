import json
from pathlib import Path

from journeymap.model.definition import json_schema

ADDRESS = "https://raw.githubusercontent.com/jmap-dev/jmap/main/schema/jmap.schema.json"


def test_schema_id_is_the_documented_address():
    assert json_schema()["$id"] == ADDRESS
    published = Path(__file__).resolve().parent.parent / "schema" / "jmap.schema.json"
    assert json.loads(published.read_text())["$id"] == ADDRESS
