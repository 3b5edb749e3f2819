"""The report's header: the experience score of what the report looks at, from the roll-ups."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from journeymap.scoring.rollups import Scores
from journeymap.scoring.estimates import Experience


@dataclass(frozen=True)
class Summary:
    scope: str  # "journey", "stage" or "persona": whose roll-up the numbers are
    id: str
    experience: Optional[Experience]
    touchpoints: int
    responses: int
    surveyed: int = 0  # touchpoints whose survey evidence the score uses
    evidence: str = ""  # "from 11 of 13 touchpoints with survey data, 2,632 responses"
    no_interval: Optional[str] = None  # why the score has no interval, when it has none


def summary(scores: Scores, persona: Optional[str], stage: Optional[str]) -> Summary:
    """The stage's roll-up with --stage (it is the narrower view), else the persona's, else the journey's."""
    chosen = scores.journey
    if stage is not None:
        chosen = next(r for r in scores.stages if r.id == stage)
    elif persona is not None:
        chosen = next(r for r in scores.personas if r.id == persona)
    return Summary(chosen.kind, chosen.id, chosen.experience, chosen.touchpoints, chosen.responses,
                   chosen.surveyed, chosen.evidence(), chosen.no_interval)
