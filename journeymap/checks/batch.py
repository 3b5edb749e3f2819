"""Validate many files in one process: the core of `jmap validate PATH…`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

from journeymap.base.diagnostics import Severity
from journeymap.checks.run import Run
from journeymap.load.settings import Settings

STDIN = "-"
STDIN_NAME = "<stdin>"


@dataclass
class Outcome:
    run: Run
    problems: list = field(default_factory=list)  # files that could not be read (exit 2)


def shown(diagnostics: list, settings: Settings) -> list:
    """The findings `validate` shows: info ones (JM309) only when the settings ask for them."""
    return [d for d in diagnostics if settings.show_info or d.severity > Severity.INFO]


def check_files(files: list[str], settings: Settings, read: Callable[[str], bytes],
                strict: bool = False, on_file: Optional[Callable[[str], None]] = None) -> Outcome:
    """Read and validate each file; info findings stay out unless the settings show them.

    `read` may raise OSError (the file is a problem of the run, exit 2) or loader.TooLarge (the
    file's JM004 finding)."""
    from journeymap.checks.validation import refused, validate_bytes
    from journeymap.load.loader import TooLarge

    outcome = Outcome(Run(failing=Severity.WARNING if strict else Severity.ERROR))
    for path in files:
        name = STDIN_NAME if path == STDIN else path
        try:
            result = validate_bytes(read(path), name, settings)
        except TooLarge as too_large:
            result = refused(name, too_large, settings)
        except OSError as error:
            outcome.problems.append(f"{name}: cannot read ({error.strerror or error})")
            result = None
        if result is not None:
            outcome.run.files.append(name)
            outcome.run.diagnostics.extend(shown(result.diagnostics, settings))
        if on_file is not None:
            on_file(name)
    outcome.run.diagnostics.sort(key=lambda d: d.sort_key())
    return outcome
