"""Property-based tests: random and mutated maps never raise; every outcome is a diagnostic.

The budget is modest here (`make test`); `make fuzz` runs the same properties far longer.
"""

import json

import jsonschema
import yaml
from hypothesis import assume, given, strategies as st

from journeymap.checks.codes import all_codes
from journeymap.model.definition import json_schema
from journeymap.checks.validation import validate_bytes

from helpers.mutations import FUZZ, mutated_maps

KNOWN_CODES = set(all_codes())
SCHEMA_VALIDATOR = jsonschema.Draft202012Validator(json_schema())


def outcome_is_clean(raw: bytes):
    result = validate_bytes(raw, "fuzz.jmap.yaml")
    for d in result.diagnostics:
        assert d.code in KNOWN_CODES, d
        assert d.line >= 1 and d.column >= 1
        assert d.message
    return result


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_never_raise(raw):
    outcome_is_clean(raw)


@FUZZ
@given(st.text(alphabet=st.sampled_from(list("{}[]:-,&*!|>'\"#%@` \n\tabc01.~<?=")), max_size=300))
def test_yaml_punctuation_soup_never_raises(text):
    outcome_is_clean(text.encode())


@FUZZ
@given(mutated_maps())
def test_mutated_maps_never_raise(data):
    raw = yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode()
    outcome_is_clean(raw)


STRUCTURAL = {"JM101", "JM102", "JM103", "JM105", "JM106"}


def _on_a_default_scale(finding, data) -> bool:
    """A JM104 the schema states too: counts or an emotion off a scale the map does not declare."""
    path = finding.path
    if "counts" in path:
        scale = path[path.index("counts") - 1]
    elif "emotion" in path:
        scale = "emotion"
    else:
        return False
    declared = data.get("scales") if isinstance(data.get("scales"), dict) else {}
    return scale not in declared


@FUZZ
@given(mutated_maps())
def test_schema_and_validator_agree_on_structure(data):
    """What the published schema accepts, the model accepts, and the other way round."""
    raw = json.dumps(data, ensure_ascii=False).encode()  # JSON is YAML: no scalar-resolution differences
    result = validate_bytes(raw, "fuzz.jmap.yaml")
    assume(result.document.data is not None)  # libyaml refuses some characters JSON allows
    model_rejects = any(d.code in STRUCTURAL or (d.code == "JM104" and (result.map is None or _on_a_default_scale(d, data)))
                        for d in result.diagnostics)
    schema_rejects = not SCHEMA_VALIDATOR.is_valid(json.loads(raw))
    assert model_rejects == schema_rejects, [(d.code, d.message) for d in result.diagnostics]
