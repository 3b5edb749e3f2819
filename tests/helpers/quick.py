"""The quick path (`model/quick.py`, no pydantic) held to the model: what the tests of both share."""

from __future__ import annotations

from pydantic import ValidationError

from journeymap.model import definition as model
from journeymap.model import quick as quick_model
from journeymap.model import records


def by_model(data):
    """What pydantic makes of `data`, as records; None when it rejects it."""
    try:
        return records.from_model(model.JourneyMap.model_validate(data))
    except ValidationError:
        return None


def agree(data):
    """(quick, model) records of `data`, after checking the quick path accepted nothing the model rejects."""
    quick = quick_model.build(data)
    slow = by_model(data)
    if quick is not None:
        assert slow is not None, "the quick path accepted a map the model rejects"
        assert quick == slow
        assert repr(quick) == repr(slow)  # same types too: 1.0 is not 1 in a repr
    return quick, slow


def one_touchpoint(**touchpoint) -> dict:
    """A map (as data) of one stage and one touchpoint `t` with these fields."""
    return {"jmap": 1, "journey": {"id": "j", "title": "J"},
            "stages": [{"id": "s", "name": "S", "touchpoints": [{"id": "t", "name": "T", "channel": "web", **touchpoint}]}]}
