"""The service blueprint (`jmap render --view blueprint`): the lanes grid with a blueprint's rows.

Customer actions, then the line of interaction, frontstage actions, the line of visibility,
backstage actions, the line of internal interaction and support processes (Shostack 1984;
Bitner, Ostrom & Morgan 2008). Each row is one of the map's lanes (`doing`, `frontstage`,
`backstage`, `support`, or `systems` when the map calls its support processes that): a map
that does not declare one still gets the row, empty, because the gap is the finding.
"""

from __future__ import annotations

from typing import Optional

from journeymap.model.records import JourneyMap

LINES = {
    "line-interaction": "line of interaction",
    "line-visibility": "line of visibility",
    "line-internal": "line of internal interaction",
}


def support_lane(journey_map: JourneyMap) -> str:
    declared = {lane.id for lane in journey_map.lanes}
    return "systems" if "systems" in declared and "support" not in declared else "support"


def rows(journey_map: JourneyMap, facts: list, persona: Optional[str], builtin: dict) -> list[tuple]:
    """The blueprint's rows: the touchpoint and channel rows of the lanes view (`builtin`), the
    lanes, and the three lines between them (rows with no cells)."""
    from journeymap.outputs.render.lanes import lane_rows

    def lane(lane_id: str, label: str) -> tuple:
        return lane_rows(journey_map, facts, persona, [(lane_id, label)])[0]

    return [builtin["touchpoint"], builtin["channel"], lane("doing", "Customer actions"),
            ("line-interaction", LINES["line-interaction"], None), lane("frontstage", "Frontstage actions"),
            ("line-visibility", LINES["line-visibility"], None), lane("backstage", "Backstage actions"),
            ("line-internal", LINES["line-internal"], None), lane(support_lane(journey_map), "Support processes")]
