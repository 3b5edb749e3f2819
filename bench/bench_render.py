"""`jmap render` to SVG as a whole process, beside `dot -Tsvg` on the DOT that jmap wrote.

jmap's own share is everything but the layout: the whole `jmap render -o map.svg` minus
`dot -Tsvg map.dot` (the same DOT). It is also measured directly as `jmap render --format dot`.
Target: jmap's share under 150 ms at 25 touchpoints.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from genmap import generate
from run import Row
from timing import JMAP, best_of

SIZES = tuple(int(s) for s in os.environ.get("BENCH_RENDER_SIZES", "25,100,1000").split(","))
TARGET_SECONDS = 0.150


def build_seconds(source: Path, view: str, repeat: int = 5) -> float:
    """In-process time of building the DOT alone (the map already validated)."""
    from journeymap.outputs.render import build_dot
    from journeymap.checks.validation import validate_bytes

    journey_map = validate_bytes(source.read_bytes(), str(source)).map
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        build_dot(journey_map, view)
        best = min(best, time.perf_counter() - start)
    return best


def run(work: Path) -> list[Row]:
    rows = []
    for size in SIZES:
        source = work / f"map-{size}.jmap.yaml"
        source.write_text(generate(size))
        repeat = 9 if size <= 25 else 5 if size <= 100 else 2  # the 25-touchpoint share is a target: more runs
        validate = best_of([JMAP, "validate", str(source)], repeat=repeat)
        for view in ("flow", "lanes"):
            dot_file = work / f"map-{size}-{view}.dot"
            svg_file = work / f"map-{size}-{view}.svg"
            best_of([JMAP, "render", str(source), "--view", view, "-o", str(dot_file)], repeat=1)
            whole = best_of([JMAP, "render", str(source), "--view", view, "-o", str(svg_file)], repeat=repeat)
            layout = best_of(["dot", "-Tsvg", str(dot_file), "-o", str(work / "plain.svg")], repeat=repeat)
            dot_only = best_of([JMAP, "render", str(source), "--view", view, "-o", str(dot_file)], repeat=repeat)
            share = whole - layout
            target = f"share < {TARGET_SECONDS * 1000:.0f} ms" if size == 25 else "growth"
            verdict = "" if size != 25 else (" (met)" if share < TARGET_SECONDS else " (missed)")
            rows.append(Row(
                benchmark=f"render {view}, {size} touchpoints, to SVG",
                jmap_seconds=whole,
                peer="dot -Tsvg on jmap's DOT",
                peer_seconds=layout,
                target=target + verdict,
                note=(f"jmap share {share * 1000:.0f} ms; render --format dot {dot_only * 1000:.0f} ms; "
                      f"of which building the DOT {build_seconds(source, view) * 1000:.1f} ms; "
                      f"jmap validate alone {validate * 1000:.0f} ms; SVG {svg_file.stat().st_size // 1024} KiB"),
            ))
    return rows
