"""Property-based tests: random and mutated maps never raise; every outcome is a diagnostic.

The budget is modest here (`make test`); `make fuzz` runs the same properties far longer.
"""

import copy
import json
import os

import jsonschema
import yaml
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from journeymap.checks.codes import all_codes
from journeymap.model.definition import json_schema
from journeymap.checks.validation import validate_bytes

from conftest import SAMPLE

KNOWN_CODES = set(all_codes())
EXAMPLES = int(os.environ.get("JMAP_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
SAMPLE_DATA = yaml.safe_load(SAMPLE.read_text())
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


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, prefix + (i,))


ALL_PATHS = [p for p in _paths(SAMPLE_DATA) if p]
REPLACEMENTS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**30, 10**30), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30), st.lists(st.integers(-3, 300), max_size=12),
    st.dictionaries(st.sampled_from(["id", "name", "channel", "value", "n", "counts", "x"]), st.integers(-2, 5), max_size=3),
    st.just("<script>alert(1)</script>"), st.just("a" * 5000), st.just("]; a -> b ["),
)


def _parent(data, path):
    for part in path[:-1]:
        data = data[part]
    return data


@st.composite
def mutated_maps(draw):
    data = copy.deepcopy(SAMPLE_DATA)
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(data) if p]
        path = draw(st.sampled_from(paths))
        parent, last = _parent(data, path), path[-1]
        action = draw(st.sampled_from(["delete", "replace", "duplicate", "swap", "rename"]))
        if action == "delete":
            del parent[last]
        elif action == "replace":
            parent[last] = draw(REPLACEMENTS)
        elif action == "duplicate" and isinstance(parent, list):
            parent.insert(last, copy.deepcopy(parent[last]))
        elif action == "swap":
            other = draw(st.sampled_from(paths))
            other_parent = _parent(data, other)
            if other[:len(path)] != path and path[:len(other)] != other:
                parent[last], other_parent[other[-1]] = copy.deepcopy(other_parent[other[-1]]), copy.deepcopy(parent[last])
        elif action == "rename" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["satisfacton", "nmae", "id", "next", "owner", "Stages"]))] = parent.pop(last)
    return data


@FUZZ
@given(mutated_maps())
def test_mutated_maps_never_raise(data):
    raw = yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode()
    outcome_is_clean(raw)


STRUCTURAL = {"JM101", "JM102", "JM103", "JM105", "JM106"}


@FUZZ
@given(mutated_maps())
def test_schema_and_validator_agree_on_structure(data):
    """What the published schema accepts, the model accepts, and the other way round."""
    raw = json.dumps(data, ensure_ascii=False).encode()  # JSON is YAML: no scalar-resolution differences
    result = validate_bytes(raw, "fuzz.jmap.yaml")
    assume(result.document.data is not None)  # libyaml refuses some characters JSON allows
    model_rejects = any(d.code in STRUCTURAL or (d.code == "JM104" and result.map is None) for d in result.diagnostics)
    schema_rejects = not SCHEMA_VALIDATOR.is_valid(json.loads(raw))
    assert model_rejects == schema_rejects, [(d.code, d.message) for d in result.diagnostics]
