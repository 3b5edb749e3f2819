"""Check a loaded map against the model's rules and build its records, without pydantic.

This is the path of a valid map. It never explains a problem: at the first doubt it gives up
(returns None), and `validation.py` asks pydantic (`model.py`), whose errors become the
diagnostics. So it may be stricter than the model, never looser, and must build the same
values; tests/test_quick_model.py holds it to that on random and mutated maps.
"""

from __future__ import annotations

import math
import re
from typing import Optional

from journeymap.model import records as r
from journeymap.base.textsafe import has_lone_surrogate

_SLUG = re.compile(r.SLUG_PATTERN.rstrip("$") + r"\Z")  # `$` would let a trailing newline through
_PERIOD = re.compile(r.PERIOD_PATTERN.replace("$", r"\Z"))


class _Doubt(Exception):
    """Something the quick path will not vouch for: pydantic decides."""


def build(data) -> Optional[r.JourneyMap]:
    """The map's records when `data` is certainly valid, else None."""
    try:
        return _journey_map(data)
    except _Doubt:
        return None


def _mapping(value, allowed: frozenset, required: tuple = ()) -> dict:
    if type(value) is not dict or not value.keys() <= allowed:
        raise _Doubt
    for key in required:
        if key not in value:
            raise _Doubt
    return value


def _text(value, empty_ok: bool = True) -> str:
    """`empty_ok=False` is the model's `Text`: a constrained string, where pydantic also refuses
    lone surrogates (a pure-Python YAML parser makes them from an escaped `\\ud83d\\ude00`)."""
    if type(value) is not str:
        raise _Doubt
    if not empty_ok and (not value or has_lone_surrogate(value)):
        raise _Doubt
    return value


def _optional_text(value) -> Optional[str]:
    return None if value is None else _text(value)


def _nonempty(value) -> Optional[str]:
    return None if value is None else _text(value, empty_ok=False)


def _slug(value) -> str:
    if type(value) is not str or len(value) > r.SLUG_MAX_LENGTH or not _SLUG.match(value):
        raise _Doubt
    return value


def _number(value, low: float = -math.inf, high: float = math.inf) -> float:
    """A float field in strict mode: a float or an int (not a bool), finite, within bounds."""
    if type(value) is int:
        try:
            value = float(value)
        except OverflowError:
            raise _Doubt from None
    elif type(value) is not float:
        raise _Doubt
    if not (low <= value <= high) or math.isinf(value):  # NaN fails the comparison
        raise _Doubt
    return value


def _optional_number(value, low: float = -math.inf, high: float = math.inf) -> Optional[float]:
    return None if value is None else _number(value, low, high)


def _whole(value, low: int, high: int) -> int:
    value = r.whole_float_to_int(value)
    if type(value) is not int or not (low <= value <= high):
        raise _Doubt
    return value


def _count(value) -> int:
    return _whole(value, 0, r.MAX_COUNT)


def _optional_count(value) -> Optional[int]:
    return None if value is None else _count(value)


def _list(value) -> list:
    if type(value) is not list:
        raise _Doubt
    return value


def _make(record, values: dict):
    """A frozen record filled without its __init__ (which sets each field through object.__setattr__)."""
    made = record.__new__(record)
    made.__dict__.update(values)
    return made


_JOURNEY = frozenset(r.Journey.FIELDS)


def _journey(value) -> r.Journey:
    value = _mapping(value, _JOURNEY, ("id", "title"))
    period = r.year_to_text(value.get("period"))
    if period is not None and (type(period) is not str or not _PERIOD.match(period)):
        raise _Doubt
    return _make(r.Journey, {"id": _slug(value["id"]), "title": _text(value["title"], empty_ok=False),
                             "owner": _optional_text(value.get("owner")),
                             "description": _optional_text(value.get("description")),
                             "period": period,
                             "value_per_customer": _optional_number(value.get("value_per_customer"), 0),
                             "value_per_order": _optional_number(value.get("value_per_order"), 0),
                             "currency": _optional_text(value.get("currency"))})


_TARGETS = frozenset(r.Targets.FIELDS)


def _targets(value) -> r.Targets:
    value = _mapping(value, _TARGETS)
    return _make(r.Targets, {"csat": _optional_number(value.get("csat"), 0, 1),
                             "nps": _optional_number(value.get("nps"), -100, 100),
                             "ces": _optional_number(value.get("ces"))})


def _optional_targets(value) -> Optional[r.Targets]:
    return None if value is None else _targets(value)


_SCALE = frozenset(r.Scale.FIELDS)


def _scale(value) -> r.Scale:
    value = _mapping(value, _SCALE, ("min", "max"))
    return _make(r.Scale, {"min": _whole(value["min"], -r.MAX_ANSWER, r.MAX_ANSWER),
                           "max": _whole(value["max"], -r.MAX_ANSWER, r.MAX_ANSWER)})


_SCALES = frozenset(r.Scales.FIELDS)


def _scales(value) -> r.Scales:
    value = _mapping(value, _SCALES)
    default = r.Scales()
    return _make(r.Scales, {name: _scale(value[name]) if name in value else getattr(default, name)
                            for name in r.Scales.FIELDS})


_PERSONA = frozenset(r.Persona.FIELDS)


def _persona(value) -> r.Persona:
    value = _mapping(value, _PERSONA, ("id", "name"))
    return _make(r.Persona, {"id": _slug(value["id"]), "name": _text(value["name"], empty_ok=False),
                             "share": _optional_number(value.get("share"), 0, 1),
                             "description": _optional_text(value.get("description")),
                             "segment": _optional_text(value.get("segment"))})


_CHANNEL = frozenset(r.Channel.FIELDS)


def _channel(value) -> r.Channel:
    value = _mapping(r.channel_from_id(value), _CHANNEL, ("id",))
    return _make(r.Channel, {"id": _slug(value["id"]), "name": _optional_text(value.get("name"))})


_COUNTED = frozenset(r.CountedScore.FIELDS)
_NPS = frozenset(r.NpsScore.FIELDS)


def _score(value, record, value_range: tuple, keys: frozenset, forms: tuple):
    value = _mapping(value, keys)
    counts = value.get("counts")
    built = {"counts": None if counts is None else [c if type(c) is int and 0 <= c <= r.MAX_COUNT else _count(c)
                                                     for c in _list(counts)],
             "value": _optional_number(value.get("value"), *value_range),
             "n": _optional_count(value.get("n"))}
    if keys is _NPS:
        for key in r.NPS_GROUPS:
            built[key] = _optional_count(value.get(key))
    if tuple(key for key, given in built.items() if given is not None) not in forms:
        raise _Doubt  # not exactly one complete form (forms list their fields in this order)
    built["personas"] = _persona_counts(value.get("personas"))
    return _make(record, built)


_PERSONA_COUNTS = frozenset(r.PersonaCounts.FIELDS)


def _persona_counts(value) -> Optional[dict]:
    if value is None:
        return None
    if type(value) is not dict:
        raise _Doubt
    return {_slug(persona): _make(r.PersonaCounts, {"counts": [_count(c) for c in _list(
                _mapping(own, _PERSONA_COUNTS, ("counts",))["counts"])]})
            for persona, own in value.items()}


_SATISFACTION = frozenset(r.Satisfaction.FIELDS)
_ANY = (-math.inf, math.inf)


def _satisfaction(value) -> Optional[r.Satisfaction]:
    if value is None:
        return None
    value = _mapping(value, _SATISFACTION)
    csat, nps, ces = value.get("csat"), value.get("nps"), value.get("ces")
    return _make(r.Satisfaction, {
        "csat": None if csat is None else _score(csat, r.CsatScore, (0, 1), _COUNTED, r.VALUE_FORMS),
        "nps": None if nps is None else _score(nps, r.NpsScore, (-100, 100), _NPS, r.NPS_FORMS),
        "ces": None if ces is None else _score(ces, r.CountedScore, _ANY, _COUNTED, r.VALUE_FORMS)})


_KPI = frozenset(r.Kpi.FIELDS)


def _kpi(value) -> r.Kpi:
    value = _mapping(value, _KPI)
    better = value.get("better")
    if better is not None and better not in ("higher", "lower"):
        raise _Doubt
    successes, n = _optional_count(value.get("successes")), _optional_count(value.get("n"))
    given = _optional_number(value.get("value"))
    if n is not None:
        if given is not None or successes is None or n < 1 or r.kpi_rate_problem(successes, n) is not None:
            raise _Doubt
        given = r.kpi_rate(successes, n)
    elif given is None or successes is not None:
        raise _Doubt
    return _make(r.Kpi, {"value": given, "successes": successes, "n": n,
                         "target": _optional_number(value.get("target")),
                         "better": better, "unit": _optional_text(value.get("unit"))})


_EVENT = frozenset(r.EventMatch.FIELDS)


def _event(value) -> r.EventMatch:
    value = _mapping(r.event_from_name(value), _EVENT, ("name",))
    where = value.get("where")
    if where is not None:
        if type(where) is not dict:
            raise _Doubt
        where = {_text(column, empty_ok=False): _text(glob, empty_ok=False) for column, glob in where.items()}
    return _make(r.EventMatch, {"name": _text(value["name"], empty_ok=False), "where": where})


def _emotion(value):
    if value is None:
        return None
    if type(value) is dict:
        return {_text(key): _number(felt) for key, felt in value.items()}
    return _number(value)


def _kpis(value) -> dict:
    if type(value) is not dict:
        raise _Doubt
    return {_text(name): _kpi(kpi) for name, kpi in value.items()}


_TOUCHPOINT = frozenset(r.Touchpoint.FIELDS)


def _touchpoint(value) -> r.Touchpoint:
    value = _mapping(value, _TOUCHPOINT, ("id", "name", "channel"))
    personas = value.get("personas")
    return _make(r.Touchpoint, {
        "id": _slug(value["id"]), "name": _text(value["name"], empty_ok=False), "channel": _slug(value["channel"]),
        "description": _optional_text(value.get("description")),
        "personas": None if personas is None else [_slug(p) for p in _list(personas)],
        "owner": _optional_text(value.get("owner")),
        "reach": _optional_count(value.get("reach")),
        "emotion": _emotion(value.get("emotion")),
        "satisfaction": _satisfaction(value.get("satisfaction")),
        "targets": _optional_targets(value.get("targets")),
        "kpis": _kpis(value.get("kpis", {})),
        "pains": [_text(p, empty_ok=False) for p in _list(value.get("pains", []))],
        "opportunities": [_text(o, empty_ok=False) for o in _list(value.get("opportunities", []))],
        "next": [_slug(n) for n in _list(value.get("next", []))],
        "events": [_event(e) for e in _list(value.get("events", []))],
        "conversion": _bool(value.get("conversion", False))})


def _bool(value) -> bool:
    if type(value) is not bool:
        raise _Doubt
    return value


_STAGE = frozenset(r.Stage.FIELDS)


def _stage(value) -> r.Stage:
    value = _mapping(value, _STAGE, ("id", "name"))
    return _make(r.Stage, {"id": _slug(value["id"]), "name": _text(value["name"], empty_ok=False),
                           "description": _optional_text(value.get("description")),
                           "targets": _optional_targets(value.get("targets")),
                           "touchpoints": [_touchpoint(t) for t in _list(value.get("touchpoints", []))]})


_MAP = frozenset(r.JourneyMap.FIELDS)


def _journey_map(value) -> r.JourneyMap:
    value = _mapping(value, _MAP, ("jmap", "journey", "stages"))
    if type(value["jmap"]) is not int or value["jmap"] != r.FORMAT_VERSION:
        raise _Doubt
    stages = _list(value["stages"])
    if not stages:
        raise _Doubt
    return _make(r.JourneyMap, {
        "jmap": r.FORMAT_VERSION, "journey": _journey(value["journey"]),
        "targets": _targets(value["targets"]) if "targets" in value else r.Targets(),
        "scales": _scales(value["scales"]) if "scales" in value else r.Scales(),
        "personas": [_persona(p) for p in _list(value.get("personas", []))],
        "channels": [_channel(c) for c in _list(value.get("channels", []))],
        "stages": [_stage(s) for s in stages],
        "measured": _measured(value.get("measured"))})


_MEASURED = frozenset(r.Measured.FIELDS)


def _measured(value) -> Optional[r.Measured]:
    if value is None:
        return None
    value = _mapping(value, _MEASURED)
    per = value.get("per")
    if per is not None and per not in ("session", "user"):
        raise _Doubt
    return _make(r.Measured, {"since": _nonempty(value.get("since")), "until": _nonempty(value.get("until")),
                              "source": _nonempty(value.get("source")), "per": per,
                              "sessions": _optional_count(value.get("sessions"))})
