"""A 50,000-touchpoint map (26 MiB) through validate, score, report, diff and export: wall time and
peak memory of each whole process, run once (each takes seconds), against a target per command.

What bounds them: every command first loads and checks the whole map. The loader keeps the
position of every value for file:line:col diagnostics (about two thirds of the peak), then the
records; the command's own work is small beside that. `diff` holds two maps. `render` and the
HTML export refuse a map this large at once (render.MAX_DRAWN, 5,000 touchpoints): Graphviz's
layout of 50,000 nodes would run for hours.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from genmap import generate
from run import Row
from timing import JMAP

TOUCHPOINTS = 50_000
# (seconds, MiB) per command on a 2-core machine at rest: about 5x the 10,000-touchpoint figures.
TARGETS = {"validate": (20, 1600), "score": (20, 1600), "report": (25, 1700), "diff": (45, 1900),
           "export csv": (30, 1600), "render (refused)": (20, 1600)}

PROBE = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
         "done = subprocess.run(sys.argv[1:], capture_output=True); "
         "use = resource.getrusage(resource.RUSAGE_CHILDREN); "
         "print(time.perf_counter() - t, use.ru_utime + use.ru_stime, use.ru_maxrss, done.returncode); "
         "sys.stderr.write(done.stderr.decode()[-300:])")


def timed(command: list[str]) -> tuple[float, float, float, int, str]:
    """(wall seconds, CPU seconds, peak MiB, exit code, end of stderr) of one whole process.

    CPU seconds tell more than wall time on a shared machine, where other work stretches the latter."""
    done = subprocess.run([sys.executable, "-c", PROBE, *command], capture_output=True, text=True, check=True)
    seconds, cpu, kib, code = done.stdout.split()
    return float(seconds), float(cpu), int(kib) / 1024, int(code), done.stderr.strip()


def run(work: Path) -> list[Row]:
    old, new = work / "old.jmap.yaml", work / "new.jmap.yaml"
    old.write_text(generate(TOUCHPOINTS, seed=7))
    new.write_text(generate(TOUCHPOINTS, seed=8))  # the same ids, other numbers: every metric changes
    mib = old.stat().st_size / 2**20
    commands = {
        "validate": [JMAP, "validate", str(old), "--format", "json", "-o", str(work / "v.json")],
        "score": [JMAP, "score", str(old), "--format", "json", "-o", str(work / "s.json")],
        "report": [JMAP, "report", str(old), "--format", "json", "-o", str(work / "r.json")],
        "diff": [JMAP, "diff", str(old), str(new), "--format", "json", "-o", str(work / "d.json")],
        "export csv": [JMAP, "export", "--format", "csv", str(old), "-o", str(work / "e.csv")],
        "render (refused)": [JMAP, "render", str(old), "-o", str(work / "m.svg")],
    }
    rows = []
    for name, command in commands.items():
        seconds, cpu, peak, code, said = timed(command)
        limit_s, limit_mib = TARGETS[name]
        met = seconds <= limit_s and peak <= limit_mib
        note = f"CPU {cpu:.1f} s; peak RSS {peak:,.0f} MiB; exit {code}"
        if name.startswith("render"):
            note += f"; {said.splitlines()[-1][:90] if said else ''}"
        rows.append(Row(f"{name}, {TOUCHPOINTS:,} touchpoints ({mib:.0f} MiB)", seconds, "", None,
                        f"≤ {limit_s} s, ≤ {limit_mib:,} MiB ({'met' if met else 'not met'})", note))
    return rows
