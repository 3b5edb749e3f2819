"""The journey map every command reads: plain frozen records, free of pydantic.

`model.py` defines the shape in pydantic; it publishes the JSON Schema and turns a broken map
into exact diagnostics. A map that is valid (nearly every map, on every run of a pre-commit
hook) does not need pydantic at all: `quick_model.build` checks it against the same rules and
fills these records, and importing pydantic would cost more than the whole of a small run.
Tests keep the two in step: same fields, same defaults, same verdict on random maps.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, TypeVar, Union, cast

SLUG_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
SLUG_MAX_LENGTH = 80
FORMAT_VERSION = 1
# A quadrillion is more people than will ever answer a survey, and keeps every sum of counts a
# finite float: an unbounded integer (10**400) would overflow the statistics.
MAX_COUNT = 10**15
# An answer on a scale: no survey has a thousand points, and a bounded scale keeps its arithmetic finite.
MAX_ANSWER = 1000

Emotion = Union[float, Dict[str, float]]


def whole_float_to_int(value):
    """5.0 is a whole number to JSON Schema (and to people); accept it wherever a count is due."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def channel_from_id(value):
    """`channels: [web]` is shorthand for `channels: [{id: web}]`."""
    return {"id": value} if isinstance(value, str) else value


def no_bool_version(value):
    """`jmap: true` is not version 1, even though True == 1 in Python."""
    return str(value).lower() if isinstance(value, bool) else value


class ScoreFormError(ValueError):
    """A score that is not exactly one complete form; carries its diagnostic code (JM101 or JM102)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


# The forms a score may take, each a set of fields that must all be given (and not null).
VALUE_FORMS = (("counts",), ("value", "n"))
NPS_GROUPS = ("promoters", "passives", "detractors")  # in the order metrics.nps_groups returns them
NPS_FORMS = VALUE_FORMS + (NPS_GROUPS,)
# A KPI is a plain value, or a rate measured as successes out of n (value = successes / n, with
# a Wilson interval): what `jmap measure` writes for a step's conversion.
KPI_FORMS = (("value",), ("successes", "n"))


def kpi_rate_problem(successes, n) -> Optional[ScoreFormError]:
    """Why `successes` of `n` is not a rate (JM104); None when it is."""
    if successes is not None and n is not None and successes > n:
        return ScoreFormError("JM104", f"has {successes} successes out of n = {n}; successes cannot exceed n")
    return None


def _describe_form(form) -> str:
    return " and ".join(form) if len(form) < 3 else ", ".join(form[:-1]) + " and " + form[-1]


def form_problem(given: dict, forms) -> Optional[ScoreFormError]:
    """Why the fields `given` (name -> value) are not exactly one complete form; None when they are."""
    started = [form for form in forms if any(given.get(k) is not None for k in form)]
    if len(started) == 1 and all(given.get(k) is not None for k in started[0]):
        return None  # the common case, before any message is worded
    choices = ", or ".join(_describe_form(f) if len(f) < 3 else "all of " + _describe_form(f) for f in forms)
    if len(started) > 1:
        return ScoreFormError("JM102", f"mixes {' with '.join(_describe_form(f) for f in started)}; "
                                       f"give one form: {choices}")
    if not started:
        return ScoreFormError("JM101", f"needs {choices}")
    missing = [k for k in started[0] if given.get(k) is None]
    return ScoreFormError("JM101", f"needs {choices} ({_describe_form(missing)} missing)")


_T = TypeVar("_T")


class _Fresh:
    """A default made afresh for each record (an empty list or dict)."""

    def __init__(self, make: Callable[[], Any]):
        self.make = make


def Factory(make: Callable[[], _T]) -> _T:
    """`pains: List[str] = Factory(list)`: a fresh default per record, typed as the field it fills."""
    return cast(_T, _Fresh(make))


_REQUIRED = object()


class Record:
    """Built by keyword, frozen, equal by value: a dataclass's contract, without the ~1 ms per class
    that a dataclass spends generating its methods at import (this module is on every command's path)."""

    FIELDS: tuple = ()  # field names, in the model's order
    _DEFAULTS: dict = {}

    def __init_subclass__(cls) -> None:
        own = [name for name in cls.__annotations__ if name[0] != "_"]  # 3.10+: the class's own only
        cls.FIELDS = tuple(dict.fromkeys(cls.FIELDS + tuple(own)))
        cls._DEFAULTS = {name: cls.__dict__.get(name, cls._DEFAULTS.get(name, _REQUIRED)) for name in cls.FIELDS}
        for name in own:  # the defaults live in _DEFAULTS; an instance always has its own value
            if name in cls.__dict__:
                delattr(cls, name)

    def __init__(self, **values) -> None:
        unknown = values.keys() - self._DEFAULTS.keys()
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {sorted(unknown)[0]!r}")
        for name, default in self._DEFAULTS.items():
            if name not in values:
                if default is _REQUIRED:
                    raise TypeError(f"{type(self).__name__} needs {name!r}")
                values[name] = default.make() if isinstance(default, _Fresh) else default
        self.__dict__.update(values)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __eq__(self, other):
        return type(other) is type(self) and other.__dict__ == self.__dict__

    __hash__ = None  # type: ignore[assignment]  # most records hold lists, which cannot be hashed; none is used as a key

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{n}={getattr(self, n)!r}' for n in self.FIELDS)})"

    def replace(self, **changes):
        """A copy with some fields changed."""
        return type(self)(**{**self.__dict__, **changes})


# A period a map's numbers cover: a year, a quarter, a month, or a date range (see `periods`).
PERIOD_PATTERN = (r"^\d{4}(-Q[1-4]|-\d{2})?$|^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$")


def year_to_text(value):
    """`period: 2024` reads as a number in YAML; it is the year 2024."""
    return str(value) if type(value) is int else value


class Journey(Record):
    id: str
    title: str
    owner: Optional[str] = None
    description: Optional[str] = None
    period: Optional[str] = None
    value_per_customer: Optional[float] = None
    value_per_order: Optional[float] = None
    currency: Optional[str] = None


class Targets(Record):
    csat: Optional[float] = None
    nps: Optional[float] = None
    ces: Optional[float] = None

    def given(self) -> dict:
        """The targets this layer sets (the others fall through to the layer above)."""
        return {name: getattr(self, name) for name in self.FIELDS if getattr(self, name) is not None}


class Scale(Record):
    min: int
    max: int


class Scales(Record):
    csat: Scale = Scale(min=1, max=5)
    nps: Scale = Scale(min=0, max=10)
    ces: Scale = Scale(min=1, max=7)
    emotion: Scale = Scale(min=-2, max=2)


class Persona(Record):
    id: str
    name: str
    share: Optional[float] = None
    description: Optional[str] = None
    segment: Optional[str] = None


class Channel(Record):
    id: str
    name: Optional[str] = None


class PersonaCounts(Record):
    """One persona's responses per answer at one touchpoint (written by `jmap import`)."""

    counts: List[int]


class CountedScore(Record):
    counts: Optional[List[int]] = None
    value: Optional[float] = None
    n: Optional[int] = None
    personas: Optional[Dict[str, PersonaCounts]] = None


class CsatScore(CountedScore):
    pass


class NpsScore(CountedScore):
    promoters: Optional[int] = None
    passives: Optional[int] = None
    detractors: Optional[int] = None


class Satisfaction(Record):
    csat: Optional[CsatScore] = None
    nps: Optional[NpsScore] = None
    ces: Optional[CountedScore] = None


class Kpi(Record):
    """`value` is always set: given, or successes / n for a rate given with its counts."""

    value: Optional[float] = None
    successes: Optional[int] = None
    n: Optional[int] = None
    target: Optional[float] = None
    better: Optional[str] = None
    unit: Optional[str] = None

    def __init__(self, **values) -> None:
        if values.get("value") is None and values.get("n") and values.get("successes") is not None:
            values["value"] = kpi_rate(values["successes"], values["n"])
        super().__init__(**values)


def kpi_rate(successes: int, n: int) -> float:
    """The one definition of a counted KPI's value."""
    return successes / n


class EventMatch(Record):
    """One way a touchpoint is observed: events called `name`, optionally only those whose
    columns match glob patterns (`where: {page_path: "/cart*"}`)."""

    name: str
    where: Optional[Dict[str, str]] = None


def event_from_name(value):
    """`events: [add_to_cart]` is shorthand for `events: [{name: add_to_cart}]`."""
    return {"name": value} if isinstance(value, str) else value


class Touchpoint(Record):
    id: str
    name: str
    channel: str
    description: Optional[str] = None
    personas: Optional[List[str]] = None
    owner: Optional[str] = None
    reach: Optional[int] = None
    emotion: Optional[Emotion] = None
    satisfaction: Optional[Satisfaction] = None
    targets: Optional[Targets] = None
    kpis: Dict[str, Kpi] = Factory(dict)
    pains: List[str] = Factory(list)
    opportunities: List[str] = Factory(list)
    next: List[str] = Factory(list)
    events: List[EventMatch] = Factory(list)
    conversion: bool = False


class Stage(Record):
    id: str
    name: str
    description: Optional[str] = None
    targets: Optional[Targets] = None
    touchpoints: List[Touchpoint] = Factory(list)


class Measured(Record):
    since: Optional[str] = None
    until: Optional[str] = None
    source: Optional[str] = None
    per: Optional[str] = None
    sessions: Optional[int] = None


class JourneyMap(Record):
    jmap: int
    journey: Journey
    targets: Targets = Targets()
    scales: Scales = Scales()
    personas: List[Persona] = Factory(list)
    channels: List[Channel] = Factory(list)
    stages: List[Stage]
    measured: Optional[Measured] = None

    def touchpoints(self):
        """Every touchpoint with its stage index and its index in that stage, in map order."""
        for s, stage in enumerate(self.stages):
            for t, touchpoint in enumerate(stage.touchpoints):
                yield s, t, stage, touchpoint


RECORDS = {cls.__name__: cls for cls in (Journey, Targets, Scale, Scales, Persona, Channel, PersonaCounts, CountedScore, CsatScore,
                                         NpsScore, Satisfaction, Kpi, EventMatch, Touchpoint, Stage, Measured, JourneyMap)}


def from_model(value):
    """A pydantic model instance (from the slow path) as the same records, recursively."""
    record = RECORDS.get(type(value).__name__)
    if record is not None and hasattr(value, "model_fields_set"):
        return record(**{name: from_model(getattr(value, name)) for name in record.FIELDS})
    if isinstance(value, list):
        return [from_model(item) for item in value]
    if isinstance(value, dict):
        return {key: from_model(item) for key, item in value.items()}
    return value
