"""The published schema holds the default scales where a map declares none, so that an editor
with the schema alone catches what JM104 reports: 4 CSAT counts, an emotion of 3."""

import copy
import json

import jsonschema
import yaml
from hypothesis import given, settings, strategies as st

from helpers import ROOT, SAMPLE
from journeymap.load.settings import Settings
from journeymap.checks.validation import validate_bytes

SCHEMA = json.loads((ROOT / "schema" / "jmap.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
BASE = yaml.safe_load(SAMPLE.read_text())


def sample(**touchpoint) -> dict:
    """The sample map with the first touchpoint (instagram-ad) changed."""
    data = copy.deepcopy(BASE)
    data["stages"][0]["touchpoints"][0].update(touchpoint)
    return data


def rejected(data) -> bool:
    return any(True for _ in VALIDATOR.iter_errors(data))


def jm104(data) -> bool:
    raw = json.dumps(data).encode()  # JSON is YAML
    return "JM104" in {d.code for d in validate_bytes(raw, "map.jmap.yaml", Settings()).diagnostics}


def test_the_sample_map_passes():
    assert not rejected(BASE)


def test_four_csat_counts_on_the_default_scale_are_rejected():
    assert rejected(sample(satisfaction={"csat": {"counts": [6, 20, 50, 40]}}))


def test_an_emotion_of_3_is_rejected_for_everyone_or_for_one_persona():
    assert rejected(sample(emotion=3))
    assert rejected(sample(emotion={"new-visitor": 3}))
    assert not rejected(sample(emotion={"new-visitor": -2}))


def test_nps_and_ces_counts_follow_their_default_scales():
    assert rejected(sample(satisfaction={"nps": {"counts": [1] * 10}}))
    assert not rejected(sample(satisfaction={"nps": {"counts": [1] * 11}}))
    assert rejected(sample(satisfaction={"ces": {"counts": [1] * 5}}))
    assert not rejected(sample(satisfaction={"ces": {"counts": [1] * 7}}))


def test_a_declared_scale_lifts_its_own_default_only():
    data = sample(satisfaction={"csat": {"counts": [6, 20, 50, 40]}, "ces": {"counts": [1] * 5}}, emotion=3)
    data["scales"] = {"csat": {"min": 1, "max": 4}, "emotion": {"min": -3, "max": 3}}
    problems = [list(error.absolute_path) for error in VALIDATOR.iter_errors(data)]
    assert problems == [["stages", 0, "touchpoints", 0, "satisfaction", "ces", "counts"]]  # CES stays 1-7
    data["scales"]["ces"] = {"min": 1, "max": 5}
    assert not rejected(data)


@settings(max_examples=60, deadline=None)
@given(metric=st.sampled_from(["csat", "nps", "ces"]), size=st.integers(2, 12),  # a 1-answer scale is JM104 itself
       emotion=st.integers(-4, 4), declare=st.booleans())
def test_the_schema_and_the_validator_agree_on_scales(metric, size, emotion, declare):
    """On the default scales the schema rejects exactly what JM104 reports; a declared scale
    is the validator's alone to check (a schema cannot compare a count with a declared range)."""
    data = sample(satisfaction={metric: {"counts": [3] * size}}, emotion=emotion)
    if declare:
        data["scales"] = {metric: {"min": 1, "max": size}, "emotion": {"min": -4, "max": 4}}
        assert not rejected(data)
    else:
        assert rejected(data) == jm104(data)
