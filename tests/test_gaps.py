"""The gap analysis core, checked against numbers worked out by hand from the sample's raw counts."""

import math
import textwrap

import pytest
from scipy import stats

from journeymap.gaps import NO_OWNER, analyse, by_owner, ranked
from journeymap.gaps.priority import HIGHER, LOWER, kpi_better, kpi_normalised_gap, priority, satisfaction_normalised_gap
from journeymap.model.definition import Kpi, Scales
from journeymap.load.settings import Settings
from journeymap.checks.validation import validate_bytes

from helpers import SAMPLE

Z = 1.959964


def load(text: str):
    result = validate_bytes(textwrap.dedent(text).encode(), "m.jmap.yaml", Settings())
    assert result.map is not None, result.diagnostics
    return result.map


@pytest.fixture(scope="module")
def sample_report():
    return analyse(validate_bytes(SAMPLE.read_bytes(), "s.jmap.yaml").map)


# --- independent reference formulas (not jmap's) ------------------------------------------

def wilson_high(successes, n):
    p = successes / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    return centre + half


def nps_high(promoters, passives, detractors):
    n = promoters + passives + detractors + 3
    p, d = (promoters + 0.75) / n, (detractors + 0.75) / n
    return 100 * ((p - d) + Z * math.sqrt((p + d - (p - d) ** 2) / n))


def ces_mean_high(counts):
    answers = [a for a, c in zip(range(1, 8), counts) for _ in range(c)]
    n = len(answers)
    mean = sum(answers) / n
    sd = math.sqrt(sum((a - mean) ** 2 for a in answers) / (n - 1))
    return mean, float(mean + stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n))


# The sample's monthly reach, touchpoint by touchpoint, as written in the map.
REACH = {"instagram-ad": 120000, "search-result": 80000, "product-page": 150000, "size-chat": 9000,
         "app-wishlist": 21000, "cart": 40000, "checkout": 28000, "order-confirmation": 20000,
         "delivery-tracking": 19000, "returns-portal": 4000, "support-call": 3000,
         "review-request": 18000, "referral-programme": 5000}
TOTAL_REACH = 517000
NEW_VISITOR_ONLY = 0.65  # instagram-ad and size-chat serve new visitors only; the rest serve both (0.65 + 0.35)


def expected_sample_gaps():
    """(touchpoint, metric) -> (value, target, gap, normalised gap, persona share, significant)."""
    checkout_ces, checkout_ces_high = ces_mean_high([20, 30, 40, 60, 80, 70, 40])  # 1540 / 340
    rows = {
        # CSAT: top-two boxes / n; normalised gap = target - value (CSAT x 100 / 100)
        ("instagram-ad", "csat"): (90 / 120, 0.80, None, None, NEW_VISITOR_ONLY, wilson_high(90, 120) < 0.80),
        ("product-page", "csat"): (186 / 240, 0.80, None, None, 1.0, wilson_high(186, 240) < 0.80),
        ("size-chat", "csat"): (14 / 18, 0.80, None, None, NEW_VISITOR_ONLY, wilson_high(14, 18) < 0.80),
        ("checkout", "csat"): (210 / 340, 0.80, None, None, 1.0, True),
        ("delivery-tracking", "csat"): (110 / 210, 0.80, None, None, 1.0, True),
        ("returns-portal", "csat"): (25 / 110, 0.80, None, None, 1.0, True),
        ("support-call", "csat"): (9 / 24, 0.80, None, None, 1.0, wilson_high(9, 24) < 0.80),
        # NPS: 100 (P - D) / n; normalised gap = (target - value) / 200
        ("delivery-tracking", "nps"): (100 * (60 - 80) / 210, 30.0, None, None, 1.0, nps_high(60, 70, 80) < 30),
        ("review-request", "nps"): (100 * (110 - 50) / 230, 30.0, None, None, 1.0, nps_high(110, 70, 50) < 30),
        # CES: mean of 1-7; normalised gap = (target - value) / 6
        ("checkout", "ces"): (checkout_ces, 5.0, None, None, 1.0, checkout_ces_high < 5.0),
        ("returns-portal", "ces"): (3.1, 5.0, None, None, 1.0, None),  # value and n only: no interval
        # KPIs: relative gap |target - value| / |target|; no interval, significance unknown
        ("instagram-ad", "click_through_rate"): (0.021, 0.025, 0.004, 0.004 / 0.025, NEW_VISITOR_ONLY, None),
        ("search-result", "bounce_rate"): (0.58, 0.45, 0.13, 0.13 / 0.45, 1.0, None),  # lower is better
        ("product-page", "add_to_cart_rate"): (0.072, 0.08, 0.008, 0.008 / 0.08, 1.0, None),
        ("cart", "cart_abandonment"): (0.71, 0.60, 0.11, 0.11 / 0.60, 1.0, None),  # lower is better
        ("checkout", "conversion_rate"): (0.031, 0.035, 0.004, 0.004 / 0.035, 1.0, None),
        ("review-request", "review_rate"): (0.06, 0.08, 0.02, 0.02 / 0.08, 1.0, None),
    }
    scale = {"csat": 1.0, "nps": 200.0, "ces": 6.0}
    done = {}
    for (tp, metric), (value, target, gap, norm, persona, significant) in rows.items():
        if gap is None:
            gap = target - value
            norm = gap / scale[metric]
        done[(tp, metric)] = (value, target, gap, norm, persona, significant)
    return done


# The order worked out from the numbers above (priority = norm x reach/517000 x persona share).
EXPECTED_ORDER = [
    ("search-result", "bounce_rate"),          # 0.2889 x 0.1547 x 1    = 0.04470
    ("product-page", "add_to_cart_rate"),      # 0.1    x 0.2901 x 1    = 0.02901
    ("instagram-ad", "click_through_rate"),    # 0.16   x 0.2321 x 0.65 = 0.02414
    ("cart", "cart_abandonment"),              # 0.1833 x 0.0774        = 0.01418
    ("delivery-tracking", "csat"),             # 0.2762 x 0.0368        = 0.01015
    ("checkout", "csat"),                      # 0.1824 x 0.0542        = 0.00988
    ("review-request", "review_rate"),         # 0.25   x 0.0348        = 0.00870
    ("instagram-ad", "csat"),                  # 0.05   x 0.2321 x 0.65 = 0.00754
    ("delivery-tracking", "nps"),              # 0.1976 x 0.0368        = 0.00726
    ("product-page", "csat"),                  # 0.025  x 0.2901        = 0.00725
    ("checkout", "conversion_rate"),           # 0.1143 x 0.0542        = 0.00619
    ("returns-portal", "csat"),                # 0.5727 x 0.0077        = 0.00443
    ("checkout", "ces"),                       # 0.0784 x 0.0542        = 0.00425
    ("support-call", "csat"),                  # 0.425  x 0.0058        = 0.00247
    ("returns-portal", "ces"),                 # 0.3167 x 0.0077        = 0.00245
    ("review-request", "nps"),                 # 0.0196 x 0.0348        = 0.00068
    ("size-chat", "csat"),                     # 0.0222 x 0.0174 x 0.65 = 0.00025
]


def test_sample_ranking_is_exact(sample_report):
    assert [(g.touchpoint, g.metric) for g in sample_report.gaps] == EXPECTED_ORDER


def test_sample_every_number_by_hand(sample_report):
    expected = expected_sample_gaps()
    assert set(expected) == {(g.touchpoint, g.metric) for g in sample_report.gaps}
    for gap in sample_report.gaps:
        value, target, shortfall, norm, persona, significant = expected[(gap.touchpoint, gap.metric)]
        reach = REACH[gap.touchpoint] / TOTAL_REACH
        where = (gap.touchpoint, gap.metric)
        assert gap.value == pytest.approx(value, abs=1e-12), where
        assert gap.target == pytest.approx(target), where
        assert gap.gap == pytest.approx(shortfall, abs=1e-12), where
        assert gap.normalised_gap == pytest.approx(norm, abs=1e-12), where
        assert gap.reach_share == pytest.approx(reach, abs=1e-15), where
        assert gap.persona_share == pytest.approx(persona, abs=1e-15), where
        assert gap.priority == pytest.approx(norm * reach * persona, abs=1e-15), where
        assert gap.significant is significant, where
        assert not gap.reach_assumed


def test_sample_spot_values_written_out():
    """A few of the numbers above as plain decimals, so a reader can see them without running anything."""
    report = analyse(validate_bytes(SAMPLE.read_bytes(), "s.jmap.yaml").map)
    first = report.gaps[0]
    assert (first.touchpoint, round(first.normalised_gap, 4), round(first.reach_share, 4),
            round(first.priority, 5)) == ("search-result", 0.2889, 0.1547, 0.0447)
    checkout_csat = next(g for g in report.gaps if (g.touchpoint, g.metric) == ("checkout", "csat"))
    assert round(checkout_csat.value, 4) == 0.6176 and round(checkout_csat.priority, 5) == 0.00988
    assert report.significant_gaps == 6


def test_sample_lists_and_coverage(sample_report):
    r = sample_report
    assert r.coverage.empty_stages == () and r.coverage.persona_holes == ()
    assert r.coverage.channel_holes == (("purchase", "mobile-app"), ("retention", "email"))
    assert r.coverage.channels.count("purchase", "web") == 2  # cart and checkout
    assert r.coverage.personas.count("advocacy", "returning") == 2  # review-request, referral-programme
    assert r.coverage.personas.count("advocacy", "new-visitor") == 1
    assert r.pains_without_opportunity == (("support-call", "Waiting time over ten minutes"),)
    assert r.unowned == ()
    assert [(low.touchpoint, low.metric, low.n) for low in r.low_samples] == [("size-chat", "csat", 18),
                                                                              ("support-call", "csat", 24)]
    assert r.flow.unreachable == ("app-wishlist",) and r.flow.dead_ends == () and r.flow.backward_jumps == ()


def test_sample_largest_drops(sample_report):
    emotion = [(d.source, d.target, d.drop) for d in sample_report.flow.emotion_drops]
    # order-confirmation +2 -> delivery-tracking mean(-1, 0) = -0.5
    assert emotion[0] == ("order-confirmation", "delivery-tracking", 2.5)
    assert len(emotion) == 5
    first = sample_report.flow.experience_drops[0]
    # CSAT 230/245 = 93.88 -> mean of CSAT 110/210 x 100 = 52.38 and NPS (-9.52 + 100) / 2 = 45.24
    assert (first.source, first.target) == ("order-confirmation", "delivery-tracking")
    assert first.before == pytest.approx(230 / 245 * 100)
    assert first.after == pytest.approx((110 / 210 * 100 + (100 * -20 / 210 + 100) / 2) / 2)
    # only touchpoints with survey data: cart and search-result (emotion only) take no part
    returns = (25 / 110 * 100 + (3.1 - 1) / 6 * 100) / 2
    assert [(d.source, d.target) for d in sample_report.flow.experience_drops] == [
        ("order-confirmation", "delivery-tracking"), ("delivery-tracking", "returns-portal"),
        ("delivery-tracking", "support-call")]
    assert sample_report.flow.experience_drops[1].after == pytest.approx(returns)


def test_sample_summary_is_the_journey_rollup(sample_report):
    s = sample_report.summary
    assert (s.scope, s.touchpoints) == ("journey", 13)
    # every response of the map: CSAT, NPS and CES counts or n
    csat = 120 + 240 + 18 + 140 + 340 + 245 + 210 + 110 + 24
    assert s.responses == csat + 210 + 230 + 130 + 180 + 340 + 95


@pytest.mark.parametrize("name, better", [
    ("bounce_rate", LOWER), ("cart_abandonment", LOWER), ("drop_off", LOWER), ("churn", LOWER),
    ("exit_rate", LOWER), ("checkout_errors", LOWER), ("return_rate", LOWER), ("dropout-rate", LOWER),
    ("returning_customer_rate", HIGHER), ("conversion_rate", HIGHER), ("click_through_rate", HIGHER),
    ("error_free_sessions", LOWER),
])
def test_kpi_direction_defaults(name, better):
    assert kpi_better(name, Kpi(value=1.0)) == better


def test_kpi_direction_given_wins():
    assert kpi_better("bounce_rate", Kpi(value=1.0, better="higher")) == HIGHER


def test_kpi_normalised_gap_caps_and_zero_target():
    assert kpi_normalised_gap(0.5, 0.2) == 1.0  # 150 % over: capped
    assert kpi_normalised_gap(3.0, 0.0) == 1.0
    assert kpi_normalised_gap(-0.03, -0.02) == pytest.approx(0.5)
    assert priority(0.5, 0.2, 0.5) == pytest.approx(0.05)


SMALL = """\
    jmap: 1
    journey: {id: j, title: T}
    personas: [{id: a, name: A}, {id: b, name: B}]
    channels: [web, app, email]
    stages:
      - id: s1
        name: S1
        touchpoints:
          - {id: t1, name: T1, channel: web, owner: team-x, reach: 300, emotion: 2,
             kpis: {conversion_rate: {value: 0.02, target: 0.04}}, next: [t2]}
          - {id: t0, name: T0, channel: app, personas: [a], owner: " ", emotion: 1,
             kpis: {conversion_rate: {value: 0.01, target: 0.04}}}
      - id: s2
        name: S2
        touchpoints:
          - {id: t2, name: T2, channel: email, personas: [a], reach: 100, emotion: -1, next: [t1, t3],
             pains: [Slow], satisfaction: {csat: {value: 0.5, n: 10}, nps: {value: 10, n: 40}}}
      - id: s3
        name: S3
      - id: s4
        name: S4
        touchpoints:
          - {id: t3, name: T3, channel: web, emotion: 0}
"""


def test_small_map_assumed_reach_and_equal_persona_weights():
    report = analyse(load(SMALL))
    by_key = {(g.touchpoint, g.metric): g for g in report.gaps}
    # reaches 300, (none: mean 200), 100, (none: mean 200): total 800
    t0 = by_key[("t0", "conversion_rate")]
    assert t0.reach_assumed and t0.reach_share == pytest.approx(200 / 800)
    assert t0.owner is None  # a blank owner is no owner
    assert t0.persona_share == 1.0  # no persona has a share: every touchpoint weighs fully
    assert t0.normalised_gap == pytest.approx(0.75) and t0.priority == pytest.approx(0.75 * 0.25)
    t2 = by_key[("t2", "csat")]
    # a stated CSAT with its n has a Wilson interval: 0.5 of 10 reaches up to 0.763 < 0.80; 10 < 30
    assert t2.high == pytest.approx(wilson_high(5, 10)) and wilson_high(5, 10) < 0.80
    assert t2.significant is True and t2.low_sample
    assert t2.priority == pytest.approx(0.30 * 100 / 800)
    nps = by_key[("t2", "nps")]  # a stated NPS has no interval: significance unknown
    assert nps.significant is None and not nps.low_sample
    assert nps.normalised_gap == pytest.approx(20 / 200) and nps.priority == pytest.approx(0.1 * 100 / 800)
    # t0: 0.75 x 200/800 = 0.1875 ties with t1: 0.5 x 300/800 = 0.1875; the id breaks the tie
    assert [(g.touchpoint, g.metric) for g in report.gaps] == [
        ("t0", "conversion_rate"), ("t1", "conversion_rate"), ("t2", "csat"), ("t2", "nps")]


def test_small_map_flow_and_coverage():
    report = analyse(load(SMALL))
    assert [(j.touchpoint, j.target, j.target_stage) for j in report.flow.backward_jumps] == [("t2", "t1", "s1")]
    assert report.flow.dead_ends == ("t0",)  # t3 has no next but sits in the last stage with touchpoints
    assert report.flow.unreachable == ()  # t0 is in the first stage: an entry point
    assert report.coverage.empty_stages == ("s3",)
    assert report.coverage.persona_holes == (("s2", "b"),)
    assert report.coverage.channel_holes == (("s2", "web"), ("s3", "web"))  # the empty stage too
    assert report.unowned == ("t0", "t2", "t3")
    assert report.pains_without_opportunity == (("t2", "Slow"),)
    assert [(d.source, d.target, d.drop) for d in report.flow.emotion_drops] == [("t1", "t2", 3.0)]


def test_filters_keep_map_wide_priorities():
    whole = analyse(load(SMALL))
    only_b = analyse(load(SMALL), persona="b")
    assert [(g.touchpoint, g.metric) for g in only_b.gaps] == [("t1", "conversion_rate")]
    assert only_b.gaps[0] == next(g for g in whole.gaps if g.touchpoint == "t1")
    assert only_b.coverage.personas.columns == ("b",)
    assert only_b.summary.scope == "persona" and only_b.summary.id == "b"
    staged = analyse(load(SMALL), stage="s2")
    assert [g.touchpoint for g in staged.gaps] == ["t2", "t2"]
    assert staged.coverage.channels.rows == ("s2",)
    assert staged.summary.scope == "stage"
    with pytest.raises(ValueError, match="unknown stage 's9'"):
        analyse(load(SMALL), stage="s9")


def test_drops_follow_map_order_without_next():
    text = SMALL.replace(", next: [t2]", "").replace(", next: [t1, t3]", "")
    report = analyse(load(text))
    assert not report.flow.uses_next and report.flow.dead_ends == () and report.flow.unreachable == ()
    # map order t1 (2) -> t0 (1) -> t2 (-1) -> t3 (0)
    assert [(d.source, d.target, d.drop) for d in report.flow.emotion_drops] == [("t0", "t2", 2.0),
                                                                                 ("t1", "t0", 1.0)]


def test_owner_groups_keep_ranks_and_put_no_owner_in_its_own_group():
    report = analyse(load(SMALL))
    groups = by_owner(report.gaps, 0)
    assert [(owner, [rank for rank, _g in rows]) for owner, rows in groups] == [
        (NO_OWNER, [1, 3, 4]), ("team-x", [2])]
    assert [rank for rank, _g in ranked(report.gaps, 2)] == [1, 2]
    assert len(ranked(report.gaps, 0)) == 4
    assert [(owner, len(rows)) for owner, rows in by_owner(report.gaps, 1)] == [(NO_OWNER, 1), ("team-x", 1)]


def test_persona_filter_uses_that_personas_emotion():
    returning = analyse(validate_bytes(SAMPLE.read_bytes(), "s.jmap.yaml").map, persona="returning")
    # for returning customers delivery-tracking is 0 (-1 for new visitors): two drops of 2, the
    # tie broken by the source id
    assert [(d.source, d.target, d.before, d.after) for d in returning.flow.emotion_drops[:2]] == [
        ("delivery-tracking", "returns-portal", 0.0, -2.0), ("order-confirmation", "delivery-tracking", 2.0, 0.0)]
    assert "instagram-ad" not in {g.touchpoint for g in returning.gaps}  # serves new visitors only


def test_no_reach_anywhere_gives_equal_shares():
    text = SMALL.replace(" reach: 300,", "").replace(" reach: 100,", "")
    shares = {g.touchpoint: (g.reach_share, g.reach_assumed) for g in analyse(load(text)).gaps}
    assert shares == {"t0": (0.25, True), "t1": (0.25, True), "t2": (0.25, True)}


def test_a_satisfaction_gap_stays_in_0_to_1():
    scales = Scales.model_validate({"ces": {"min": 1, "max": 5}})
    assert satisfaction_normalised_gap("ces", 3.0, 12.0, scales) == 1.0
    assert satisfaction_normalised_gap("ces", 3.0, 0.0, scales) == 0.0
    assert satisfaction_normalised_gap("ces", 3.0, 4.0, scales) == 0.25
