"""What every command shares: reading inputs, writing outputs, exit codes, colour."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE = 0, 1, 2


class UsageProblem(Exception):
    """A problem with what the user asked for: one line on stderr, exit 2."""


def fail(message: str) -> None:
    raise UsageProblem(message)


def read_input(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    with open(path, "rb") as handle:
        return handle.read()


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


