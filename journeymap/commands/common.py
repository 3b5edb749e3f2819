"""What every command shares: reading inputs, writing outputs, exit codes, colour."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Optional

EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE = 0, 1, 2


class UsageProblem(Exception):
    """A problem with what the user asked for: one line on stderr, exit 2."""


def fail(message: str) -> None:
    raise UsageProblem(message)


def read_input(path: str, limit: Optional[int] = None) -> bytes:
    """A file's bytes (`-`: stdin), never more than `limit` + 1 of them (default: the loader's max_bytes).

    A regular file over the limit is refused from its size alone, without reading it; a stream
    is read up to one byte past the limit. Either way the caller gets a `loader.Oversized`,
    which the loader reports as JM004, so a 100 MB file costs no memory and no time.
    """
    from journeymap.loader import Limits, Oversized

    limit = Limits.max_bytes if limit is None else limit
    if path == "-":
        data = sys.stdin.buffer.read(limit + 1)
        return Oversized(None, limit) if len(data) > limit else data
    with open(path, "rb") as handle:
        info = os.fstat(handle.fileno())
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:
            return Oversized(info.st_size, limit)
        data = handle.read(limit + 1)
    return Oversized(None, limit) if len(data) > limit else data


def write_output(text: str, output: Optional[Path]) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from journeymap.files import write_atomic

    write_atomic(output, text.encode("utf-8"))


def color_wanted(stream=None) -> bool:
    stream = stream or sys.stdout
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


