"""Regression: integers past a float's range crashed validate, score and report (OverflowError)."""

import re

import pytest

from journeymap.checks.validation import validate_bytes

from helpers import ROOT

HERE = ROOT / "tests" / "regressions"


@pytest.mark.parametrize("name,paths", [
    ("huge-integers.jmap.yaml", {"stages[0].touchpoints[0].reach", "stages[0].touchpoints[0].satisfaction.csat.counts[0]",
                                 "stages[0].touchpoints[0].satisfaction.nps.promoters",
                                 "stages[0].touchpoints[0].satisfaction.ces.counts[6]"}),
    ("huge-scale.jmap.yaml", {"scales.ces.max", "scales.emotion.min", "scales.emotion.max"}),
])
def test_out_of_range_integers_are_jm104_not_a_crash(name, paths):
    result = validate_bytes((HERE / name).read_bytes(), name)
    found = {d.path_text for d in result.diagnostics if d.code == "JM104"}
    assert result.map is None
    assert found == paths, [(d.code, d.message) for d in result.diagnostics]


def test_the_largest_allowed_count_still_scores():
    from journeymap.scoring.rollups import score_map

    raw = (HERE / "huge-integers.jmap.yaml").read_text()
    big = "1" + "0" * 15
    raw = re.sub(r"\b10{16,}\b", big, raw)
    result = validate_bytes(raw.encode(), "max.jmap.yaml")
    assert result.map is not None, [(d.code, d.message) for d in result.diagnostics]
    scores = score_map(result.map)
    assert scores.journey.experience is not None
