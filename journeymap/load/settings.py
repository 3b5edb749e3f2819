"""What a run may change: which codes are on, at which level, targets, thresholds and limits.

`config.py` fills this from `.jmap.yaml` / `pyproject.toml`; the core only reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from journeymap.base.diagnostics import Severity
from journeymap.load.loader import Limits

DEFAULT_TARGETS = {"csat": 0.80, "nps": 30.0}
# CES 5.0 on the default 1-7 scale: two thirds of the way up, whatever scale a map declares.
DEFAULT_CES_TARGET_FRACTION = (5.0 - 1.0) / (7.0 - 1.0)
LOW_SAMPLE_THRESHOLD = 30
DEFAULT_PATTERNS = ("*.jmap.yaml", "*.jmap.yml")


@dataclass(frozen=True)
class Settings:
    disabled: frozenset = frozenset()  # codes switched off
    levels: dict = field(default_factory=dict)  # code -> Severity override
    targets: dict = field(default_factory=dict)  # csat/nps/ces defaults under the map's own
    low_sample: int = LOW_SAMPLE_THRESHOLD
    limits: Limits = Limits()
    show_info: bool = False  # info findings (JM309) are shown by validate only when asked
    patterns: tuple = DEFAULT_PATTERNS  # file names a folder search picks up
    ignore: tuple = ()  # gitignore-style patterns, relative to `root`
    root: Optional[str] = None  # the folder of the config file (else the working folder)
    source: Optional[str] = None  # the config file these came from
    report_unused_suppressions: bool = False  # `--strict`: a `# jmap: disable=` that hides nothing is JM005

    def level_of(self, code: str, default: Severity) -> Severity:
        return self.levels.get(code, default)
