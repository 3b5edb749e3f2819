"""A map with its numbers worked out once: what the exports read, so that no output scores a map.

`jmap export` builds one from the validation that gated the map (its context already holds each
touchpoint's estimates and targets); the HTML page, the CSV and the Mermaid diagram only turn it
into text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Optional

from journeymap.checks.base import MapContext
from journeymap.gaps import GapReport, analyse
from journeymap.load.settings import Settings
from journeymap.model.records import JourneyMap
from journeymap.scoring.rollups import Scores, score_map


@dataclass(frozen=True)
class ScoredMap:
    map: JourneyMap
    scores: Scores  # every row and roll-up, as `jmap score` shows them
    report: GapReport  # the gaps, as `jmap report` shows them

    @cached_property
    def _rows(self) -> dict:
        return {row.touchpoint: row for row in self.scores.touchpoints}

    def row(self, touchpoint_id: str):
        """The score row of one touchpoint (a lookup: exports ask once per touchpoint)."""
        return self._rows[touchpoint_id]


def scored(journey_map: JourneyMap, settings: Settings = Settings(),
           context: Optional[MapContext] = None) -> ScoredMap:
    context = context if context is not None else MapContext(journey_map, settings)
    scores = score_map(journey_map, settings, context)
    return ScoredMap(journey_map, scores, analyse(journey_map, settings, context=context, scores=scores))
