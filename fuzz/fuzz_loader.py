"""Fuzz the loader: any bytes become a document or JM001-JM004 diagnostics, never an exception.

    python fuzz/fuzz_loader.py -runs=200000 -max_len=65536     (atheris / libFuzzer flags)

Without atheris installed the same harness runs on mutated corpus inputs (see harness.py).
"""

from __future__ import annotations


from harness import main

try:
    import atheris
except ImportError:  # the plain driver needs no instrumentation
    atheris = None

if atheris is not None:
    with atheris.instrument_imports():
        from journeymap.checks.codes import all_codes
        from journeymap.load.loader import Limits, load
else:
    from journeymap.checks.codes import all_codes
    from journeymap.load.loader import Limits, load

KNOWN = set(all_codes())
# Small bounds so that the fuzzer reaches every refusal quickly and no input costs much.
LIMITS = Limits(max_bytes=256 * 1024, max_depth=32, max_nodes=50_000, max_string=10_000)


def test_one_input(data: bytes) -> None:
    document = load(data, "fuzz.jmap.yaml", LIMITS)
    for d in document.diagnostics:
        if d.code not in KNOWN or d.line < 1 or d.column < 1 or not d.message:
            raise AssertionError(f"bad diagnostic {d}")
    if document.data is not None and not isinstance(document.data, dict):
        raise AssertionError(f"loaded a {type(document.data).__name__} as a map")
    if document.data is None and not document.diagnostics:
        raise AssertionError("no data and no diagnostic")


if __name__ == "__main__":
    main(test_one_input, "loader")
