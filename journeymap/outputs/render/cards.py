"""Texts about one touchpoint that both views show: its tooltip and its emotion per persona."""

from __future__ import annotations

from typing import Optional

from journeymap.scoring import estimates as scoring
from journeymap.model.records import JourneyMap
from journeymap.outputs import numbers
from journeymap.outputs.render.dot import clean, tooltip
from journeymap.outputs.render.facts import TouchpointFacts, experience_text, metric_text

TEXT_LIMIT = 200  # characters of one name, pain or opportunity in a tooltip
LIST_LIMIT = 8  # pains or opportunities listed in a tooltip


def emotion_text(journey_map: JourneyMap, facts: TouchpointFacts) -> Optional[str]:
    """`+1`, or `New visitor +1, Returning +2` when the map gives one per persona."""
    emotion = facts.touchpoint.emotion
    if emotion is None:
        return None
    if not isinstance(emotion, dict):
        return numbers.emotion(emotion)
    parts = []
    for persona in journey_map.personas:
        value = scoring.emotion_value(facts.touchpoint, persona.id)
        if value is not None:
            parts.append(f"{clean(persona.name, 40)} {numbers.emotion(value)}")
    return ", ".join(parts) or None


def _listed(label: str, items) -> list[str]:
    shown = [f"{label}: {clean(item, TEXT_LIMIT)}" for item in items[:LIST_LIMIT]]
    if len(items) > LIST_LIMIT:
        shown.append(f"\u2026 and {len(items) - LIST_LIMIT} more {label.lower()}s")
    return shown


def touchpoint_tooltip(journey_map: JourneyMap, facts: TouchpointFacts) -> str:
    """Every number behind a card, for hovering in the SVG."""
    tp = facts.touchpoint
    # Every tooltip starts with jmap's own words, so no attribute value ever starts with user text.
    lines = [f"Touchpoint: {clean(tp.name, TEXT_LIMIT)}",
             f"Stage: {clean(facts.stage.name, 80)} | Channel: {clean(facts.channel_name, 80)}"
             + (f" | Owner: {clean(tp.owner, 80)}" if tp.owner else " | no owner")]
    lines.append(f"Experience score: {experience_text(facts.experience)}"
                 + (" (95% interval)" if facts.experience and facts.experience.low is not None else ""))
    lines.extend(metric_text(e) for e in facts.estimates.values())
    for metric, n in facts.low_sample:
        lines.append(f"Low sample: {metric.upper()} rests on {numbers.plural(n, 'answer')}")
    emotion = emotion_text(journey_map, facts)
    if emotion:
        lines.append(f"Emotion: {emotion}")
    if tp.reach is not None:
        lines.append(f"Reach: {numbers.count(tp.reach)}")
    lines.extend(_listed("Pain", tp.pains))
    lines.extend(_listed("Opportunity", tp.opportunities))
    return '"' + tooltip(lines) + '"'
