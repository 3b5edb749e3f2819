"""`make fuzz`: the long fuzzing run, not part of `make test`.

1. The hypothesis properties of tests/test_fuzz.py and tests/test_fuzz_commands.py (every
   command and format on mutated, corrupted, huge and deeply nested maps) and of
   tests/test_quick_model.py (the quick path agrees with the model) with a large budget.
   Then, counted class by class, tests/test_fuzz_hostile.py: configuration patterns, huge
   integers, look-alike text (JM311, CSV cells) and anchored counts under import.
2. The atheris harnesses for the loader and the validator (coverage-guided, libFuzzer), or,
   where atheris is not installed, the same harness functions on mutated corpus inputs.

    python fuzz/run.py [--examples 2000] [--loader-runs 300000] [--validate-runs 50000]

Prints how many inputs each part tried and exits 1 if anything failed; crashing inputs are
saved under fuzz/crashes/ (copy each to tests/regressions/ with a note, then fix it).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


PROPERTIES = ["tests/test_fuzz.py", "tests/test_fuzz_commands.py", "tests/test_quick_model.py", "tests/regressions"]
HOSTILE = "tests/test_fuzz_hostile.py"


def hypothesis_part(examples: int, files=PROPERTIES) -> tuple[int, bool, dict]:
    """(inputs tried, passed, inputs per property) for the hypothesis properties in `files`."""
    env = dict(os.environ, JMAP_FUZZ_EXAMPLES=str(examples))
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--hypothesis-show-statistics", *files]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    print(done.stdout[-4000:] if done.returncode else done.stdout.splitlines()[-1])
    if done.returncode:
        print(done.stderr[-2000:], file=sys.stderr)
    per_test = {}
    for name, block in re.findall(r"::(test_\w+):\n\n(.*?)(?=\n[^ \n]|\Z)", done.stdout, re.S):
        per_test[name] = sum(int(a) + int(b) for a, b in re.findall(r"- (\d+) passing, (\d+) failing", block))
    tried = sum(int(a) + int(b) for a, b in re.findall(r"- (\d+) passing, (\d+) failing", done.stdout))
    return tried, done.returncode == 0, per_test


def harness_part(script: str, runs: int) -> tuple[int, bool]:
    command = [sys.executable, str(HERE / script), f"-runs={runs}", "-max_len=65536", "-timeout=20",
               "-rss_limit_mb=2048", "-print_final_stats=1"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    text = done.stdout + done.stderr
    counted = re.findall(r"Done (\d+) runs", text) or re.findall(r": (\d+) inputs, \d+ crashes", text)
    tried = int(counted[-1]) if counted else 0
    if done.returncode:
        print(text[-3000:], file=sys.stderr)
    return tried, done.returncode == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000, help="hypothesis examples per property")
    parser.add_argument("--loader-runs", type=int, default=300_000)
    parser.add_argument("--validate-runs", type=int, default=50_000)
    args = parser.parse_args()
    started = time.monotonic()
    results = {}
    print(f"== hypothesis: {args.examples} examples per property", flush=True)
    results["hypothesis (every command and format)"] = hypothesis_part(args.examples)[:2]
    print(f"== hostile classes: {args.examples} examples per property", flush=True)
    tried, ok, per_test = hypothesis_part(args.examples, [HOSTILE])
    for name, count in per_test.items():
        print(f"   {name:80} {count:>8,} inputs")
    results["hostile classes (patterns, integers, look-alikes, anchors)"] = (tried, ok)
    for script, runs in (("fuzz_loader.py", args.loader_runs), ("fuzz_validate.py", args.validate_runs)):
        print(f"== {script}: {runs} runs", flush=True)
        results[script] = harness_part(script, runs)
    print()
    for name, (tried, ok) in results.items():
        print(f"{name:58} {tried:>10,} inputs  {'ok' if ok else 'FAILED'}")
    print(f"{'total':58} {sum(t for t, _ in results.values()):>10,} inputs  in {time.monotonic() - started:.0f} s")
    crashes = sorted((HERE / "crashes").glob("*")) if (HERE / "crashes").exists() else []
    if crashes:
        print(f"{len(crashes)} crashing inputs saved in fuzz/crashes/")
    return 0 if all(ok for _, ok in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
