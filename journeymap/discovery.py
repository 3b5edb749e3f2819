"""Which files a run checks: named files as given, folders searched for map files."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field

from journeymap.settings import Settings

STDIN = "-"


@dataclass
class Discovery:
    files: list = field(default_factory=list)  # paths to check, `-` for standard input
    problems: list = field(default_factory=list)  # one-line I/O messages (exit 2)


def _ignored(path: str, settings: Settings) -> bool:
    normal = path.replace(os.sep, "/").lstrip("./") if path not in (".", "..") else path
    for pattern in settings.ignore:
        pattern = pattern.rstrip("/")
        if fnmatch.fnmatch(normal, pattern) or fnmatch.fnmatch(normal, pattern + "/*") or \
                any(fnmatch.fnmatch(part, pattern) for part in normal.split("/")):
            return True
    return False


def discover(paths: list[str], settings: Settings = Settings()) -> Discovery:
    found = Discovery()
    for path in paths:
        if path == STDIN:
            found.files.append(STDIN)
        elif os.path.isdir(path):
            found.files.extend(_walk(path, settings, found))
        elif os.path.exists(path):
            found.files.append(path)  # named explicitly: checked whatever its name
        else:
            found.problems.append(f"{path}: no such file or folder")
    return found


def _walk(folder: str, settings: Settings, found: Discovery) -> list[str]:
    matches = []

    def complain(error: OSError) -> None:
        found.problems.append(f"{error.filename}: cannot read folder ({error.strerror})")

    for root, dirs, files in os.walk(folder, onerror=complain):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _ignored(os.path.join(root, d), settings))
        for name in sorted(files):
            if any(fnmatch.fnmatch(name, p) for p in settings.patterns):
                path = os.path.join(root, name)
                if not _ignored(path, settings):
                    matches.append(path)
    return matches
