"""Start-up: `jmap --version` and `jmap validate` of a small map, beside a bare `python -c pass`.

And the cost of refusing a 100 MB file (sparse, so it takes no disk): jmap sees its size and
reports JM004 without reading it, so time and memory stay those of a small run.
"""

from __future__ import annotations

import sys
from pathlib import Path

from run import Row
from timing import JMAP, ROOT, best_of, peak_rss_kib

SAMPLE = ROOT / "samples" / "online-store.jmap.yaml"
REPEAT = 10


def run(work: Path) -> list[Row]:
    bare = best_of([sys.executable, "-c", "pass"], REPEAT, ok=(0,))
    rows = [
        Row("jmap --version", best_of([JMAP, "--version"], REPEAT, ok=(0,)), "python -c pass", bare,
            "< 150 ms", f"best of {REPEAT}"),
        Row("jmap validate, sample map", best_of([JMAP, "validate", str(SAMPLE)], REPEAT), "python -c pass", bare,
            "< 400 ms", f"best of {REPEAT}"),
    ]
    big = work / "huge.jmap.yaml"
    with open(big, "wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    refuse = best_of([JMAP, "validate", str(big)], 5, ok=(1,))
    small_rss = peak_rss_kib([JMAP, "validate", str(SAMPLE)])
    big_rss = peak_rss_kib([JMAP, "validate", str(big)])
    rows.append(Row("jmap validate, 100 MB file (JM004)", refuse, "python -c pass", bare, "< 1 s, no read",
                    f"peak RSS {big_rss / 1024:.0f} MiB (sample map: {small_rss / 1024:.0f} MiB)"))
    return rows
