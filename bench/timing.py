"""Helpers the benchmarks share: time a whole process, best of N."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
JMAP = str(BIN / "jmap")


def best_of(command: list[str], repeat: int = 5, stdin: bytes | None = None, ok=(0, 1)) -> float:
    """Fastest wall-clock time of `repeat` runs of a whole process."""
    best = float("inf")
    env = dict(os.environ, NO_COLOR="1")
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(command, input=stdin, capture_output=True, env=env)
        elapsed = time.perf_counter() - start
        if done.returncode not in ok:
            raise RuntimeError(f"{command} exited {done.returncode}: {done.stderr.decode()[:300]}")
        best = min(best, elapsed)
    return best


def peak_rss_kib(command: list[str]) -> int:
    """Peak resident memory (KiB) of one whole process, measured from a fresh parent."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True)
    return int(done.stdout.strip())
