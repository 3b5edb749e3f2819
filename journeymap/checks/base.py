"""What every semantic rule sees and yields."""

from __future__ import annotations

from dataclasses import dataclass, field

from journeymap.base.diagnostics import Path
from journeymap.model.records import JourneyMap, Touchpoint
from journeymap.load.settings import Settings


@dataclass
class MapContext:
    """A valid map plus the lookups most rules need, built once per file."""

    map: JourneyMap
    settings: Settings = field(default_factory=Settings)
    cache: dict = field(default_factory=dict)

    @staticmethod
    def touchpoint_path(stage_index: int, touchpoint_index: int) -> Path:
        return ("stages", stage_index, "touchpoints", touchpoint_index)

    def touchpoints_by_id(self) -> dict[str, tuple[int, int, Touchpoint]]:
        """First occurrence of each touchpoint id (duplicates are JM201's business)."""
        found = self.cache.get("touchpoints")
        if found is None:
            found = {}
            for s, t, _stage, tp in self.map.touchpoints():
                found.setdefault(tp.id, (s, t, tp))
            self.cache["touchpoints"] = found
        return found

    def persona_ids(self) -> list[str]:
        return [p.id for p in self.map.personas]

    def serves(self, touchpoint: Touchpoint) -> list[str]:
        """The personas a touchpoint serves: those it names, or all of them when it names none."""
        return list(touchpoint.personas) if touchpoint.personas is not None else self.persona_ids()

    def uses_next(self) -> bool:
        return any(tp.next for _s, _t, _stage, tp in self.map.touchpoints())

    def estimates(self, stage_index: int, touchpoint_index: int) -> dict:
        """Each touchpoint's CSAT/NPS/CES estimates, computed once for all the rules that need them."""
        from journeymap.scoring.estimates import touchpoint_estimates

        key = ("estimates", stage_index, touchpoint_index)
        if key not in self.cache:
            tp = self.map.stages[stage_index].touchpoints[touchpoint_index]
            self.cache[key] = touchpoint_estimates(tp, self.map.scales)
        return self.cache[key]

    def targets(self, stage_index: int, touchpoint_index: int) -> dict:
        """Each touchpoint's effective targets (defaults, configuration, map, stage, touchpoint), worked
        out once for the rule, the roll-ups and the gaps that compare against them."""
        from journeymap.scoring.estimates import effective_targets

        key = ("targets", stage_index, touchpoint_index)
        if key not in self.cache:
            stage = self.map.stages[stage_index]
            self.cache[key] = effective_targets(self.map, stage, stage.touchpoints[touchpoint_index], self.settings)
        return self.cache[key]
