"""The map's shape is defined once (journeymap/model/records.py): a field added there reaches the
records, the quick path, the pydantic diagnostics and the published JSON Schema, and nothing else
needs to change."""

import json
import shutil
import subprocess
import sys
import textwrap

import pytest

from journeymap.load.config import TARGET_RANGES
from journeymap.model import definition, kinds, quick, records

from helpers import ONE_TOUCHPOINT, ROOT

TOUCHPOINT = "class Touchpoint(Record):\n"
NEW_FIELD = '    loyalty_tier = field(Choice("gold", "silver"), "Loyalty programme tier served here.", default=None)\n'

TIER_LINE = "        loyalty_tier: TIER\n"
MAP = ONE_TOUCHPOINT + TIER_LINE

PROBE = textwrap.dedent("""
    import json, sys
    import yaml
    from journeymap.model import quick, records
    from journeymap.checks.validation import validate_bytes
    good, bad = sys.argv[1].replace("TIER", "gold"), sys.argv[1].replace("TIER", "bronze")
    record = quick.build(yaml.safe_load(good))
    quick_path_pydantic = "pydantic" in sys.modules
    broken = validate_bytes(bad.encode(), "m.jmap.yaml")
    from journeymap.model.definition import json_schema
    print(json.dumps({
        "read_from": records.__file__,
        "fields": records.Touchpoint.FIELDS,
        "quick": record.stages[0].touchpoints[0].loyalty_tier,
        "quick_path_pydantic": quick_path_pydantic,
        "refused_by_quick_path": quick.build(yaml.safe_load(bad)) is None,
        # errors only: the rest of the map is checked too (one run shows every problem), its warnings aside
        "diagnostics": [[d.code, d.line, d.column, d.message] for d in broken.diagnostics
                        if d.severity.label == "error"],
        "schema": json_schema()["$defs"]["Touchpoint"]["properties"]["loyalty_tier"],
    }))
""")


def test_a_field_added_in_one_line_reaches_records_quick_path_diagnostics_and_schema(tmp_path):
    """Copy the package, add one line to the Touchpoint record, and ask every face of the shape."""
    shutil.copytree(ROOT / "journeymap", tmp_path / "journeymap", ignore=shutil.ignore_patterns("__pycache__"))
    definition_file = tmp_path / "journeymap" / "model" / "records.py"
    source = definition_file.read_text()
    assert source.count(TOUCHPOINT) == 1
    definition_file.write_text(source.replace(TOUCHPOINT, TOUCHPOINT + NEW_FIELD))

    done = subprocess.run([sys.executable, "-c", PROBE, MAP], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                          env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)

    assert seen["read_from"] == str(definition_file)
    assert seen["fields"][:2] == ["loyalty_tier", "id"]
    assert seen["quick"] == "gold" and seen["quick_path_pydantic"] is False
    assert seen["refused_by_quick_path"] is True
    line = ONE_TOUCHPOINT.count("\n") + 1
    assert [d[:3] for d in seen["diagnostics"]] == [["JM102", line, TIER_LINE.index("TIER") + 1]]
    assert seen["diagnostics"][0][3] == "'loyalty_tier': input should be 'gold' or 'silver' (got 'bronze')"
    assert seen["schema"] == {"anyOf": [{"enum": ["gold", "silver"], "type": "string"}, {"type": "null"}],
                              "default": None, "description": "Loyalty programme tier served here.",
                              "title": "Loyalty Tier"}


def test_the_published_schema_is_byte_identical_to_the_committed_copy():
    assert definition.schema_text() == (ROOT / "schema" / "jmap.schema.json").read_text(encoding="utf-8")


def _sample(kind_class):
    """A small instance of every kind, to ask both readers about it."""
    return {kinds.Pattern: kinds.Pattern(r"^a$", 3), kinds.Text: kinds.Text(), kinds.Number: kinds.Number(0, 1),
            kinds.Whole: kinds.Whole(0, 9), kinds.Flag: kinds.Flag(), kinds.Choice: kinds.Choice("a", "b"),
            kinds.Version: kinds.Version(1), kinds.ListOf: kinds.ListOf(kinds.Flag()),
            kinds.MapOf: kinds.MapOf(kinds.Text(), kinds.Flag()), kinds.OneOf: kinds.OneOf(kinds.Flag(), kinds.Text()),
            kinds.Shorthand: kinds.Shorthand(records.Channel, kinds.Text(), records.channel_from_id)}[kind_class]


@pytest.mark.parametrize("kind_class", kinds.Kind.__subclasses__(), ids=lambda cls: cls.__name__)
def test_every_kind_is_understood_by_the_quick_path_and_by_pydantic(kind_class):
    kind = _sample(kind_class)
    assert callable(quick.checker(kind))
    assert definition.annotation(kind, definition.MODELS) is not None


@pytest.mark.parametrize("kind, good, bad", [
    (kinds.Flag(), True, 1),  # 1 is not true to a strict model
    (kinds.Choice("higher", "lower"), "lower", "Lower"),
    (kinds.Pattern(records.SLUG_PATTERN, 5), "ab-c", "ab-cde"),
    (kinds.Whole(1, 3), 2.0, 0),
    (kinds.Number(0), 0, -0.5),
    (kinds.MapOf(kinds.Text(empty_ok=False), kinds.Number()), {"a": 1}, {"": 1}),
    (kinds.OneOf(kinds.Number(), kinds.ListOf(kinds.Text())), ["x"], [1]),
])
def test_each_kind_takes_and_refuses_the_same_values_on_both_paths(kind, good, bad):
    from pydantic import TypeAdapter, ValidationError

    adapter = TypeAdapter(definition.annotation(kind, definition.MODELS), config={"strict": True})
    assert quick.checker(kind)(good) == adapter.validate_python(good)
    with pytest.raises(ValidationError):
        adapter.validate_python(bad)
    with pytest.raises(quick._Doubt):
        quick.checker(kind)(bad)


def test_the_configurations_target_ranges_are_the_maps():
    assert TARGET_RANGES == {"csat": (0, 1), "nps": (-100, 100), "ces": (None, None)}
    assert list(TARGET_RANGES) == list(records.Targets.FIELDS)
