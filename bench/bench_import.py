"""`jmap import` on a generated 1,000,000-row CSV against just reading it with Python's csv module.

The peer is a whole `python -c` process that reads the file with csv.reader and does nothing
else: the floor any CSV importer in Python stands on. Target: jmap within 2x of it.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from genmap import generate
from run import Row
from timing import JMAP, best_of, peak_rss_kib

METRICS = (("csat", 1, 5), ("nps", 0, 10), ("ces", 1, 7))


def write_responses(path: Path, touchpoints: list[str], rows: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    with open(path, "w", newline="") as out:
        out.write("touchpoint,metric,answer,date\n")
        days = [f"2024-07-{d:02d}" for d in range(1, 31)]
        for _ in range(rows):
            metric, low, high = METRICS[rng.randrange(3)]
            out.write(f"{rng.choice(touchpoints)},{metric},{rng.randint(low, high)},{rng.choice(days)}\n")


def run(work: Path) -> list[Row]:
    touchpoints = 50
    map_text = generate(touchpoints)
    ids = [line.split("id: ", 1)[1] for line in map_text.splitlines() if line.startswith("      - id: ")]
    rows_out = []
    for rows in (100_000, 1_000_000):
        csv_path = work / f"responses-{rows}.csv"
        write_responses(csv_path, ids, rows)
        map_path = work / "map.jmap.yaml"
        map_path.write_text(map_text)
        out = work / "out.jmap.yaml"
        command = [JMAP, "import", str(csv_path), str(map_path), "-o", str(out), "--replace"]
        peer = [sys.executable, "-c",
                "import csv, sys\nwith open(sys.argv[1], newline='') as f:\n    for _ in csv.reader(f): pass",
                str(csv_path)]
        rss = peak_rss_kib(command)
        if rows == 100_000:
            rss_100k = rss
            continue
        jmap_time = best_of(command, repeat=3)
        peer_time = best_of(peer, repeat=3)
        rows_out.append(Row(f"import {rows:,}-row CSV into a {touchpoints}-touchpoint map", jmap_time,
                            "python csv.reader, read only", peer_time, "≤ 2×",
                            f"peak RSS {rss_100k / 1024:.0f} MiB at 100k rows, {rss / 1024:.0f} MiB at 1M"))
    return rows_out
