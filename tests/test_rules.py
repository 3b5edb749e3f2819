"""Rule details beyond the table in test_codes.py: CES targets on the scale, `jmap: true`,
JM310's precision, JM305's shared estimates, an NPS scale that is not 0-10."""

from helpers import check

from journeymap.checks import base
from journeymap.checks.base import MapContext

HEAD = """\
jmap: 1
journey: {id: j, title: J}
targets: {ces: 12}
scales: {ces: {min: 1, max: 5}}
channels: [web]
stages:
  - id: s
    name: S
    targets: {ces: 0}
    touchpoints:
      - id: a
        name: A
        channel: web
        owner: team
        targets: {ces: 5.5}
        satisfaction:
          ces: {counts: [0, 0, 40, 0, 0]}
"""


def test_ces_targets_outside_the_ces_scale_are_jm104():
    found = [(d.code, d.line, d.column, d.message) for d in check(HEAD) if d.code == "JM104"]
    assert found == [
        ("JM104", 3, 16, "CES target 12 is outside the CES scale 1-5"),
        ("JM104", 9, 20, "CES target 0 is outside the CES scale 1-5"),
        ("JM104", 15, 24, "CES target 5.5 is outside the CES scale 1-5"),
    ]


def test_jmap_true_is_not_version_1():
    found = [(d.code, d.line, d.column, d.message) for d in check(HEAD.replace("jmap: 1", "jmap: true"))]
    assert found == [("JM106", 1, 7, "unsupported format version 'true' (this jmap reads 1)")]


def test_jm310_never_prints_a_value_equal_to_its_target():
    text = """\
    jmap: 1
    journey: {id: j, title: J}
    targets: {csat: 0.80}
    channels: [web]
    stages:
      - id: s
        name: S
        touchpoints:
          - id: a
            name: A
            channel: web
            owner: team
            satisfaction:
              csat: {value: 0.797, n: 1000}
    """
    found = [(d.code, d.line, d.message) for d in check(text) if d.code == "JM310"]
    assert found == [("JM310", 14, "CSAT 0.797 at 'a' is under its target 0.800")]


def test_dead_helpers_are_gone_and_jm305_uses_the_shared_estimates(monkeypatch):
    assert not hasattr(base, "Finding")
    assert not hasattr(MapContext, "memo")
    import journeymap.checks.jm305_low_sample as jm305

    def refuse(*_args, **_kwargs):
        raise AssertionError("JM305 computed its own estimates")

    monkeypatch.setattr(jm305, "touchpoint_estimates", refuse)
    found = [(d.code, d.message) for d in check(HEAD) if d.code == "JM305"]
    assert found == []  # 40 responses
    found = [(d.code, d.message) for d in check(HEAD.replace("[0, 0, 40, 0, 0]", "[0, 0, 4, 0, 0]")) if d.code == "JM305"]
    assert found == [("JM305", "CES at 'a' rests on 4 responses (fewer than 30)")]


NPS_TEN = """\
jmap: 1
journey: {id: j, title: J}
scales: {nps: {min: 0, max: 9}}
channels: [web]
stages:
  - id: s
    name: S
    touchpoints:
      - id: a
        name: A
        channel: web
        satisfaction:
          nps: {counts: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}
"""


def test_ten_nps_counts_on_a_0_9_scale_are_a_diagnostic_not_a_crash():
    found = [(d.code, d.line, d.column, d.message) for d in check(NPS_TEN) if d.code != "JM303"]
    assert found == [("JM104", 3, 15, "NPS is defined on answers 0-10 (promoters 9-10, detractors 0-6)")]
