"""Part of a map to draw: some stages (`--stage`), one persona's touchpoints (`--persona` with `--fit`).

The part is a map of its own (a copy with fewer stages and touchpoints), so every view draws it
unchanged; the numbers of each touchpoint do not depend on the others, so nothing shifts.
"""

from __future__ import annotations

from typing import Iterable, Optional

from journeymap.model.records import JourneyMap


class UnknownStage(ValueError):
    pass


def check_stages(journey_map: JourneyMap, stage_ids: Iterable[str]) -> list[str]:
    """The requested stage ids, each known to the map (UnknownStage names the first that is not)."""
    known = [stage.id for stage in journey_map.stages]
    wanted = list(dict.fromkeys(stage_ids))
    for stage_id in wanted:
        if stage_id not in known:
            raise UnknownStage(f"unknown stage {stage_id!r} (the map has: {', '.join(known)})")
    return wanted


def subset(journey_map: JourneyMap, stage_ids: Iterable[str] = (), persona: Optional[str] = None) -> JourneyMap:
    """The map with only the given stages (all when none) and, with a persona, only the touchpoints
    that serve it (a touchpoint without `personas` serves everyone)."""
    wanted = set(check_stages(journey_map, stage_ids))
    stages = []
    for stage in journey_map.stages:
        if wanted and stage.id not in wanted:
            continue
        if persona is not None:
            stage = stage.replace(touchpoints=[tp for tp in stage.touchpoints
                                               if tp.personas is None or persona in tp.personas])
        stages.append(stage)
    return journey_map.replace(stages=stages)
