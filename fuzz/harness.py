"""What the fuzzers share: the property every input must keep, a seed corpus, and a driver without atheris.

The property: jmap turns any input into diagnostics with known codes and valid positions,
never an exception. A failing input is saved under fuzz/crashes/ so it can be copied to
tests/regressions/, where tests/test_fuzz_commands.py replays it through every command.
"""

from __future__ import annotations

import hashlib
import random
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
CRASHES = Path(__file__).resolve().parent / "crashes"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def seed_corpus() -> list[bytes]:
    """The sample maps, the test fixtures and every kept regression input."""
    found = []
    for folder, pattern in ((ROOT / "samples", "**/*.yaml"), (ROOT / "tests" / "data", "**/*.yaml"),
                            (ROOT / "tests" / "regressions", "*.yaml"), (ROOT / "journeymap" / "templates", "*.yaml")):
        found += [p.read_bytes() for p in sorted(folder.glob(pattern)) if p.is_file()]
    return found or [b"jmap: 1\n"]


def save_crash(data: bytes, name: str) -> Path:
    CRASHES.mkdir(exist_ok=True)
    path = CRASHES / f"{name}-{hashlib.sha256(data).hexdigest()[:16]}.bin"
    path.write_bytes(data)
    return path


_TOKENS = [b"&a ", b"*a", b"<<: *a\n", b"\t", b"\x00", b"\xff", b"\x1b[31m", b"!!binary ", b"%YAML 1.1\n",
           b"---\n", b"...\n", b"? ", b"|\n", b">-\n", b"\r", b"\xe2\x80\xae", b"[", b"]", b"{", b"}", b": ", b"- ",
           b"'", b'"', b"#", b"\n  ", b"1e999", b"-0", b".nan", b"0x1F", b"~", b"null", b"true", b"NO"]


def mutate(data: bytes, rng: random.Random) -> bytes:
    """A libFuzzer-like mutation: flips, cuts, inserts of YAML tokens, splices, repeats and truncation."""
    raw = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        at = rng.randint(0, len(raw)) if raw else 0
        action = rng.randrange(7)
        if action == 0 and raw:
            raw[min(at, len(raw) - 1)] = rng.randrange(256)
        elif action == 1:
            del raw[at:at + rng.randint(1, 64)]
        elif action == 2:
            raw[at:at] = rng.choice(_TOKENS)
        elif action == 3 and raw:
            start = rng.randrange(len(raw))
            raw[at:at] = raw[start:start + rng.randint(1, 256)]
        elif action == 4 and raw:
            start = rng.randrange(len(raw))
            raw[at:at] = raw[start:start + rng.randint(1, 16)] * rng.randint(2, 200)
        elif action == 5:
            del raw[at:]
        else:
            raw[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
    return bytes(raw[:1 << 20])


def drive(target: Callable[[bytes], None], runs: int, seed: int = 0, name: str = "fuzz",
          time_limit: float = 0) -> dict:
    """Run `target` on `runs` mutated corpus inputs (no atheris needed); returns counts and crashes."""
    rng = random.Random(seed)
    corpus = seed_corpus()
    started = time.monotonic()
    crashes, tried = [], 0
    for tried in range(1, runs + 1):  # noqa: B007 - the count is reported after the loop
        data = mutate(rng.choice(corpus), rng) if rng.random() < 0.9 else rng.randbytes(rng.randint(0, 4096))
        try:
            target(data)
        except Exception as error:  # noqa: BLE001 - a fuzz finding, saved and reported
            path = save_crash(data, name)
            crashes.append((path, f"{type(error).__name__}: {error}"))
            print(f"{name}: crash saved to {path}: {type(error).__name__}: {error}", file=sys.stderr)
        else:
            if rng.random() < 0.02 and len(corpus) < 5000:
                corpus.append(data)  # keep some survivors to mutate further
        if time_limit and time.monotonic() - started > time_limit:
            break
    return {"inputs": tried, "crashes": crashes, "seconds": time.monotonic() - started}


def main(target: Callable[[bytes], None], name: str) -> None:
    """atheris when installed (coverage-guided, libFuzzer flags accepted), else the plain driver."""
    try:
        import atheris
    except ImportError:
        runs = next((int(a.split("=", 1)[1]) for a in sys.argv if a.startswith("-runs=")), 10_000)
        print(f"{name}: atheris is not installed; driving the harness with mutated corpus inputs", file=sys.stderr)
        result = drive(target, runs, name=name)
        print(f"{name}: {result['inputs']} inputs, {len(result['crashes'])} crashes, {result['seconds']:.0f} s")
        sys.exit(1 if result["crashes"] else 0)
    corpus = Path(__file__).resolve().parent / "corpus" / name
    if not corpus.exists():
        corpus.mkdir(parents=True)
        for i, data in enumerate(seed_corpus()):
            (corpus / f"seed-{i}").write_bytes(data)
    args = list(sys.argv)
    if not any(not a.startswith("-") for a in args[1:]):
        args.append(str(corpus))
    if not any(a.startswith("-artifact_prefix=") for a in args):
        CRASHES.mkdir(exist_ok=True)
        args.append(f"-artifact_prefix={CRASHES}/{name}-")
    atheris.Setup(args, target)
    atheris.Fuzz()
