import textwrap
from pathlib import Path

import pytest

from journeymap.checks.validation import validate_bytes

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "online-store.jmap.yaml"


def check(text: str, settings=None):
    """Validate a dedented YAML snippet; returns the diagnostics."""
    from journeymap.load.settings import Settings

    raw = textwrap.dedent(text).encode("utf-8")
    return validate_bytes(raw, "map.jmap.yaml", settings or Settings()).diagnostics


def codes(diagnostics):
    return [(d.code, d.line, d.column) for d in diagnostics]


@pytest.fixture
def sample_path():
    return SAMPLE
