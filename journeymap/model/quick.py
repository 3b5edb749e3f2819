"""Check a loaded map against the one definition in `records.py` and build its records, without pydantic.

This is the path of a valid map. It never explains a problem: at the first doubt it gives up
(returns None), and `validation.py` asks pydantic (`definition.py`), whose errors become the
diagnostics. So it may be stricter than the model, never looser, and must build the same
values; tests/test_quick_model.py holds it to that on random and mutated maps.

Each kind in `kinds.py` becomes a small checking function here, once, at import; a record's
checker walks its fields through them.
"""

from __future__ import annotations

import math
import re
from typing import Any, Callable, Dict, Optional

from journeymap.base.textsafe import has_lone_surrogate
from journeymap.model import kinds as k
from journeymap.model import records as r

Check = Callable[[Any], Any]


class _Doubt(Exception):
    """Something the quick path will not vouch for: pydantic decides."""


def build(data) -> Optional[r.JourneyMap]:
    """The map's records when `data` is certainly valid, else None."""
    try:
        return _CHECKS["JourneyMap"](data)
    except _Doubt:
        return None


def _pattern(kind: k.Pattern) -> Check:
    matches = re.compile(kind.regex.replace("$", r"\Z")).match  # `$` would let a trailing newline through
    longest = math.inf if kind.max_length is None else kind.max_length

    def check(value):
        if type(value) is not str or len(value) > longest or not matches(value) or \
                (not value.isascii() and has_lone_surrogate(value)):
            raise _Doubt
        return value

    return check


def _text(kind: k.Text) -> Check:
    def any_text(value):
        if type(value) is not str:
            raise _Doubt
        return value

    def some_text(value):
        """The model's constrained text, where pydantic also refuses lone surrogates (a pure-Python
        YAML parser makes them from an escaped `\\ud83d\\ude00`)."""
        if type(value) is not str or not value or has_lone_surrogate(value):
            raise _Doubt
        return value

    return any_text if kind.empty_ok else some_text


def _number(kind: k.Number) -> Check:
    low = -math.inf if kind.low is None else kind.low
    high = math.inf if kind.high is None else kind.high

    def check(value):
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

    return check


def _whole(kind: k.Whole) -> Check:
    low, high = kind.low, kind.high

    def check(value):
        if type(value) is not int:
            value = r.whole_float_to_int(value)
            if type(value) is not int:
                raise _Doubt
        if not (low <= value <= high):
            raise _Doubt
        return value

    return check


def _flag(kind: k.Flag) -> Check:
    def check(value):
        if type(value) is not bool:
            raise _Doubt
        return value

    return check


def _choice(kind: k.Choice) -> Check:
    options = frozenset(kind.options)

    def check(value):
        if type(value) is not str or value not in options:
            raise _Doubt
        return value

    return check


def _version(kind: k.Version) -> Check:
    def check(value):
        if type(value) is not int or value != kind.number:
            raise _Doubt
        return value

    return check


def _list_of(kind: k.ListOf) -> Check:
    item, fewest = checker(kind.item), kind.min_items
    if isinstance(kind.item, k.Whole):  # survey counts: the common int is taken without a call
        low, high = kind.item.low, kind.item.high

        def counts(value):
            if type(value) is not list or len(value) < fewest:
                raise _Doubt
            return [each if type(each) is int and low <= each <= high else item(each) for each in value]

        return counts

    def check(value):
        if type(value) is not list or len(value) < fewest:
            raise _Doubt
        return [item(each) for each in value]

    return check


def _map_of(kind: k.MapOf) -> Check:
    key, item = checker(kind.key), checker(kind.value)

    def check(value):
        if type(value) is not dict:
            raise _Doubt
        return {key(name): item(each) for name, each in value.items()}

    return check


def _one_of(kind: k.OneOf) -> Check:
    """The first member that takes the value: the members take different types of input, so at
    most one can, as in pydantic's union."""
    members = [checker(member) for member in kind.kinds]

    def check(value):
        for member in members:
            try:
                return member(value)
            except _Doubt:
                pass
        raise _Doubt

    return check


def _shorthand(kind: k.Shorthand) -> Check:
    expand, record = kind.expand, _CHECKS[kind.record.__name__]
    return lambda value: record(expand(value))


_MAKERS: Dict[type, Callable[[Any], Check]] = {
    k.Pattern: _pattern, k.Text: _text, k.Number: _number, k.Whole: _whole, k.Flag: _flag, k.Choice: _choice,
    k.Version: _version, k.ListOf: _list_of, k.MapOf: _map_of, k.OneOf: _one_of, k.Shorthand: _shorthand}


def checker(kind: Any) -> Check:
    """The checking function of a kind: the value as the record holds it, or _Doubt."""
    if isinstance(kind, type) and issubclass(kind, r.Record):
        return _CHECKS[kind.__name__]
    return _MAKERS[type(kind)](kind)


def _optional(check: Check) -> Check:
    return lambda value: None if value is None else check(value)


def _record(record: type) -> Check:
    """A record's checker: a mapping with only its keys and all its required ones, each given
    value checked, then its forms and its own cross-field rule; the record filled without __init__
    (nothing left to check), with its derived values.
    It starts from the record's defaults and visits only the keys the map gives."""
    required = tuple(name for name, spec in record.SHAPE.items() if spec.required)
    takers = {name: _optional(checker(spec.kind)) if spec.optional else checker(spec.kind)
              for name, spec in record.SHAPE.items()}
    allowed = takers.keys()
    template = {name: None if spec.required or spec.fresh else spec.default
                for name, spec in record.SHAPE.items()}  # every field, in order, for the copy below
    factories = tuple((name, spec.fresh) for name, spec in record.SHAPE.items() if spec.fresh)
    forms = record.FORMS
    form_keys = tuple(dict.fromkeys(key for form in forms for key in form))
    problem = None if record._problem is r.Record._problem else record._problem
    complete = None if record._complete is r.Record._complete else record._complete
    new = record.__new__

    def check(value):
        if type(value) is not dict or not value.keys() <= allowed:
            raise _Doubt
        for name in required:
            if name not in value:
                raise _Doubt
        built = template.copy()
        for name, make in factories:
            if name not in value:
                built[name] = make()
        for name, given in value.items():
            built[name] = takers[name](given)
        if forms and tuple(key for key in form_keys if built[key] is not None) not in forms:
            raise _Doubt  # not exactly one complete form (forms list their fields in field order)
        if problem is not None and problem(built) is not None:
            raise _Doubt
        made = new(record)
        made.__dict__.update(built if complete is None else complete(built))
        return made

    return check


_CHECKS: Dict[str, Check] = {}
for _each in r.RECORDS.values():  # each after the records it holds
    _CHECKS[_each.__name__] = _record(_each)
