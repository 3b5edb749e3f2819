"""500 generated maps in one folder, validated by one `jmap validate` process.

The peer is check-jsonschema over the same files with the published schema: it only checks
structure, so it is the floor for "parse every file and look at it" in one process.
"""

from __future__ import annotations

import sys
from pathlib import Path

from genmap import generate
from run import Row
from timing import BIN, JMAP, ROOT, best_of

MAPS = 500
TOUCHPOINTS = 20  # a realistic map has a few dozen


def write_maps(folder: Path, count: int = MAPS) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"map-{i:04d}.jmap.yaml"
        path.write_text(generate(TOUCHPOINTS, seed=i))
        paths.append(path)
    return paths


def run(work: Path) -> list[Row]:
    paths = write_maps(work / "maps")
    jmap = best_of([JMAP, "validate", str(work / "maps"), "--format", "parsable"], repeat=3)
    peer_tool = BIN / "check-jsonschema"
    peer = None
    if peer_tool.exists():
        peer = best_of([str(peer_tool), "--schemafile", str(ROOT / "schema" / "jmap.schema.json"),
                        *map(str, paths)], repeat=1)  # some forty seconds a run
    return [Row(f"validate {MAPS} maps × {TOUCHPOINTS} touchpoints, one process", jmap,
                "check-jsonschema" if peer is not None else "", peer,
                "< 10 s", f"{jmap / MAPS * 1000:.1f} ms per map")]


if __name__ == "__main__":
    import tempfile

    sys.path.insert(0, str(Path(__file__).parent))
    with tempfile.TemporaryDirectory() as scratch:
        for row in run(Path(scratch)):
            print(row)
