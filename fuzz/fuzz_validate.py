"""Fuzz the validator and every validate format: diagnostics only, and each format renders them.

    python fuzz/fuzz_validate.py -runs=100000 -max_len=65536     (atheris / libFuzzer flags)

Inputs that validate are also scored and gap-analysed, so the numbers code sees odd maps too.
Every loaded input is also read by both the quick path and the pydantic model, which must agree.
"""

from __future__ import annotations

import json

from harness import main
from pydantic import ValidationError

try:
    import atheris
except ImportError:
    atheris = None

if atheris is not None:
    with atheris.instrument_imports():
        from journeymap.checks.codes import all_codes
        from journeymap.base.diagnostics import Severity
        from journeymap.outputs.registry import VALIDATE, View
        from journeymap.checks.run import Run
        from journeymap.gaps import analyse
        from journeymap.model import definition as model
        from journeymap.model import quick as quick_model
        from journeymap.model import records
        from journeymap.load.loader import Limits
        from journeymap.scoring.rollups import score_map
        from journeymap.load.settings import Settings
        from journeymap.checks.validation import validate_bytes
else:
    from journeymap.checks.codes import all_codes
    from journeymap.base.diagnostics import Severity
    from journeymap.outputs.registry import VALIDATE, View
    from journeymap.checks.run import Run
    from journeymap.gaps import analyse
    from journeymap.model import definition as model
    from journeymap.model import quick as quick_model
    from journeymap.model import records
    from journeymap.load.loader import Limits
    from journeymap.scoring.rollups import score_map
    from journeymap.load.settings import Settings
    from journeymap.checks.validation import validate_bytes

KNOWN = set(all_codes())
SETTINGS = Settings(limits=Limits(max_bytes=256 * 1024, max_depth=32, max_nodes=50_000, max_string=10_000),
                    show_info=True)
FORMATS = tuple(f.name for f in VALIDATE.formats)


def quick_path_agrees(data) -> None:
    """The quick path may leave a map to pydantic, but never accept what it rejects or build it differently."""
    quick = quick_model.build(data)
    if quick is None:
        return
    try:
        slow = records.from_model(model.JourneyMap.model_validate(data))
    except ValidationError:
        raise AssertionError("the quick path accepted a map the model rejects") from None
    if quick != slow or repr(quick) != repr(slow):
        raise AssertionError("the quick path built a different map from the model's")


def test_one_input(data: bytes) -> None:
    result = validate_bytes(data, "fuzz.jmap.yaml", SETTINGS)
    if result.document is not None and result.document.data is not None:
        quick_path_agrees(result.document.data)
    for d in result.diagnostics:
        if d.code not in KNOWN or d.line < 1 or d.column < 1 or not d.message:
            raise AssertionError(f"bad diagnostic {d}")
    run = Run(failing=Severity.ERROR)
    run.files.append("fuzz.jmap.yaml")
    run.diagnostics.extend(result.diagnostics)
    for name in FORMATS:
        text = VALIDATE.render(name, run, View())
        if name in ("json", "sarif"):
            json.loads(text)
    if result.map is not None and not any(d.severity == Severity.ERROR for d in result.diagnostics):
        score_map(result.map, SETTINGS)
        analyse(result.map, SETTINGS)


if __name__ == "__main__":
    main(test_one_input, "validate")
