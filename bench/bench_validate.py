"""Issue targets for `jmap validate`, whole processes, best of N:
<= 1.3x a bare libyaml compose at 10,000 touchpoints; <= 0.5x check-jsonschema at 15, <= 0.10x at 10,000."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from genmap import generate
from run import Row
from timing import BIN, JMAP, ROOT, best_of

BARE_COMPOSE = "import sys, yaml; yaml.compose(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)"
BARE_COMPOSE_NO_GC = "import gc, sys, yaml; gc.disable(); yaml.compose(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)"


def run(work: Path) -> list[Row]:
    rows = []
    schema = str(ROOT / "schema" / "jmap.schema.json")
    checker = shutil.which("check-jsonschema", path=str(BIN))
    for size, repeat in ((10, 7), (15, 7), (1_000, 5), (10_000, 2)):
        path = work / f"generated-{size}.jmap.yaml"
        path.write_text(generate(size))
        mib = path.stat().st_size / 2**20
        jmap = best_of([JMAP, "validate", str(path), "--format", "json"], repeat)
        bare = best_of([sys.executable, "-c", BARE_COMPOSE, str(path)], repeat)
        bare_no_gc = best_of([sys.executable, "-c", BARE_COMPOSE_NO_GC, str(path)], repeat)
        rows.append(Row(f"validate {size:,} touchpoints ({mib:.2f} MiB)", jmap, "bare libyaml compose", bare,
                        "≤ 1.3× at 10,000" if size == 10_000 else "",
                        f"compose with GC paused: {bare_no_gc * 1000:.0f} ms ({jmap / bare_no_gc:.2f}×)"))
        if checker:
            peer = best_of([checker, "--schemafile", schema, str(path)], min(repeat, 3))
            target = {15: "≤ 0.5×", 10_000: "≤ 0.10×"}.get(size, "")
            rows.append(Row(f"validate {size:,} touchpoints", jmap, "check-jsonschema, jmap's schema", peer, target))
    return rows
