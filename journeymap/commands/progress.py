"""Progress bars on stderr: only when stderr is a terminal, never on stdout, gone when the run ends."""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import Callable, Optional

# A run shorter than this ends before a bar is worth drawing (and a bar that flashes is noise).
SHOW_AFTER_SECONDS = 1.0


def terminal_bar(*columns):
    """A rich Progress on stderr that erases itself when it stops (colour only where colour is wanted)."""
    from rich.console import Console
    from rich.progress import Progress

    console = Console(file=sys.stderr, no_color="NO_COLOR" in os.environ)
    return Progress(*columns, console=console, transient=True)


class LongRunBar:
    """A bar for a run of unknown length, fed (stage, percent or None) from the engine's polling thread:
    the percent when the engine can tell, else a pulse; always the time the run has taken.

    Nothing is drawn until the run has lasted `after` seconds, so a quick run leaves stderr untouched;
    nothing at all unless `wanted` and stderr is a terminal (`watcher` is then None)."""

    def __init__(self, wanted: bool, after: float = SHOW_AFTER_SECONDS, clock: Callable[[], float] = time.monotonic):
        self.wanted = wanted and sys.stderr.isatty()
        self.after, self.clock = after, clock
        self.started = clock()
        self.bar = None
        self.task = None
        self.lock = threading.Lock()

    @property
    def watcher(self) -> Optional[Callable[[str, Optional[float]], None]]:
        return self.update if self.wanted else None

    def update(self, stage: str, percent: Optional[float]) -> None:
        with self.lock:
            elapsed = self.clock() - self.started
            if self.bar is None:
                if elapsed < self.after:
                    return
                from rich.progress import BarColumn, TextColumn

                self.bar = terminal_bar(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[done]}"))
                self.bar.start()
                self.task = self.bar.add_task(stage, total=None, done="")
            done = f"{elapsed:.0f} s" if percent is None else f"{percent:3.0f}%  {elapsed:.0f} s"
            self.bar.update(self.task, description=stage, total=None if percent is None else 100,
                            completed=percent or 0, done=done)

    def __enter__(self) -> "LongRunBar":
        return self

    def __exit__(self, *_exc) -> None:
        with self.lock:
            if self.bar is not None:
                self.bar.stop()
                self.bar = None
