"""Regression: `jmap render` of a map with 500 touchpoints ran Graphviz for more than five minutes
(found while measuring render on generated maps). The flow view has since been made fast, and
Graphviz runs under a time bound (JMAP_GRAPHVIZ_TIMEOUT, default 120 s) so that no layout can
hang a run again: one that takes longer ends in one line, exit 2, the old output untouched.
A bound of a millisecond stands in for a layout slower than the bound."""

import os
import subprocess
import sys
import time

import pytest

from helpers import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from genmap import generate  # noqa: E402

sys.path.remove(str(ROOT / "bench"))


@pytest.mark.skipif(subprocess.run(["which", "dot"], capture_output=True).returncode != 0,
                    reason="Graphviz is not installed")
def test_a_slow_layout_is_stopped_with_one_line(tmp_path):
    big = tmp_path / "big.jmap.yaml"
    big.write_text(generate(500))
    out = tmp_path / "big.svg"
    out.write_text("old")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "journeymap", "render", str(big), "-o", str(out)],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "JMAP_GRAPHVIZ_TIMEOUT": "0.001", "PYTHONPATH": str(ROOT)})
    took = time.monotonic() - started
    assert done.returncode == 2, done.stderr
    assert "Graphviz took longer than 0.001 s" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert took < 30
    assert out.read_text() == "old"
    within = subprocess.run([sys.executable, "-m", "journeymap", "render", str(big), "-o", str(out)],
                            capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert within.returncode == 0, within.stderr  # under the default bound the same map renders
    assert out.read_text().lstrip().startswith("<?xml")
