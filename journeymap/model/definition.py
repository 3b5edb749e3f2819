"""The journey map as pydantic models: the published JSON Schema, and the diagnostics for a map that is broken.

A valid map is read into `records.py` by `quick_model.py` without importing this module.
"""

from __future__ import annotations

from typing import Annotated, Dict, List, Literal, Optional, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

from journeymap.model.records import (  # noqa: F401  (SLUG_PATTERN, FORMAT_VERSION, ScoreFormError: re-exported)
    FORMAT_VERSION, KPI_FORMS, MAX_ANSWER, MAX_COUNT, NPS_FORMS, PERIOD_PATTERN, SLUG_MAX_LENGTH, SLUG_PATTERN, VALUE_FORMS,
    ScoreFormError, channel_from_id, event_from_name, form_problem, year_to_text, kpi_rate_problem, no_bool_version,
    whole_float_to_int)

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=SLUG_MAX_LENGTH)]
Text = Annotated[str, StringConstraints(min_length=1)]
WholeNumber = Annotated[int, Field(ge=-MAX_ANSWER, le=MAX_ANSWER), BeforeValidator(whole_float_to_int)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT), BeforeValidator(whole_float_to_int)]  # constraint first: pydantic then publishes it as `minimum`/`maximum`
PositiveCount = Annotated[int, Field(ge=1, le=MAX_COUNT), BeforeValidator(whole_float_to_int)]
Share = Annotated[float, Field(ge=0, le=1)]

# Touchpoint emotion: one value for everyone, or one per persona id.
Emotion = Union[float, Dict[str, float]]


class Strict(BaseModel):
    """Unknown keys are errors (a typo must never be ignored); NaN and infinity are not numbers here."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True, strict=True)


class Journey(Strict):
    id: Slug = Field(description="Stable id of the journey, a lower-case slug.")
    title: Text = Field(description="Title shown on renders and reports.")
    owner: Optional[str] = Field(None, description="Team that owns the map.")
    description: Optional[str] = None
    period: Optional[Annotated[str, StringConstraints(pattern=PERIOD_PATTERN), BeforeValidator(year_to_text)]] = Field(
        None, description="The period the map's numbers cover: 2024, 2024-Q3, 2024-07 or 2024-07-01..2024-09-30.")
    value_per_customer: Optional[Annotated[float, Field(ge=0)]] = Field(
        None, description="Value of one customer per period; shows the money at stake beside customers affected.")
    value_per_order: Optional[Annotated[float, Field(ge=0)]] = Field(
        None, description="Value of one order; used for the money at stake when no value per customer is given.")
    currency: Optional[str] = Field(None, description="Currency of the values, e.g. EUR.")


class Targets(Strict):
    """Satisfaction targets; journey-wide, overridable per stage and per touchpoint."""

    csat: Optional[Share] = Field(None, description="Minimum CSAT, a fraction 0-1 (top-two-box share).")
    nps: Optional[Annotated[float, Field(ge=-100, le=100)]] = Field(None, description="Minimum NPS, -100..100.")
    ces: Optional[float] = Field(None, description="Minimum mean CES on the declared CES scale.")


class Scale(Strict):
    min: WholeNumber
    max: WholeNumber


class Scales(Strict):
    """Answer scales; the number of counts given for a metric must match its scale."""

    csat: Scale = Scale(min=1, max=5)
    nps: Scale = Scale(min=0, max=10)
    ces: Scale = Scale(min=1, max=7)
    emotion: Scale = Scale(min=-2, max=2)


class Persona(Strict):
    id: Slug
    name: Text
    share: Optional[Share] = Field(None, description="Share of traffic, 0-1; weights persona roll-ups.")
    description: Optional[str] = None
    segment: Optional[str] = None


class Channel(Strict):
    id: Slug
    name: Optional[str] = None


def _given(key: str) -> dict:
    return {"required": [key], "properties": {key: {"not": {"type": "null"}}}}


def _forms_schema(forms) -> dict:
    """JSON Schema for "exactly one complete form, and no field of another form"."""
    keys = [k for form in forms for k in form]
    branches = []
    for form in forms:
        others = [k for k in keys if k not in form]
        branch = {"allOf": [_given(k) for k in form]}
        branch["not"] = {"anyOf": [_given(k) for k in others]}
        branches.append(branch)
    return {"oneOf": branches}


def _check_form(score, forms) -> None:
    problem = form_problem({key: getattr(score, key) for form in forms for key in form}, forms)
    if problem is not None:
        raise problem


class PersonaCounts(Strict):
    """One persona's responses per answer, lowest answer first (written by `jmap import`)."""

    counts: List[Count]


class CountedScore(Strict):
    """Either the responses per answer (`counts`, lowest answer first) or a `value` computed elsewhere with its `n`."""

    model_config = ConfigDict(json_schema_extra=_forms_schema(VALUE_FORMS))

    counts: Optional[List[Count]] = None
    value: Optional[float] = None
    n: Optional[Count] = None
    personas: Optional[Dict[Slug, PersonaCounts]] = Field(
        None, description="The responses per answer of each persona, a split of `counts` (optional).")

    @model_validator(mode="after")
    def _one_form(self):
        _check_form(self, NPS_FORMS if isinstance(self, NpsScore) else VALUE_FORMS)
        return self


class CsatScore(CountedScore):
    value: Optional[Share] = Field(None, description="Top-two-box share, 0-1.")


class NpsScore(CountedScore):
    """The responses per answer 0-10 (`counts`), a `value` with its `n`, or the three answer groups."""

    model_config = ConfigDict(json_schema_extra=_forms_schema(NPS_FORMS))

    value: Optional[Annotated[float, Field(ge=-100, le=100)]] = None
    promoters: Optional[Count] = Field(None, description="Answers 9-10.")
    passives: Optional[Count] = Field(None, description="Answers 7-8.")
    detractors: Optional[Count] = Field(None, description="Answers 0-6.")


class Satisfaction(Strict):
    csat: Optional[CsatScore] = None
    nps: Optional[NpsScore] = None
    ces: Optional[CountedScore] = None


class Kpi(Strict):
    """A `value`, or a rate measured as `successes` out of `n` (value = successes / n, with a Wilson interval)."""

    model_config = ConfigDict(json_schema_extra=_forms_schema(KPI_FORMS))

    value: Optional[float] = None
    successes: Optional[Count] = Field(None, description="Of n, how many succeeded (e.g. sessions that went on to the next step).")
    n: Optional[PositiveCount] = Field(None, description="How many could succeed (e.g. sessions that reached the step).")
    target: Optional[float] = None
    better: Optional[Literal["higher", "lower"]] = Field(
        None, description="Defaults to lower for bounce_rate, cart_abandonment, drop_off, churn and the like.")
    unit: Optional[str] = None

    @model_validator(mode="after")
    def _one_form(self):
        _check_form(self, KPI_FORMS)
        problem = kpi_rate_problem(self.successes, self.n)
        if problem is not None:
            raise problem
        return self


class EventMatch(Strict):
    """Events called `name` observe the touchpoint; with `where`, only those whose columns match
    the glob patterns (`*` any text, `?` one character), e.g. `{page_path: "/cart*"}`."""

    name: Text = Field(description="Event name, as in the events' event column.")
    where: Optional[Dict[Text, Text]] = Field(None, description="Column name to glob pattern; all must match.")


class Touchpoint(Strict):
    id: Slug
    name: Text
    channel: Slug
    description: Optional[str] = None
    personas: Optional[List[Slug]] = Field(None, description="Personas served; all of them when omitted.")
    owner: Optional[str] = Field(None, description="Owning department or team.")
    reach: Optional[Count] = Field(None, description="People who meet this touchpoint per period; weights roll-ups.")
    emotion: Optional[Emotion] = Field(None, description="Felt experience on the emotion scale, for all or per persona.")
    satisfaction: Optional[Satisfaction] = None
    targets: Optional[Targets] = None
    kpis: Dict[str, Kpi] = Field(default_factory=dict)
    pains: List[Text] = Field(default_factory=list)
    opportunities: List[Text] = Field(default_factory=list)
    next: List[Slug] = Field(default_factory=list, description="Touchpoints the customer goes on to.")
    events: List[Annotated[EventMatch, BeforeValidator(event_from_name, json_schema_input_type=Union[Text, EventMatch])]] = Field(
        default_factory=list, description="Events that observe this touchpoint (jmap measure): names, or {name, where} mappings.")
    conversion: bool = Field(False, description="Reaching this touchpoint is a conversion (e.g. the order); jmap measure reports repeat conversions.")


class Stage(Strict):
    id: Slug
    name: Text
    description: Optional[str] = None
    targets: Optional[Targets] = None
    touchpoints: List[Touchpoint] = Field(default_factory=list)


class Measured(Strict):
    """What `jmap measure --write` measured: the days of the events, their source, and what reach counts."""

    since: Optional[Text] = Field(None, description="First day of the events measured (YYYY-MM-DD).")
    until: Optional[Text] = Field(None, description="Last day of the events measured (YYYY-MM-DD).")
    source: Optional[Text] = Field(None, description="The event files (or result table) measured.")
    per: Optional[Literal["session", "user"]] = Field(None, description="What `reach` counts.")
    sessions: Optional[Count] = None


class JourneyMap(Strict):
    jmap: Annotated[Literal[1], BeforeValidator(no_bool_version)] = Field(description="Format version.")
    journey: Journey
    targets: Targets = Targets()
    scales: Scales = Scales()
    personas: List[Persona] = Field(default_factory=list)
    channels: List[Annotated[Channel, BeforeValidator(channel_from_id, json_schema_input_type=Union[Slug, Channel])]] = Field(
        default_factory=list, description="Channels the map uses: plain ids or {id, name} mappings.")
    stages: List[Stage] = Field(min_length=1)
    measured: Optional[Measured] = Field(None, description="Written by jmap measure --write: what the measured numbers cover.")

    def touchpoints(self):
        """Every touchpoint with its stage index and its index in that stage, in map order."""
        for s, stage in enumerate(self.stages):
            for t, touchpoint in enumerate(stage.touchpoints):
                yield s, t, stage, touchpoint


def json_schema() -> dict:
    schema = JourneyMap.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://raw.githubusercontent.com/jmap-dev/jmap/main/schema/jmap.schema.json"
    schema["title"] = "jmap journey map"
    return schema


def schema_text() -> str:
    import json

    return json.dumps(json_schema(), indent=2, sort_keys=False, ensure_ascii=False) + "\n"
