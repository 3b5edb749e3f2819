"""The quick path (`quick_model`, no pydantic) and the model (`model.py`, pydantic) must agree.

The quick path may give up on a valid map (pydantic then builds it), but it must never accept
a map the model rejects, and what it builds must equal what the model builds.
"""

import copy
import math
import sys

import pytest
import yaml
from hypothesis import given, strategies as st

from journeymap.model import definition as model


from journeymap.model import records
from journeymap.load.loader import load
from journeymap.checks.validation import validate_bytes

from helpers import ROOT, SAMPLE
from helpers.quick import agree, one_touchpoint
from helpers.mutations import FUZZ, SAMPLE_DATA, mutated_maps, parent, paths

sys.path.insert(0, str(ROOT / "bench"))
from genmap import generate  # noqa: E402

MODELS = [cls for cls in vars(model).values()
          if isinstance(cls, type) and issubclass(cls, model.Strict) and cls is not model.Strict]


@pytest.mark.parametrize("pydantic_model", MODELS, ids=lambda cls: cls.__name__)
def test_records_have_the_models_fields_in_order_with_the_same_defaults(pydantic_model):
    record = records.RECORDS[pydantic_model.__name__]
    assert record.FIELDS == tuple(pydantic_model.model_fields)
    for name, info in pydantic_model.model_fields.items():
        default = record._DEFAULTS[name]
        if info.is_required():
            assert default is records._REQUIRED, name
        elif info.default_factory is not None:
            assert isinstance(default, records._Fresh) and default.make() == info.default_factory(), name
        else:
            assert records.from_model(info.default) == default, name


def test_every_model_has_a_record_and_back():
    assert {cls.__name__ for cls in MODELS} == set(records.RECORDS)


def test_the_sample_and_generated_maps_take_the_quick_path():
    for text in (SAMPLE.read_text(), generate(40)):
        data = load(text.encode(), "m.jmap.yaml").data
        quick, slow = agree(data)
        assert quick is not None and quick == slow


@pytest.mark.parametrize("touchpoint, quick_takes_it, valid", [
    ({}, True, True),
    ({"reach": 5.0}, True, True),  # a whole float is a count
    ({"reach": 5.5}, False, False),
    ({"reach": True}, False, False),  # a bool is not a number
    ({"reach": 10**15 + 1}, False, False),
    ({"emotion": 1}, True, True),  # an int where a float is due becomes 1.0
    ({"emotion": {"a": -2, "b": 0.5}}, True, True),
    ({"emotion": math.nan}, False, False),
    ({"emotion": math.inf}, False, False),
    ({"emotion": 10**400}, False, False),
    ({"satisfaction": {"csat": {"counts": [1.0, 2, 3, 4, 5]}}}, True, True),
    ({"satisfaction": {"csat": {"value": 0.5}}}, False, False),  # JM101
    ({"satisfaction": {"csat": {"value": 0.5, "n": 3, "counts": [1]}}}, False, False),  # JM102
    ({"satisfaction": {"nps": {"promoters": 1, "passives": 2, "detractors": 3}}}, True, True),
    ({"satisfaction": {"nps": {"value": 101, "n": 3}}}, False, False),
    ({"satisfaction": {"ces": {"value": 9, "n": 3}}}, True, True),
    ({"kpis": {"conversion": {"value": 0.1, "better": "higher"}}}, True, True),
    ({"kpis": {"conversion": {"value": 0.1, "better": "up"}}}, False, False),
    ({"next": ["a\n"]}, False, False),  # `$` would let the newline through
    ({"next": ["a" * 81]}, False, False),
    ({"pains": [""]}, False, False),
    ({"pains": None}, False, False),
    ({"personas": None}, True, True),
    ({"nmae": "x"}, False, False),
    ({"name": "\ud83d\ude00 shop"}, False, False),  # lone surrogates: pydantic refuses them in a Text
    ({"pains": ["\ud800"]}, False, False),
    ({"description": "\ud800"}, True, True),  # ... but not in a plain string
    ({"lanes": {"doing": "Compares sizes"}}, True, True),
    ({"lanes": {"doing": ["Compares sizes", "Reads reviews"]}}, True, True),
    ({"lanes": {"doing": ""}}, False, False),
    ({"lanes": {"doing": [""]}}, False, False),
    ({"lanes": {"Doing": "x"}}, False, False),  # lane ids are slugs
    ({"lanes": {"doing": 3}}, False, False),
    ({"lanes": ["doing"]}, False, False),
    ({"lanes": None}, False, False),
])
def test_edge_values(touchpoint, quick_takes_it, valid):
    quick, slow = agree(one_touchpoint(**touchpoint))
    assert (quick is not None) == quick_takes_it
    assert (slow is not None) == valid


def test_what_the_quick_path_leaves_to_the_model_still_validates():
    data = one_touchpoint()
    data["jmap"] = 1.0  # the model takes 1.0 for version 1; the quick path does not vouch for it
    quick, slow = agree(data)
    assert quick is None and slow is not None
    result = validate_bytes(b"jmap: 1.0\njourney: {id: j, title: J}\nstages: [{id: s, name: S}]\n", "m.jmap.yaml")
    assert result.usable and isinstance(result.map, records.JourneyMap)


NUMBERS = st.one_of(st.integers(-3, 12), st.floats(-3, 12).map(lambda x: round(x, 1)), st.just(5.0),
                    st.just(math.nan), st.just(math.inf), st.just(10**16), st.just(10**300), st.integers(-2**70, 2**70),
                    st.booleans(), st.none(), st.just("5"))


@st.composite
def renumbered_maps(draw):
    """The sample with numbers replaced: the quick path's own conversions are where it could drift."""
    data = copy.deepcopy(SAMPLE_DATA)
    numeric = [p for p in paths(data) if p and isinstance(parent(data, p)[p[-1]], (int, float))]
    for path in draw(st.lists(st.sampled_from(numeric), min_size=1, max_size=4)):
        parent(data, path)[path[-1]] = draw(NUMBERS)
    return data


LANE_VALUES = st.one_of(st.text(max_size=6), st.lists(st.text(max_size=4), max_size=3), st.integers(), st.none(),
                        st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2))


@FUZZ
@given(st.dictionaries(st.sampled_from(["doing", "thinking", "Doing", "a b", ""]), LANE_VALUES, max_size=3),
       st.lists(st.one_of(st.sampled_from(["doing", "thinking", "Bad", ""]),
                          st.fixed_dictionaries({"id": st.sampled_from(["doing", "x y"])},
                                                optional={"name": st.one_of(st.text(max_size=4), st.none(), st.integers()),
                                                          "extra": st.none()}),
                          st.integers(), st.none()), max_size=3),
       st.fixed_dictionaries({}, optional={"goals": st.one_of(st.lists(st.text(max_size=4), max_size=2), st.text(), st.none()),
                                           "quote": st.one_of(st.text(max_size=4), st.none(), st.integers())}))
def test_quick_path_and_model_agree_on_lanes_and_persona_cards(texts, declared, card):
    data = one_touchpoint(lanes=texts)
    data["lanes"] = declared
    data["personas"] = [{"id": "p", "name": "P", **card}]
    agree(data)


@FUZZ
@given(mutated_maps())
def test_quick_path_and_model_agree_on_mutated_maps(data):
    agree(data)


@FUZZ
@given(renumbered_maps())
def test_quick_path_and_model_agree_on_renumbered_maps(data):
    agree(data)


@FUZZ
@given(mutated_maps())
def test_quick_path_agrees_through_yaml_too(data):
    """From text, as the commands see it: the loader's scalars, not Python's."""
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    document = load(text.encode(), "m.jmap.yaml")
    if document.data is not None:
        agree(document.data)
