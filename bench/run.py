"""`make bench`: run every bench/bench_*.py and print one table of results, each beside its peer.

Each module has `run(work: pathlib.Path) -> list[Row]`; `work` is a scratch folder.
Times are wall-clock seconds of whole processes unless a row says otherwise (best of N).
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

HERE = Path(__file__).resolve().parent


@dataclass
class Row:
    benchmark: str
    jmap_seconds: float
    peer: str = ""
    peer_seconds: Optional[float] = None
    target: str = ""
    note: str = ""

    @property
    def ratio(self) -> Optional[float]:
        if self.peer_seconds:
            return self.jmap_seconds / self.peer_seconds
        return None


def table(rows: list[Row]) -> str:
    lines = ["| benchmark | jmap | peer | peer time | ratio | target | note |",
             "|---|---:|---|---:|---:|---|---|"]
    for r in rows:
        peer_time = f"{r.peer_seconds * 1000:.1f} ms" if r.peer_seconds is not None else ""
        ratio = f"{r.ratio:.2f}×" if r.ratio is not None else ""
        lines.append(f"| {r.benchmark} | {r.jmap_seconds * 1000:.1f} ms | {r.peer} | {peer_time} | {ratio} | {r.target} | {r.note} |")
    return "\n".join(lines)


def main(selected: list[str]) -> None:
    sys.path.insert(0, str(HERE))
    rows: list[Row] = []
    for path in sorted(HERE.glob("bench_*.py")):
        if selected and not any(s in path.stem for s in selected):
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        with tempfile.TemporaryDirectory() as work:
            print(f"running {path.stem} …", file=sys.stderr, flush=True)
            rows.extend(module.run(Path(work)))
    text = table(rows)
    print(text)
    (HERE / "results.md").write_text(text + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
