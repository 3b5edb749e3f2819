"""One open map as the server knows it: its text, its settings and what `jmap validate` says of it.

The numbers behind hovers (scores, gaps) are computed on the first hover after a change, not on
every keystroke: diagnostics are what typing waits for.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from typing import Optional

from journeymap.load.settings import Settings
from journeymap.checks.validation import FileResult, validate_bytes


@dataclass
class MapState:
    path: str  # the file's path on disk ('' for an unsaved buffer)
    text: str
    settings: Settings
    included: bool  # whether `jmap validate FOLDER` would check this file
    config_problem: Optional[str] = None  # a broken configuration: reported once, defaults used
    encoding: str = "utf-16"  # the protocol's column unit agreed with the client
    result: FileResult = field(init=False)

    def __post_init__(self) -> None:
        self.result = validate_bytes(self.text.encode("utf-8", "surrogatepass"), self.path, self.settings)

    @cached_property
    def findings(self) -> list:
        """Exactly the findings `jmap validate` shows for this file."""
        from journeymap.checks.batch import shown

        return shown(self.result.diagnostics, self.settings)

    @cached_property
    def lines(self):
        from journeymap.lsp.positions import Lines

        return Lines(self.text, self.encoding)

    @cached_property
    def ids(self):
        from journeymap.lsp.ids import IdIndex

        return IdIndex(self.result.document)

    @cached_property
    def scores(self):
        """`jmap score`'s numbers, or None for a map the commands would refuse."""
        if not self.result.usable:
            return None
        from journeymap.scoring.rollups import score_map

        return score_map(self.result.map, self.settings, self.result.context)

    @cached_property
    def gaps(self):
        """`jmap report`'s gap analysis, or None for a map the commands would refuse."""
        if not self.result.usable:
            return None
        from journeymap.gaps import analyse

        return analyse(self.result.map, self.settings, context=self.result.context, scores=self.scores)


def settings_for(path: str) -> tuple[Settings, Optional[str]]:
    """The configuration `jmap validate` finds upward from the file's folder; defaults and the
    problem's text when that configuration is broken."""
    from journeymap.load.config import ConfigError, load_settings

    folder = os.path.dirname(path) if path else os.getcwd()
    try:
        return load_settings(None, folder), None
    except ConfigError as problem:
        return Settings(root=folder), str(problem)


def open_map(path: str, text: str, encoding: str = "utf-16") -> MapState:
    from journeymap.load.discovery import included

    settings, problem = settings_for(path)
    return MapState(path, text, settings, included=bool(path) and included(path, settings),
                    config_problem=problem, encoding=encoding)
