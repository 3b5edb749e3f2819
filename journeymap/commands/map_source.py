"""Where a map comes from: a file, stdin or a git revision (`REV:PATH`)."""

from __future__ import annotations

import os
import subprocess
from typing import Optional

from journeymap.commands.common import fail, read_input
from journeymap.load.loader import Limits, TooLarge


def read_source(spec: str, limit: Optional[int] = None) -> bytes:
    """A path that exists is a file; `-` is stdin; `REV:PATH` is read with `git show`.

    Never more than `limit` bytes (default: the loader's max_bytes): a blob's size is asked of git
    first, so a 300 MB blob is refused (TooLarge, the map's JM004) without being read.
    """
    if spec == "-" or os.path.exists(spec):
        try:
            return read_input(spec, limit)
        except OSError as error:
            fail(f"{spec}: cannot read ({error.strerror or error})")
    if ":" not in spec:
        fail(f"{spec}: no such file (for a git revision write REV:PATH, e.g. HEAD~1:maps/journey.jmap.yaml)")
    if spec.startswith("-"):
        fail(f"{spec}: a git revision cannot start with '-'")
    limit = Limits.max_bytes if limit is None else limit
    try:
        size = subprocess.run(["git", "cat-file", "-s", spec], capture_output=True, timeout=60, check=False)
        if size.returncode == 0 and size.stdout.strip().isdigit() and int(size.stdout) > limit:
            raise TooLarge(int(size.stdout), limit)
        shown = subprocess.run(["git", "show", spec], capture_output=True, timeout=60, check=False)
    except FileNotFoundError:
        fail(f"{spec}: not a file, and git is not installed to read it as REV:PATH")
    except subprocess.TimeoutExpired:
        fail(f"{spec}: git show took longer than 60 s")
    if shown.returncode != 0:
        reason = shown.stderr.decode("utf-8", "replace").strip().splitlines()
        fail(f"{spec}: not a file, and git cannot show it ({reason[0] if reason else 'git show failed'})")
    if len(shown.stdout) > limit:
        raise TooLarge(len(shown.stdout), limit)
    return shown.stdout
