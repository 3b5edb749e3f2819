"""One pass per run: `jmap score`, `jmap report` and `jmap export` work out each touchpoint's
estimates and targets once (in the validation that gates them) and hand them down to the roll-ups,
the gaps and the outputs, which never score a map themselves."""

from collections import Counter

import pytest

from journeymap.scoring import estimates

from helpers import SAMPLE


@pytest.fixture
def counted(monkeypatch):
    """Counts of the two per-touchpoint computations, by touchpoint id."""
    calls = {"estimates": Counter(), "targets": Counter()}
    real_estimates, real_targets = estimates.touchpoint_estimates, estimates.effective_targets

    def touchpoint_estimates(touchpoint, *rest):
        calls["estimates"][touchpoint.id] += 1
        return real_estimates(touchpoint, *rest)

    def effective_targets(journey_map, stage, touchpoint, *rest):
        calls["targets"][touchpoint.id] += 1
        return real_targets(journey_map, stage, touchpoint, *rest)

    monkeypatch.setattr(estimates, "touchpoint_estimates", touchpoint_estimates)
    monkeypatch.setattr(estimates, "effective_targets", effective_targets)
    return calls


@pytest.mark.parametrize("command,format", [("score", "json"), ("report", "json"), ("export", "csv"),
                                            ("export", "mermaid")])
def test_each_touchpoint_is_estimated_and_targeted_once_per_run(cli, counted, command, format):
    result = cli(command, SAMPLE, "-f", format)
    assert result.exit_code == 0, result.output
    touchpoints = SAMPLE.read_text().count("\n      - id: ")
    assert touchpoints == 13
    assert len(counted["estimates"]) == touchpoints and set(counted["estimates"].values()) == {1}
    assert len(counted["targets"]) == touchpoints and set(counted["targets"].values()) == {1}
