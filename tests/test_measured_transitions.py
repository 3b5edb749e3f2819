"""`measured: undeclared` is user input like the rest of the map: the quick path, the model, the
JSON Schema and the rules agree on any list of transitions (property-based), and the errors are exact."""

import json

import jsonschema
from hypothesis import given, settings, strategies as st

from journeymap.checks.validation import validate_bytes
from journeymap.model.definition import json_schema

from helpers.quick import agree

IDS = ["a", "b", "c"]
SHAPE_CODES = {"JM101", "JM102", "JM103", "JM104", "JM105"}
SCHEMA = jsonschema.Draft202012Validator(json_schema())


def with_transitions(transitions) -> dict:
    return {"jmap": 1, "journey": {"id": "j", "title": "J"}, "channels": ["web"],
            "stages": [{"id": "s", "name": "S", "touchpoints": [
                {"id": i, "name": i.upper(), "channel": "web", "owner": "t", "next": [n]}
                for i, n in zip(IDS, IDS[1:] + ["a"])]}],
            "measured": {"sessions": 100, "undeclared": transitions}}


# not "a\n": Python's `$` matches before a final newline, so jsonschema in Python accepts it where
# the schema's own regex dialect (ECMA 262) and jmap refuse it
ID_VALUES = st.one_of(st.sampled_from(IDS + ["zz", "bb"]), st.sampled_from(["", "A", "a b", "a\nb"]),
                      st.integers(0, 3), st.none())
COUNTS = st.one_of(st.integers(-2, 12), st.just(5.0), st.just(2.5), st.booleans(), st.none(), st.just("5"))


def whole(value):
    """A count as the format reads it (5 and 5.0; not True, 2.5 or "5"), else None."""
    if type(value) is int or (type(value) is float and value.is_integer()):
        return int(value)
    return None


@st.composite
def transition(draw):
    item = {"from": draw(ID_VALUES), "to": draw(ID_VALUES), "sessions": draw(COUNTS), "reached": draw(COUNTS)}
    for key in draw(st.lists(st.sampled_from(list(item)), max_size=1)):
        del item[key]
    if draw(st.integers(0, 9)) == 0:
        item["share"] = 0.5  # not a key of the format
    return item


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.lists(transition(), max_size=3), st.none(), st.just("x"), st.just([1])))
def test_quick_path_model_schema_and_rules_agree(transitions):
    data = with_transitions(transitions)
    quick, slow = agree(data)
    found = validate_bytes(json.dumps(data).encode(), "m.jmap.yaml").diagnostics
    shape = {d.code for d in found} & SHAPE_CODES
    assert (slow is not None) == (not shape)
    counted = [t for t in transitions if isinstance(t, dict)] if isinstance(transitions, list) else []
    over = any(whole(t.get("sessions")) is not None and whole(t.get("reached")) is not None
               and whole(t["sessions"]) > whole(t["reached"]) >= 1 for t in counted)
    # the schema says what one transition may hold; more sessions than reached is the rule's (JM104)
    assert SCHEMA.is_valid(data) == (not shape or (shape == {"JM104"} and over))
    if slow is not None:
        known = {t["from"] for t in transitions} | {t["to"] for t in transitions}
        unknown = sum(end not in IDS for t in transitions for end in (t["from"], t["to"]))
        assert [d.code for d in found].count("JM207") == unknown, (known, found)
        assert [t.ends for t in slow.measured.undeclared] == [(t["from"], t["to"]) for t in transitions]


def test_a_share_or_a_misspelt_key_is_an_unknown_field_at_its_line():
    text = json.dumps(with_transitions([{"from": "a", "to": "c", "sessions": 1, "reached": 4, "sesions": 1}]))
    [d] = [d for d in validate_bytes(text.encode(), "m.jmap.yaml").diagnostics if d.code == "JM103"]
    assert "did you mean 'sessions'" in d.message and d.path_text == "measured.undeclared[0].sesions"
