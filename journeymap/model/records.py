"""The journey map's shape, defined once, and the plain frozen records every command reads.

Each record class below declares its fields as data (a kind from `kinds.py`, a default, a
description). Three things are made from that one definition: these records, free of pydantic;
the quick checker (`quick.py`) that vouches for a valid map and fills the records without
importing pydantic, which would cost more than the whole of a small run; and, only for a broken
map or `jmap schema`, the pydantic models (`definition.py`) that word the diagnostics and publish
the JSON Schema. Adding a field to the format is one line in a class below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Dict, Optional, Tuple, Type

from journeymap.model.kinds import Choice, Flag, ListOf, MapOf, Number, OneOf, Pattern, Shorthand, Text, Version, Whole

SLUG_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
SLUG_MAX_LENGTH = 80
FORMAT_VERSION = 1
# A quadrillion is more people than will ever answer a survey, and keeps every sum of counts a
# finite float: an unbounded integer (10**400) would overflow the statistics.
MAX_COUNT = 10**15
# An answer on a scale: no survey has a thousand points, and a bounded scale keeps its arithmetic finite.
MAX_ANSWER = 1000


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
Forms = Tuple[Tuple[str, ...], ...]
VALUE_FORMS: Forms = (("counts",), ("value", "n"))
NPS_GROUPS = ("promoters", "passives", "detractors")  # in the order metrics.nps_groups returns them
NPS_FORMS: Forms = VALUE_FORMS + (NPS_GROUPS,)
# A KPI is a plain value, or a rate measured as successes out of n (value = successes / n, with
# a Wilson interval): what `jmap measure` writes for a step's conversion.
KPI_FORMS: Forms = (("value",), ("successes", "n"))


def kpi_rate_problem(successes, n) -> Optional[ScoreFormError]:
    """Why `successes` of `n` is not a rate (JM104); None when it is."""
    if successes is not None and n is not None and successes > n:
        return ScoreFormError("JM104", f"has {successes} successes out of n = {n}; successes cannot exceed n")
    return None


def kpi_rate(successes: int, n: int) -> float:
    """The one definition of a counted KPI's value."""
    return successes / n


def event_from_name(value):
    """`events: [add_to_cart]` is shorthand for `events: [{name: add_to_cart}]`."""
    return {"name": value} if isinstance(value, str) else value


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


class _Fresh:
    """A default made afresh for each record (an empty list or dict)."""

    def __init__(self, make):
        self.make = make


_REQUIRED = object()


class Field:
    """One field of a record: its kind (see `kinds.py`), its default, and what it means to the map's
    author (published in the JSON Schema). `default=None` makes the field optional (null allowed);
    `[]` and `{}` give each record its own empty list or dict."""

    __slots__ = ("kind", "description", "default")

    def __init__(self, kind, description: Optional[str] = None, default: Any = _REQUIRED):
        self.kind, self.description = kind, description
        self.default = _Fresh(type(default)) if isinstance(default, (list, dict)) and not default else default

    @property
    def required(self) -> bool:
        return self.default is _REQUIRED

    @property
    def optional(self) -> bool:
        """Null is allowed, and is the default."""
        return self.default is None

    @property
    def fresh(self) -> Optional[Callable[[], Any]]:
        """What makes this field's default afresh for each record (list or dict), if it is made so."""
        return self.default.make if isinstance(self.default, _Fresh) else None


def field(kind, description: Optional[str] = None, default: Any = _REQUIRED) -> Any:
    """Declare a record's field (typed Any, so a type checker reads a record's fields as values)."""
    return Field(kind, description, default)


class Record:
    """Built by keyword, frozen, equal by value: a dataclass's contract, without the ~1 ms per class
    that a dataclass spends generating its methods at import (this module is on every command's path).

    A subclass declares its fields as class attributes, `name = field(kind, description, default=…)`,
    in the map's order (a subclass may redeclare a parent's field in place); its docstring is the
    JSON Schema's description of that mapping. `FORMS` lists the alternative sets of fields a
    mapping must give exactly one of (the score forms)."""

    SHAPE: Dict[str, Field] = {}  # field name -> Field, in the map's order
    FIELDS: tuple = ()  # the field names, in the map's order
    FORMS: Forms = ()
    _DEFAULTS: dict = {}

    def __init_subclass__(cls) -> None:
        own = {name: value for name, value in cls.__dict__.items() if isinstance(value, Field)}
        cls.SHAPE = {**cls.SHAPE, **own}
        cls.FIELDS = tuple(cls.SHAPE)
        cls._DEFAULTS = {name: spec.default for name, spec in cls.SHAPE.items()}
        for name in own:  # the defaults live in _DEFAULTS; an instance always has its own value
            delattr(cls, name)
        for form in cls.FORMS:
            assert list(form) == [name for name in cls.FIELDS if name in form], f"{cls.__name__}: {form} out of order"
        RECORDS[cls.__name__] = cls

    if TYPE_CHECKING:  # the fields are declared as data; to a type checker each one reads as Any
        def __getattr__(self, name: str) -> Any: ...

    def __init__(self, **values) -> None:
        unknown = values.keys() - self._DEFAULTS.keys()
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {sorted(unknown)[0]!r}")
        for name, default in self._DEFAULTS.items():
            if name not in values:
                if default is _REQUIRED:
                    raise TypeError(f"{type(self).__name__} needs {name!r}")
                values[name] = default.make() if isinstance(default, _Fresh) else default
        self.__dict__.update(self._complete(values))

    @staticmethod
    def _problem(values: dict) -> Optional[ScoreFormError]:
        """What is wrong across fields (beyond FORMS) of a record otherwise valid; a record overrides it."""
        return None

    @staticmethod
    def _complete(values: dict) -> dict:
        """The values with those derived from others filled in; a record overrides it."""
        return values

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __eq__(self, other):
        return type(other) is type(self) and other.__dict__ == self.__dict__

    __hash__ = None  # type: ignore[assignment]  # most records hold lists, which cannot be hashed

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{n}={getattr(self, n)!r}' for n in self.FIELDS)})"

    def replace(self, **changes):
        """A copy with some fields changed."""
        return type(self)(**{**self.__dict__, **changes})


RECORDS: Dict[str, Type[Record]] = {}  # every record class by name, in definition order (each after what it holds)

# ---------------------------------------------------------------------------------------------
# The map's shape, defined once. Adding a field is one line here: the quick checker, the pydantic
# models (diagnostics and JSON Schema) and these records all follow. Docstrings and descriptions
# are published in the schema, so they speak to the map's author.

SLUG = Pattern(SLUG_PATTERN, SLUG_MAX_LENGTH)
TEXT = Text(empty_ok=False)
STR = Text()
NUMBER = Number()
SHARE = Number(0, 1)
NPS = Number(-100, 100)
COUNT = Whole(0, MAX_COUNT)
ANSWER = Whole(-MAX_ANSWER, MAX_ANSWER)


# A period a map's numbers cover: a year, a quarter, a month, or a date range (see compare.periods).
PERIOD_PATTERN = r"^(?:\d{4}(?:-Q[1-4]|-\d{2})?|\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2})$"


class Journey(Record):
    id = field(SLUG, "Stable id of the journey, a lower-case slug.")
    title = field(TEXT, "Title shown on renders and reports.")
    owner = field(STR, "Team that owns the map.", default=None)
    description = field(STR, default=None)
    period = field(Pattern(PERIOD_PATTERN, 22),
                   "The period the map's numbers cover: 2024, 2024-Q3, 2024-07 or 2024-07-01..2024-09-30.", default=None)
    value_per_customer = field(Number(0), "Value of one customer per period; shows the money at stake beside "
                                          "customers affected.", default=None)
    value_per_order = field(Number(0), "Value of one order; used for the money at stake when no value per "
                                       "customer is given.", default=None)
    currency = field(STR, "Currency of the values, e.g. EUR.", default=None)


class Targets(Record):
    """Satisfaction targets; journey-wide, overridable per stage and per touchpoint."""

    csat = field(SHARE, "Minimum CSAT, a fraction 0-1 (top-two-box share).", default=None)
    nps = field(NPS, "Minimum NPS, -100..100.", default=None)
    ces = field(NUMBER, "Minimum mean CES on the declared CES scale.", default=None)

    def given(self) -> dict:
        """The targets this layer sets (the others fall through to the layer above)."""
        return {name: getattr(self, name) for name in self.FIELDS if getattr(self, name) is not None}


class Scale(Record):
    min = field(ANSWER)
    max = field(ANSWER)


class Scales(Record):
    """Answer scales; the number of counts given for a metric must match its scale."""

    csat = field(Scale, default=Scale(min=1, max=5))
    nps = field(Scale, default=Scale(min=0, max=10))
    ces = field(Scale, default=Scale(min=1, max=7))
    emotion = field(Scale, default=Scale(min=-2, max=2))


class Persona(Record):
    id = field(SLUG)
    name = field(TEXT)
    share = field(SHARE, "Share of traffic, 0-1; weights persona roll-ups.", default=None)
    description = field(STR, default=None)
    segment = field(STR, default=None)
    goals = field(ListOf(TEXT), "What this persona wants; shown on its card.", default=[])
    quote = field(TEXT, "A typical customer quote; shown on its card.", default=None)


class Channel(Record):
    id = field(SLUG)
    name = field(STR, default=None)


class Lane(Record):
    """A row the team adds to the lanes view (doing, thinking, feeling, frontstage, backstage, ...)."""

    id = field(SLUG)
    name = field(STR, default=None)


class PersonaCounts(Record):
    """One persona's responses per answer, lowest answer first (written by `jmap import`)."""

    counts = field(ListOf(COUNT))


class CountedScore(Record):
    """Either the responses per answer (`counts`, lowest answer first) or a `value` computed elsewhere with its `n`."""

    FORMS = VALUE_FORMS

    counts = field(ListOf(COUNT), default=None)
    value = field(NUMBER, default=None)
    n = field(COUNT, default=None)
    personas = field(MapOf(SLUG, PersonaCounts),
                     "The responses per answer of each persona, a split of `counts` (optional).", default=None)


class CsatScore(CountedScore):
    value = field(SHARE, "Top-two-box share, 0-1.", default=None)


class NpsScore(CountedScore):
    """The responses per answer 0-10 (`counts`), a `value` with its `n`, or the three answer groups."""

    FORMS = NPS_FORMS

    value = field(NPS, default=None)
    promoters = field(COUNT, "Answers 9-10.", default=None)
    passives = field(COUNT, "Answers 7-8.", default=None)
    detractors = field(COUNT, "Answers 0-6.", default=None)


class Satisfaction(Record):
    csat = field(CsatScore, default=None)
    nps = field(NpsScore, default=None)
    ces = field(CountedScore, default=None)


class Kpi(Record):
    """A `value`, or a rate measured as `successes` out of `n` (value = successes / n, with a Wilson interval)."""

    # The record's `value` is always set: given, or successes / n for a rate given with its counts.
    FORMS = KPI_FORMS

    value = field(NUMBER, default=None)
    successes = field(COUNT, "Of n, how many succeeded (e.g. sessions that went on to the next step).", default=None)
    n = field(Whole(1, MAX_COUNT), "How many could succeed (e.g. sessions that reached the step).", default=None)
    target = field(NUMBER, default=None)
    better = field(Choice("higher", "lower"),
                   "Defaults to lower for bounce_rate, cart_abandonment, drop_off, churn and the like.", default=None)
    unit = field(STR, default=None)

    @staticmethod
    def _problem(values: dict) -> Optional[ScoreFormError]:
        return kpi_rate_problem(values["successes"], values["n"])

    @staticmethod
    def _complete(values: dict) -> dict:
        if values.get("value") is None and values.get("n") and values.get("successes") is not None:
            values["value"] = kpi_rate(values["successes"], values["n"])
        return values


class EventMatch(Record):
    """Events called `name` observe the touchpoint; with `where`, only those whose columns match
    the glob patterns (`*` any text, `?` one character), e.g. `{page_path: "/cart*"}`."""

    name = field(TEXT, "Event name, as in the events' event column.")
    where = field(MapOf(TEXT, TEXT), "Column name to glob pattern; all must match.", default=None)


class Touchpoint(Record):
    id = field(SLUG)
    name = field(TEXT)
    channel = field(SLUG)
    description = field(STR, default=None)
    personas = field(ListOf(SLUG), "Personas served; all of them when omitted.", default=None)
    owner = field(STR, "Owning department or team.", default=None)
    reach = field(COUNT, "People who meet this touchpoint per period; weights roll-ups.", default=None)
    emotion = field(OneOf(NUMBER, MapOf(STR, NUMBER)),
                    "Felt experience on the emotion scale, for all or per persona.", default=None)
    satisfaction = field(Satisfaction, default=None)
    targets = field(Targets, default=None)
    kpis = field(MapOf(STR, Kpi), default={})
    pains = field(ListOf(TEXT), default=[])
    opportunities = field(ListOf(TEXT), default=[])
    next = field(ListOf(SLUG), "Touchpoints the customer goes on to.", default=[])
    events = field(ListOf(Shorthand(EventMatch, TEXT, event_from_name)),
                   "Events that observe this touchpoint (jmap measure): names, or {name, where} mappings.", default=[])
    conversion = field(Flag(), "Reaching this touchpoint is a conversion (e.g. the order); "
                               "jmap measure reports repeat conversions.", default=False)
    lanes = field(MapOf(SLUG, OneOf(TEXT, ListOf(TEXT))),
                  "Text for each lane declared under the map's `lanes`, by lane id.", default={})


class Stage(Record):
    id = field(SLUG)
    name = field(TEXT)
    description = field(STR, default=None)
    targets = field(Targets, default=None)
    touchpoints = field(ListOf(Touchpoint), default=[])


def transition_count_problem(sessions, reached) -> Optional[ScoreFormError]:
    """Why `sessions` of `reached` is not a share of the sessions at a touchpoint (JM104); None when it is."""
    if sessions is not None and reached is not None and sessions > reached:
        return ScoreFormError("JM104", f"has {sessions} sessions out of reached = {reached}; "
                                       "sessions cannot exceed the sessions that reached `from`")
    return None


class UndeclaredTransition(Record):
    """A step customers took that the map does not declare: `to` directly followed `from` in `sessions`
    of the `reached` sessions at `from`, while `to` is not in `from`'s `next` (written by jmap measure)."""

    # `from` is a Python keyword: declared by name; read it as `transition.ends` or getattr(t, "from")
    vars()["from"] = field(SLUG, "Touchpoint the customers were at.")
    to = field(SLUG, "Touchpoint they went to directly, not in the `next` of `from`.")
    sessions = field(COUNT, "Sessions in which `to` directly followed `from` (counted once per session).")
    reached = field(Whole(1, MAX_COUNT), "Sessions whose path reached `from`; sessions / reached is the share drawn.")

    @property
    def ends(self) -> tuple:
        """(from, to)."""
        return self.__dict__["from"], self.to

    @staticmethod
    def _problem(values: dict) -> Optional[ScoreFormError]:
        return transition_count_problem(values["sessions"], values["reached"])


class Measured(Record):
    """What `jmap measure --write` measured: the days of the events, their source, what reach counts,
    and the most frequent undeclared transitions."""

    since = field(TEXT, "First day of the events measured (YYYY-MM-DD).", default=None)
    until = field(TEXT, "Last day of the events measured (YYYY-MM-DD).", default=None)
    source = field(TEXT, "The event files (or result table) measured.", default=None)
    per = field(Choice("session", "user"), "What `reach` counts.", default=None)
    sessions = field(COUNT, default=None)
    undeclared = field(ListOf(UndeclaredTransition),
                       "The most frequent steps customers took that no `next` declares, most frequent first; "
                       "jmap render draws them as dashed edges.", default=[])


class JourneyMap(Record):
    jmap = field(Version(FORMAT_VERSION), "Format version.")
    journey = field(Journey)
    targets = field(Targets, default=Targets())
    scales = field(Scales, default=Scales())
    personas = field(ListOf(Persona), default=[])
    channels = field(ListOf(Shorthand(Channel, SLUG, channel_from_id)),
                     "Channels the map uses: plain ids or {id, name} mappings.", default=[])
    stages = field(ListOf(Stage, min_items=1))
    measured = field(Measured, "Written by jmap measure --write: what the measured numbers cover.", default=None)
    lanes = field(ListOf(Shorthand(Lane, SLUG, channel_from_id)),
                  "Extra rows of the lanes view, in the order drawn: plain ids or {id, name} mappings. "
                  "frontstage, backstage and support make the blueprint view.", default=[])

    def touchpoints(self):
        """Every touchpoint with its stage index and its index in that stage, in map order."""
        for s, stage in enumerate(self.stages):
            for t, touchpoint in enumerate(stage.touchpoints):
                yield s, t, stage, touchpoint


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
