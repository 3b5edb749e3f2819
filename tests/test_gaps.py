"""The gap analysis core, checked against numbers worked out by hand from the sample's raw counts."""

import math
import textwrap

import pytest
from scipy import stats

from journeymap.gaps import NO_OWNER, analyse, by_owner, ranked
from journeymap.gaps.priority import HIGHER, LOWER, kpi_better, per_customer, rate_scale, shortfall_share
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


def wilson_low(successes, n):
    p = successes / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    return centre - Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)


def nps_low(promoters, passives, detractors):
    n = promoters + passives + detractors + 3
    p, d = (promoters + 0.75) / n, (detractors + 0.75) / n
    return 100 * ((p - d) - Z * math.sqrt((p + d - (p - d) ** 2) / n))


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


def ces_mean_low(counts):
    mean, high = ces_mean_high(counts)
    return mean - (high - mean)


# The sample's monthly reach, touchpoint by touchpoint, as written in the map.
REACH = {"instagram-ad": 120000, "search-result": 80000, "product-page": 150000, "size-chat": 9000,
         "app-wishlist": 21000, "cart": 40000, "checkout": 28000, "order-confirmation": 20000,
         "delivery-tracking": 19000, "returns-portal": 4000, "support-call": 3000,
         "review-request": 18000, "referral-programme": 5000}
TOTAL_REACH = 517000
NEW_VISITOR_ONLY = 0.65  # instagram-ad and size-chat serve new visitors only; the rest serve both (0.65 + 0.35)


def expected_sample_gaps():
    """(touchpoint, metric) -> (value, target, gap, shortfall share, (low, high) or None, significant)."""
    checkout_ces, checkout_ces_high = ces_mean_high([20, 30, 40, 60, 80, 70, 40])  # 1540 / 340
    checkout_ces_low = ces_mean_low([20, 30, 40, 60, 80, 70, 40])
    w = lambda s, n: (wilson_low(s, n), wilson_high(s, n))  # noqa: E731
    rows = {
        # CSAT: top-two boxes / n; shortfall = target - value (one customer moves CSAT by 1/n)
        ("instagram-ad", "csat"): (90 / 120, 0.80, None, w(90, 120), wilson_high(90, 120) < 0.80),
        ("product-page", "csat"): (186 / 240, 0.80, None, w(186, 240), wilson_high(186, 240) < 0.80),
        ("size-chat", "csat"): (14 / 18, 0.80, None, w(14, 18), wilson_high(14, 18) < 0.80),
        ("checkout", "csat"): (210 / 340, 0.80, None, w(210, 340), True),
        ("delivery-tracking", "csat"): (110 / 210, 0.80, None, w(110, 210), True),
        ("returns-portal", "csat"): (25 / 110, 0.80, None, w(25, 110), True),
        ("support-call", "csat"): (9 / 24, 0.80, None, w(9, 24), wilson_high(9, 24) < 0.80),
        # NPS: 100 (P - D) / n; shortfall = (target - value) / 200 (detractor to promoter: 200/n points)
        ("delivery-tracking", "nps"): (100 * (60 - 80) / 210, 30.0, None,
                                       (nps_low(60, 70, 80), nps_high(60, 70, 80)), nps_high(60, 70, 80) < 30),
        ("review-request", "nps"): (100 * (110 - 50) / 230, 30.0, None,
                                    (nps_low(110, 70, 50), nps_high(110, 70, 50)), nps_high(110, 70, 50) < 30),
        # CES: mean of 1-7; shortfall = (target - value) / 6 (answer 1 to answer 7)
        ("checkout", "ces"): (checkout_ces, 5.0, None, (checkout_ces_low, checkout_ces_high), checkout_ces_high < 5.0),
        ("returns-portal", "ces"): (3.1, 5.0, None, None, None),  # value and n only: no interval
        # KPIs: all rates here (value and target in 0..1): shortfall = how far off, in customers per customer
        ("instagram-ad", "click_through_rate"): (0.021, 0.025, 0.004, None, None),
        ("search-result", "bounce_rate"): (0.58, 0.45, 0.13, None, None),  # lower is better
        ("product-page", "add_to_cart_rate"): (0.072, 0.08, 0.008, None, None),
        ("cart", "cart_abandonment"): (0.71, 0.60, 0.11, None, None),  # lower is better
        ("checkout", "conversion_rate"): (0.031, 0.035, 0.004, None, None),
        ("review-request", "review_rate"): (0.06, 0.08, 0.02, None, None),
    }
    scale = {"csat": 1.0, "nps": 200.0, "ces": 6.0}
    done = {}
    for (tp, metric), (value, target, gap, interval, significant) in rows.items():
        per = scale.get(metric, 1.0)
        if gap is None:
            gap = target - value
        bounds = None if interval is None else (max(0.0, target - interval[1]) / per, (target - interval[0]) / per)
        done[(tp, metric)] = (value, target, gap, gap / per, bounds, significant)
    return done


# The order worked out from the numbers above: customers affected = reach x shortfall, most first.
EXPECTED_ORDER = [
    ("search-result", "bounce_rate"),          # 80,000 x 0.13          = 10,400
    ("instagram-ad", "csat"),                  # 120,000 x 0.05         = 6,000
    ("delivery-tracking", "csat"),             # 19,000 x 0.2762        = 5,248
    ("checkout", "csat"),                      # 28,000 x 0.1824        = 5,106
    ("cart", "cart_abandonment"),              # 40,000 x 0.11          = 4,400
    ("delivery-tracking", "nps"),              # 19,000 x 39.52 / 200   = 3,755
    ("product-page", "csat"),                  # 150,000 x 0.025        = 3,750
    ("returns-portal", "csat"),                # 4,000 x 0.5727         = 2,291
    ("checkout", "ces"),                       # 28,000 x 0.4706 / 6    = 2,196
    ("support-call", "csat"),                  # 3,000 x 0.425          = 1,275
    ("returns-portal", "ces"),                 # 4,000 x 1.9 / 6        = 1,267
    ("product-page", "add_to_cart_rate"),      # 150,000 x 0.008        = 1,200
    ("instagram-ad", "click_through_rate"),    # 120,000 x 0.004        = 480
    ("review-request", "review_rate"),         # 18,000 x 0.02          = 360
    ("review-request", "nps"),                 # 18,000 x 3.913 / 200   = 352
    ("size-chat", "csat"),                     # 9,000 x 0.0222         = 200
    ("checkout", "conversion_rate"),           # 28,000 x 0.004         = 112
]


def test_sample_ranking_is_exact(sample_report):
    assert [(g.touchpoint, g.metric) for g in sample_report.gaps] == EXPECTED_ORDER


def test_sample_every_number_by_hand(sample_report):
    expected = expected_sample_gaps()
    assert set(expected) == {(g.touchpoint, g.metric) for g in sample_report.gaps}
    for gap in sample_report.gaps:
        value, target, missed_by, share, bounds, significant = expected[(gap.touchpoint, gap.metric)]
        reach = REACH[gap.touchpoint]  # no persona factor: the reach is already the people who meet it
        where = (gap.touchpoint, gap.metric)
        assert gap.value == pytest.approx(value, abs=1e-12), where
        assert gap.target == pytest.approx(target), where
        assert gap.gap == pytest.approx(missed_by, abs=1e-12), where
        assert gap.shortfall == pytest.approx(share, abs=1e-12), where
        assert gap.reach == reach and not gap.reach_assumed, where
        assert gap.affected == pytest.approx(reach * share, rel=1e-12), where
        if bounds is None:
            assert (gap.affected_low, gap.affected_high) == (None, None), where
        else:
            assert gap.affected_low == pytest.approx(reach * bounds[0], rel=1e-6, abs=1e-6), where
            assert gap.affected_high == pytest.approx(reach * bounds[1], rel=1e-6), where
            assert gap.affected_low <= gap.affected <= gap.affected_high, where
        assert gap.significant is significant, where
        assert gap.money is None  # the sample declares no value per customer


def test_sample_spot_values_written_out():
    """A few of the numbers above as plain decimals, so a reader can see them without running anything."""
    report = analyse(validate_bytes(SAMPLE.read_bytes(), "s.jmap.yaml").map)
    first = report.gaps[0]
    assert (first.touchpoint, first.reach, round(first.shortfall, 4), round(first.affected)) == (
        "search-result", 80000, 0.13, 10400)
    checkout_csat = next(g for g in report.gaps if (g.touchpoint, g.metric) == ("checkout", "csat"))
    assert round(checkout_csat.value, 4) == 0.6176 and round(checkout_csat.affected) == 5106
    # the case: a KPI 16 % off its own target no longer outranks a CSAT of 0.23
    ranks = {(g.touchpoint, g.metric): i for i, g in enumerate(report.gaps, 1)}
    assert ranks[("returns-portal", "csat")] < ranks[("instagram-ad", "click_through_rate")]
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


@pytest.mark.parametrize("kpi, scale", [
    (Kpi(value=0.02, target=0.04), 1.0), (Kpi(value=2.0, target=4.0, unit="%"), 0.01),
    (Kpi(value=0.3, target=0.2, unit="rate"), 1.0), (Kpi(value=3.2, target=2.0, unit="s"), None),
    (Kpi(value=45.0, target=50.0), None), (Kpi(value=0.5, target=2.0), None),
])
def test_which_kpis_are_rates(kpi, scale):
    assert rate_scale(kpi) == scale


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


def test_small_map_assumed_reach_and_the_units_of_every_kind():
    report = analyse(load(SMALL))
    by_key = {(g.touchpoint, g.metric): g for g in report.gaps}
    # t0 has no reach: the journey's audience (largest reach, 300) x its personas' shares (none: 1)
    t0 = by_key[("t0", "conversion_rate")]
    assert t0.reach_assumed and t0.reach == 300
    assert t0.owner is None  # a blank owner is no owner
    assert t0.shortfall == pytest.approx(0.03) and t0.affected == pytest.approx(300 * 0.03)
    t1 = by_key[("t1", "conversion_rate")]
    assert t1.affected == pytest.approx(300 * 0.02) and (t1.affected_low, t1.affected_high) == (None, None)
    t2 = by_key[("t2", "csat")]
    # a stated CSAT with its n has a Wilson interval: 0.5 of 10 reaches up to 0.763 < 0.80; 10 < 30
    assert t2.high == pytest.approx(wilson_high(5, 10)) and wilson_high(5, 10) < 0.80
    assert t2.significant is True and t2.low_sample
    assert t2.affected == pytest.approx(100 * 0.30)
    assert (t2.affected_low, t2.affected_high) == pytest.approx(
        (100 * (0.80 - wilson_high(5, 10)), 100 * (0.80 - wilson_low(5, 10))))
    nps = by_key[("t2", "nps")]  # a stated NPS has no interval: significance and range unknown
    assert nps.significant is None and not nps.low_sample
    assert nps.affected == pytest.approx(100 * 20 / 200) and nps.affected_low is None
    # 30, 10, 9 and 6 customers
    assert [(g.touchpoint, g.metric) for g in report.gaps] == [
        ("t2", "csat"), ("t2", "nps"), ("t0", "conversion_rate"), ("t1", "conversion_rate")]


CES_AND_SHARES = """\
    jmap: 1
    journey: {id: j, title: T, value_per_customer: 80, currency: EUR}
    personas: [{id: a, name: A, share: 0.25}, {id: b, name: B, share: 0.75}]
    channels: [web]
    stages:
      - id: s1
        name: S1
        touchpoints:
          - {id: wide, name: W, channel: web, owner: o, reach: 4000,
             kpis: {page_load_seconds: {value: 3.2, target: 2.0, unit: s, better: lower}}}
          - {id: app, name: App, channel: web, owner: o, personas: [a], reach: 1000,
             satisfaction: {csat: {value: 0.5, n: 200}}}
          - {id: guess, name: G, channel: web, owner: o, personas: [a],
             satisfaction: {ces: {counts: [0, 0, 10, 10, 0, 0, 0]}}}
"""


def test_a_persona_specific_reach_is_not_discounted_again_and_shares_stand_in_only_without_reach():
    gaps = {g.touchpoint: g for g in analyse(load(CES_AND_SHARES)).gaps}
    app = gaps["app"]  # reach 1,000 already counts only persona a: 0.3 x 1,000, no x 0.25
    assert app.reach == 1000 and not app.reach_assumed and app.affected == pytest.approx(300)
    assert app.money == pytest.approx(300 * 80)
    guess = gaps["guess"]  # no reach: audience 4,000 x a's share 0.25 = 1,000 people stand in
    assert guess.reach_assumed and guess.reach == pytest.approx(1000)
    # CES answers 3, 3, ..., 4, 4: mean 3.5, target 5 on 1-7: (5 - 3.5) / 6 of 1,000 people
    assert guess.affected == pytest.approx(1000 * 1.5 / 6)
    wide = gaps["wide"]  # seconds are no rate: counted nobody, listed last
    assert wide.shortfall is None and wide.affected is None and wide.money is None
    assert [g.touchpoint for g in analyse(load(CES_AND_SHARES)).gaps] == ["app", "guess", "wide"]


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
        (NO_OWNER, [1, 2, 3]), ("team-x", [4])]
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


def test_no_reach_anywhere_counts_nobody_but_still_lists_every_gap_by_shortfall():
    text = SMALL.replace(" reach: 300,", "").replace(" reach: 100,", "")
    gaps = analyse(load(text)).gaps
    assert {g.touchpoint: (g.reach, g.affected) for g in gaps} == {"t0": (None, None), "t1": (None, None),
                                                                 "t2": (None, None)}
    assert [(g.touchpoint, g.metric) for g in gaps] == [  # by shortfall: 0.30, 0.10, 0.03, 0.02
        ("t2", "csat"), ("t2", "nps"), ("t0", "conversion_rate"), ("t1", "conversion_rate")]


def test_a_shortfall_stays_a_share_of_customers_0_to_1():
    scales = Scales.model_validate({"ces": {"min": 1, "max": 5}})
    factor = per_customer("ces", scales)  # one customer from answer 1 to 5 moves the mean 4/n
    assert shortfall_share(12.0 - 3.0, factor) == 1.0  # a target off the scale (JM104) caps at everyone
    assert shortfall_share(0.0 - 3.0, factor) == 0.0
    assert shortfall_share(4.0 - 3.0, factor) == 0.25
    assert per_customer("ces", Scales.model_validate({"ces": {"min": 3, "max": 3}})) is None


MEASURED_RATE = """\
    jmap: 1
    journey: {id: j, title: T}
    channels: [web]
    stages:
      - id: s1
        name: S1
        touchpoints:
          - {id: cart, name: Cart, channel: web, owner: o, reach: 50000,
             kpis: {add_to_checkout_rate: {successes: 300, n: 1000, target: 0.4}}}
"""


def test_a_kpi_measured_as_successes_of_n_gets_customers_affected_with_a_range():
    gap = analyse(load(MEASURED_RATE)).gaps[0]
    low, high = wilson_low(300, 1000), wilson_high(300, 1000)
    assert (gap.value, gap.n) == (0.3, 1000) and gap.low == pytest.approx(low) and gap.high == pytest.approx(high)
    assert gap.affected == pytest.approx(50000 * 0.1)  # 0.4 - 0.3 of 50,000 people
    assert gap.affected_low == pytest.approx(50000 * (0.4 - high))
    assert gap.affected_high == pytest.approx(50000 * (0.4 - low))
    assert gap.significant is (high < 0.4) is True
