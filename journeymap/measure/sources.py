"""Which event files a run reads: files, folders and globs, each with its format by extension."""

from __future__ import annotations

import glob as globbing
import os

from journeymap.measure.plan import MeasureError

FORMATS = {".csv": "csv", ".csv.gz": "csv", ".parquet": "parquet", ".jsonl": "json",
           ".ndjson": "json", ".jsonl.gz": "json", ".json": "json"}


def format_of(path: str) -> str | None:
    lower = path.lower()
    for suffix in sorted(FORMATS, key=len, reverse=True):
        if lower.endswith(suffix):
            return FORMATS[suffix]
    return None


def event_files(inputs: list[str]) -> dict[str, list[str]]:
    """Format -> files, in name order; a folder gives the event files under it."""
    found: dict[str, list[str]] = {}
    for given in inputs:
        if os.path.isdir(given):
            paths = [os.path.join(root, name) for root, _dirs, names in os.walk(given) for name in names
                     if format_of(name)]
            if not paths:
                raise MeasureError(f"{given}: no event files in this folder (.csv, .csv.gz, .parquet, .jsonl)")
        elif any(char in given for char in "*?["):
            paths = [p for p in globbing.glob(given, recursive=True) if os.path.isfile(p)]
            if not paths:
                raise MeasureError(f"{given}: no file matches")
        elif os.path.isfile(given):
            paths = [given]
        else:
            raise MeasureError(f"{given}: no such file")
        for path in paths:
            kind = format_of(path)
            if kind is None:
                raise MeasureError(f"{path}: unknown event file type (use .csv, .csv.gz, .parquet or .jsonl)")
            if os.path.getsize(path) == 0:
                raise MeasureError(f"{path}: the file is empty")
            found.setdefault(kind, []).append(path)
    return {kind: sorted(set(paths)) for kind, paths in found.items()}
