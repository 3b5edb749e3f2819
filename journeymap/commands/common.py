"""What every command shares: reading inputs, writing outputs, exit codes, colour."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Callable, Iterable, Optional

EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE = 0, 1, 2


class UsageProblem(Exception):
    """A problem with what the user asked for: one line on stderr, exit 2."""


def fail(message: str) -> None:
    raise UsageProblem(message)


def read_input(path: str, limit: Optional[int] = None) -> bytes:
    """A file's bytes (`-`: stdin), never more than `limit` + 1 of them (default: the loader's max_bytes).

    Over the limit it raises `loader.TooLarge` (JM004): a regular file is refused from its size
    alone, without reading it, a stream once one byte past the limit is read, so a 100 MB file
    costs no memory and no time. An unreadable file raises OSError.
    """
    from journeymap.load.loader import Limits, TooLarge

    limit = Limits.max_bytes if limit is None else limit
    if path == "-":
        data = sys.stdin.buffer.read(limit + 1)
    else:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISREG(info.st_mode) and info.st_size > limit:
                raise TooLarge(info.st_size, limit)
            data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(None, limit)
    return data


def write_output(text: str, output: Optional[Path], inputs: Iterable[str] = ()) -> None:
    """Standard output, or the file atomically and never over one of the command's inputs."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from journeymap.base.files import write_atomic
    from journeymap.base.textsafe import inert

    for stray in write_atomic(output, text.encode("utf-8"), inputs=[i for i in inputs if i != "-"]):
        print(f"jmap: removed {inert(stray)}, a temporary file left by an interrupted run", file=sys.stderr)


def display_name(path: str) -> str:
    return "<stdin>" if path == "-" else path


def settings_for(config: Optional[str], **overrides):
    """The run's settings, built here for every command: `--config`, else the configuration found
    upward from the working folder; the command line's overrides (those not None) win."""
    from journeymap.load.config import ConfigError, load_settings

    try:
        return load_settings(config, os.getcwd(), **{k: v for k, v in overrides.items() if v is not None})
    except ConfigError as problem:
        fail(str(problem))


MIN_WIDTH = 40  # below this no table is readable: draw at 40 and let the terminal wrap


def terminal_width() -> int:
    """The columns a table may use: the terminal's (or COLUMNS), never under MIN_WIDTH."""
    import shutil

    return max(MIN_WIDTH, shutil.get_terminal_size((100, 24)).columns)


def read_map(path: str, settings=None) -> bytes:
    """A map's bytes for a command; an unreadable file is a one-line exit 2."""
    try:
        return read_input(path, settings.limits.max_bytes if settings is not None else None)
    except OSError as error:
        fail(f"{display_name(path)}: cannot read ({error.strerror or error})")


def valid_map(read: Callable[[], bytes], name: str, settings=None, verb: str = "used") -> tuple:
    """(model, raw bytes) of a map with no error, for the commands that work on valid maps only."""
    result, raw = valid_result(read, name, settings, verb)
    return result.map, raw


def valid_result(read: Callable[[], bytes], name: str, settings=None, verb: str = "used") -> tuple:
    """(validation result, raw bytes) of a map with no error; the result carries the map and the
    context its rules worked out, which score and report reuse.

    `read` gives the map's bytes; an input it refuses as too large is the map's JM004 error. A map
    with errors gets them on stderr as `FILE:LINE:COL: [error] message (code)`, then one line
    saying what was not done, and exit 1: the findings are the map's, not the run's.
    """
    import typer

    from journeymap.base.diagnostics import Severity
    from journeymap.base.textsafe import inert
    from journeymap.checks.validation import refused, validate_bytes
    from journeymap.load.loader import TooLarge
    from journeymap.load.settings import Settings
    from journeymap.outputs.validate.parsable import line

    settings = settings or Settings()
    raw = b""
    try:
        raw = read()
        result = validate_bytes(raw, name, settings)
    except TooLarge as too_large:
        result = refused(name, too_large, settings)
    errors = [d for d in result.diagnostics if d.severity == Severity.ERROR]
    if errors or not result.usable or result.map is None:
        for d in errors:
            typer.echo(line(d), err=True)
        shown = {(d.code, d.span, d.path, d.message) for d in errors}
        for d in result.blocking:
            if (d.code, d.span, d.path, d.message) not in shown:
                typer.echo(f"{line(d)} (hidden by the configuration or a suppression, still an error here)", err=True)
        typer.echo(f"jmap: {inert(name)}: not {verb}: the map has errors", err=True)
        raise typer.Exit(EXIT_FINDINGS)
    return result, raw


def load_valid_map(path: str, settings=None, verb: str = "used"):
    """read_map then valid_map: (model, raw bytes)."""
    return valid_map(lambda: read_map(path, settings), display_name(path), settings, verb)


def load_valid_result(path: str, settings=None, verb: str = "used"):
    """read_map then valid_result: the validation result of a map with no error (map and context)."""
    return valid_result(lambda: read_map(path, settings), display_name(path), settings, verb)[0]


def color_wanted(stream=None) -> bool:
    stream = stream or sys.stdout
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


