"""What a run may change: which codes are on, at which level, targets, thresholds and limits.

`config.py` fills this from `.jmap.yaml` / `pyproject.toml`; the core only reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from journeymap.diagnostics import Severity
from journeymap.loader import Limits

DEFAULT_TARGETS = {"csat": 0.80, "nps": 30.0}
# CES 5.0 on the default 1-7 scale: two thirds of the way up, whatever scale a map declares.
DEFAULT_CES_TARGET_FRACTION = (5.0 - 1.0) / (7.0 - 1.0)
LOW_SAMPLE_THRESHOLD = 30


@dataclass(frozen=True)
class Settings:
    disabled: frozenset = frozenset()  # codes switched off
    levels: dict = field(default_factory=dict)  # code -> Severity override
    targets: dict = field(default_factory=dict)  # csat/nps/ces defaults under the map's own
    low_sample: int = LOW_SAMPLE_THRESHOLD
    limits: Limits = Limits()
    show_info: bool = False  # info findings (JM309) are shown by validate only when asked
    patterns: tuple = ("*.jmap.yaml", "*.jmap.yml")
    ignore: tuple = ()
    source: Optional[str] = None  # the config file these came from

    def level_of(self, code: str, default: Severity) -> Severity:
        return self.levels.get(code, default)
