"""The events that observe a touchpoint (`events`), `conversion: true`, and JM205."""

import jsonschema
import pytest

from helpers import check
from journeymap.model.definition import json_schema
from helpers import ONE_TOUCHPOINT as HEAD, validate_touchpoint as _map
from helpers.quick import agree, one_touchpoint


@pytest.mark.parametrize("touchpoint, valid", [
    ({"events": ["add_to_cart"]}, True),
    ({"events": [{"name": "page_view", "where": {"page_path": "/cart*"}}]}, True),
    ({"events": [{"name": "page_view", "wher": {}}]}, False),
    ({"events": [{"name": ""}]}, False),
    ({"events": "add_to_cart"}, False),
    ({"events": [{"name": "v", "where": {"page": 3}}]}, False),
    ({"conversion": True}, True),
    ({"conversion": "yes"}, False),
])
def test_events_and_conversion_quick_path_model_and_schema_agree(touchpoint, valid):
    data = one_touchpoint(**touchpoint)
    quick, slow = agree(data)
    assert (slow is not None) == valid == (quick is not None)
    assert jsonschema.Draft202012Validator(json_schema()).is_valid(data) == valid


def test_plain_event_names_are_shorthand_for_name_mappings():
    result = _map("        events: [add_to_cart, {name: page_view, where: {page_path: /cart*}}]\n        conversion: true\n")
    tp = result.map.stages[0].touchpoints[0]
    assert [(e.name, e.where) for e in tp.events] == [("add_to_cart", None), ("page_view", {"page_path": "/cart*"})]
    assert tp.conversion is True


def test_an_unknown_key_in_an_event_has_did_you_mean():
    [d] = check(HEAD + "        events: [{name: page_view, wher: {page_path: /cart}}]\n")
    assert (d.code, d.line, d.message) == ("JM103", 12, "unknown field 'wher' (did you mean 'where'?)")


@pytest.mark.parametrize("second, claimed", [
    ("[view]", True),  # the same plain name
    ("[{name: view, where: {page: /b*}}]", True),  # the plain claim takes every `view`
    ("[{name: view, where: {page: /a*}}]", False),  # different patterns: the first in map order wins at measure time
    ("[other]", False),
])
def test_an_event_claimed_by_two_touchpoints_is_jm205(second, claimed):
    first = "[view]" if second == "[view]" or "/b*" in second else "[{name: view, where: {page: /b*}}]"
    if second == "[other]":
        first = "[view]"
    text = HEAD + f"        events: {first}\n      - id: b\n        name: B\n        channel: web\n        owner: team\n        events: {second}\n"
    found = [(d.code, d.line, d.column, d.message) for d in check(text) if d.code == "JM205"]
    if claimed:
        assert found and found[0][:3] == ("JM205", 17, 18)
        assert found[0][3].endswith("is already claimed by touchpoint 'a'")
    else:
        assert found == []
