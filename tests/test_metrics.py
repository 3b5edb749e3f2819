"""Tests for journeymap.scoring.metrics against independently computed references.

References used: scipy (t quantiles, Wilson intervals, t intervals on the
expanded raw data), the textbook formulas re-typed here, published worked
examples (Newcombe 1998, Student t tables) and hand computations written out
step by step.
"""

from __future__ import annotations

import math
import statistics
import time
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from journeymap.scoring import metrics
from journeymap.scoring.metrics import (
    Z,
    Estimate,
    ces_from_counts,
    ces_from_value,
    csat_from_counts,
    csat_from_value,
    experience_score,
    normalise,
    nps_from_counts,
    nps_from_groups,
    nps_from_value,
    t_quantile_975,
    wilson_interval,
)

from helpers import small_map, touchpoint

# The module's Z is rounded to 6 decimals; references built with scipy's exact
# quantile therefore differ by ~1e-8 relative, well inside these tolerances.
TIGHT = dict(rel=1e-7, abs=1e-9)


def textbook_wilson(k, n, z=Z):
    """Wilson (1927) score interval, typed from the textbook formula."""
    p = k / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    return centre - half, centre + half


def expand(counts, scale_min):
    """Raw answers from counts, e.g. [0, 2, 1] from 1 -> [2, 2, 3]."""
    return np.repeat(np.arange(scale_min, scale_min + len(counts)), counts)


# --------------------------------------------------------------------------
# Z and the Estimate record
# --------------------------------------------------------------------------


def test_z_is_the_975_normal_quantile():
    assert Z == 1.959964
    assert Z == pytest.approx(stats.norm.ppf(0.975), abs=1e-6)


def test_estimate_is_frozen():
    e = Estimate("csat", 0.5, 0.4, 0.6, 10)
    assert (e.metric, e.value, e.low, e.high, e.n) == ("csat", 0.5, 0.4, 0.6, 10)
    with pytest.raises(AttributeError):
        e.value = 0.7  # type: ignore[misc]


def test_public_interface_is_exactly_the_documented_one():
    assert sorted(metrics.__all__) == sorted(
        [
            "Z", "Estimate", "wilson_interval", "csat_from_counts", "csat_from_value",
            "nps_from_groups", "nps_from_counts", "nps_from_value", "ces_from_counts",
            "ces_from_value", "t_quantile_975", "normalise", "experience_score",
        ]
    )


# --------------------------------------------------------------------------
# Wilson interval
# --------------------------------------------------------------------------

WILSON_CASES = [(1, 1), (0, 1), (1, 2), (3, 10), (7, 10), (10, 10), (0, 10), (1, 29),
                (15, 148), (81, 263), (500, 1000), (999, 1000), (12345, 67890)]


@pytest.mark.parametrize("k,n", WILSON_CASES)
def test_wilson_matches_scipy(k, n):
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    low, high = wilson_interval(k, n)
    assert low == pytest.approx(ci.low, **TIGHT)
    assert high == pytest.approx(ci.high, **TIGHT)


@pytest.mark.parametrize("k,n", WILSON_CASES)
def test_wilson_matches_textbook_formula(k, n):
    ref_low, ref_high = textbook_wilson(k, n)
    low, high = wilson_interval(k, n)
    assert low == pytest.approx(max(0.0, ref_low), rel=1e-12, abs=1e-12)
    assert high == pytest.approx(min(1.0, ref_high), rel=1e-12, abs=1e-12)


@pytest.mark.parametrize(
    "k,n,low,high",
    [  # Newcombe (1998), Stat Med 17:857-872, Table I, score method
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0000, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_published_examples(k, n, low, high):
    got = wilson_interval(k, n)
    assert got[0] == pytest.approx(low, abs=5e-5)
    assert got[1] == pytest.approx(high, abs=5e-5)


def test_wilson_hand_computation_one_of_one():
    # p = 1, n = 1: centre = (1 + z^2/2)/(1 + z^2), half = (z^2/2)/(1 + z^2)
    z2 = 1.959964**2  # 3.841458...
    assert wilson_interval(1, 1) == pytest.approx((1 / (1 + z2), 1.0), abs=1e-15)
    assert wilson_interval(1, 1)[0] == pytest.approx(0.206549, abs=1e-6)


def test_wilson_custom_z():
    # z = 1 (68 % interval), 5 of 10, hand: centre 0.5, half = sqrt(0.025 + 0.0025)/1.1
    low, high = wilson_interval(5, 10, z=1.0)
    half = math.sqrt(0.25 / 10 + 1 / 400) / 1.1
    assert (low, high) == pytest.approx((0.5 - half, 0.5 + half), abs=1e-15)


def test_wilson_no_trials():
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_wilson_exact_bounds_at_zero_and_all():
    assert wilson_interval(0, 37)[0] == 0.0
    assert wilson_interval(37, 37)[1] == 1.0


def test_wilson_huge_n():
    n = 10**9
    start = time.perf_counter()
    low, high = wilson_interval(n // 4, n)
    assert time.perf_counter() - start < 0.01
    # Wilson tends to Wald; they differ by ~z^2/(4n) = 1e-9 at n = 1e9
    half = Z * math.sqrt(0.25 * 0.75 / n)
    assert low == pytest.approx(0.25 - half, abs=3e-9)
    assert high == pytest.approx(0.25 + half, abs=3e-9)
    ref = textbook_wilson(n // 4, n)
    assert (low, high) == pytest.approx(ref, rel=1e-12)


def test_wilson_bad_input_does_not_hang():
    low, high = wilson_interval(12, 10)  # more successes than trials
    assert high == 1.0 and 0.0 <= low <= 1.0


# --------------------------------------------------------------------------
# CSAT
# --------------------------------------------------------------------------


def test_csat_from_counts_top_two_box():
    # 5-point scale: 2, 3, 5, 20, 30 answers -> 50 of 60 in the top two boxes
    e = csat_from_counts([2, 3, 5, 20, 30])
    ci = stats.binomtest(50, 60).proportion_ci(method="wilson")
    assert e.metric == "csat" and e.n == 60
    assert e.value == pytest.approx(50 / 60, abs=1e-15)
    assert e.low == pytest.approx(ci.low, **TIGHT)
    assert e.high == pytest.approx(ci.high, **TIGHT)


def test_csat_from_counts_top_boxes_variants():
    counts = [2, 3, 5, 20, 30]
    assert csat_from_counts(counts, top_boxes=1).value == pytest.approx(0.5, abs=1e-15)
    assert csat_from_counts(counts, top_boxes=3).value == pytest.approx(55 / 60, abs=1e-15)
    everything = csat_from_counts(counts, top_boxes=9)
    assert (everything.value, everything.high) == (1.0, 1.0)
    assert everything.low == pytest.approx(textbook_wilson(60, 60)[0], rel=1e-12)
    nothing = csat_from_counts(counts, top_boxes=0)
    assert (nothing.value, nothing.low) == (0.0, 0.0)
    assert nothing.high == pytest.approx(textbook_wilson(0, 60)[1], rel=1e-12)


def test_csat_from_counts_no_responses():
    assert csat_from_counts([0, 0, 0, 0, 0]) == Estimate("csat", None, None, None, 0)
    assert csat_from_counts([]) == Estimate("csat", None, None, None, 0)


def test_csat_from_counts_single_response():
    e = csat_from_counts([0, 0, 0, 1, 0])
    assert (e.value, e.high, e.n) == (1.0, 1.0, 1)
    assert e.low == pytest.approx(0.206549, abs=1e-6)
    e = csat_from_counts([1, 0, 0, 0, 0])
    assert (e.value, e.low) == (0.0, 0.0)
    assert e.high == pytest.approx(1 - 0.206549, abs=1e-6)


def test_csat_from_value_uses_continuous_share():
    e = csat_from_value(0.83, 100)
    ref = textbook_wilson(83, 100)  # 0.83 * 100 is 83 successes
    assert e == Estimate("csat", 0.83, pytest.approx(ref[0], rel=1e-12), pytest.approx(ref[1], rel=1e-12), 100)
    assert (e.low, e.high) == pytest.approx((0.744520, 0.891064), abs=1e-6)
    # a share that is not a whole number of successes is not rounded first
    e = csat_from_value(0.8333, 7)
    p, z = 0.8333, Z
    centre = (p + z * z / 14) / (1 + z * z / 7)
    half = z * math.sqrt(p * (1 - p) / 7 + z * z / 196) / (1 + z * z / 7)
    assert (e.low, e.high) == pytest.approx((centre - half, centre + half), rel=1e-12)
    assert (e.low, e.high) != pytest.approx(wilson_interval(6, 7), rel=1e-6)


def test_csat_from_value_without_responses_has_no_interval():
    assert csat_from_value(0.9, 0) == Estimate("csat", 0.9, None, None, 0)


# --------------------------------------------------------------------------
# NPS
# --------------------------------------------------------------------------


def reference_adjusted_wald(promoters, passives, detractors, z=Z):
    """Adjusted Wald as a plain Wald on an augmented sample.

    Scores +1/0/-1 with 3/4 promoter, 3/2 passive and 3/4 detractor added
    (n + 3 in all); NPS = mean score, SE = sqrt(population variance / n').
    """
    weights = np.array([promoters + 0.75, passives + 1.5, detractors + 0.75])
    scores = np.array([1.0, 0.0, -1.0])
    n_adj = weights.sum()
    mean = (weights * scores).sum() / n_adj
    var = (weights * scores**2).sum() / n_adj - mean**2
    se = math.sqrt(var / n_adj)
    return max(-100.0, 100 * (mean - z * se)), min(100.0, 100 * (mean + z * se))


def test_nps_hand_computation():
    # 60 promoters, 25 passives, 15 detractors, n = 100
    #   NPS = 100 * (60 - 15) / 100 = 45
    #   n' = 103, p' = 60.75/103 = 0.5898058, d' = 15.75/103 = 0.1529126
    #   p' - d' = 0.4368932, p' + d' = 0.7427184, (p' - d')^2 = 0.1908757
    #   SE = sqrt(0.5518428 / 103) = sqrt(0.0053577) = 0.0731963
    #   interval = 100 * (0.4368932 -/+ 1.959964 * 0.0731963) = 29.3431 .. 58.0355
    e = nps_from_groups(60, 25, 15)
    assert e.metric == "nps" and e.n == 100
    assert e.value == pytest.approx(45.0, abs=1e-12)
    assert e.low == pytest.approx(29.343111, abs=1e-6)
    assert e.high == pytest.approx(58.035530, abs=1e-6)


@pytest.mark.parametrize(
    "groups",
    [(60, 25, 15), (10, 10, 10), (3, 0, 7), (1, 1, 1), (2, 5, 0), (400, 350, 250),
     (123456, 654321, 111111), (5, 0, 0), (0, 0, 5)],
)
def test_nps_matches_reference(groups):
    p, pa, d = groups
    e = nps_from_groups(p, pa, d)
    assert e.value == pytest.approx(100 * (p - d) / (p + pa + d), abs=1e-12)
    assert (e.low, e.high) == pytest.approx(reference_adjusted_wald(p, pa, d), abs=1e-9)


def test_nps_all_promoters_and_all_detractors():
    # all 50 promoters: n' = 53, p' - d' = 50/53, p' + d' = 51.5/53,
    # variance * n'^3 = 51.5 * 53 - 50^2 = 229.5, SE = sqrt(229.5 / 53^3)
    se = math.sqrt(Fraction(2295, 10) / Fraction(53) ** 3)
    low = 100 * (50 / 53 - Z * se)
    assert low == pytest.approx(86.644321, abs=1e-6)
    assert nps_from_groups(50, 0, 0) == Estimate("nps", 100.0, pytest.approx(low, abs=1e-9), 100.0, 50)
    assert nps_from_groups(0, 0, 50) == Estimate("nps", -100.0, -100.0, pytest.approx(-low, abs=1e-9), 50)


def test_nps_single_promoter_interval_covers_the_score():
    # n = 1, one promoter: n' = 4, p' = 1.75/4 = 0.4375, d' = 0.75/4 = 0.1875,
    # p' - d' = 0.25, SE = sqrt((0.625 - 0.0625)/4) = 0.375 exactly,
    # low = 100 * (0.25 - 1.959964 * 0.375) = -48.49865; the adjusted upper
    # bound 98.49865 falls below the observed 100, so it is stretched to 100.
    assert nps_from_groups(1, 0, 0) == Estimate("nps", 100.0, pytest.approx(-48.49865, abs=1e-9), 100.0, 1)
    assert nps_from_groups(0, 0, 1) == Estimate("nps", -100.0, -100.0, pytest.approx(48.49865, abs=1e-9), 1)


def test_nps_single_passive():
    # n' = 4, p' = d' = 0.1875, SE = sqrt(0.375 / 4) = sqrt(0.09375)
    half = 100 * 1.959964 * math.sqrt(0.09375)
    assert half == pytest.approx(60.011396, abs=1e-6)
    assert nps_from_groups(0, 1, 0) == Estimate(
        "nps", 0.0, pytest.approx(-half, abs=1e-9), pytest.approx(half, abs=1e-9), 1
    )


def test_nps_no_responses():
    assert nps_from_groups(0, 0, 0) == Estimate("nps", None, None, None, 0)
    assert nps_from_counts([0] * 11) == Estimate("nps", None, None, None, 0)


def test_nps_huge_n():
    n = 10**9
    start = time.perf_counter()
    e = nps_from_groups(n // 2, n // 4, n // 4)
    assert time.perf_counter() - start < 0.01
    # Wald on scores +1/0/-1 with shares .5/.25/.25: mean .25, var = .75 - .0625
    half = 100 * Z * math.sqrt(0.6875 / n)
    assert e.value == pytest.approx(25.0, abs=1e-12)
    assert (e.low, e.high) == pytest.approx((25 - half, 25 + half), abs=1e-6)


def test_nps_from_counts_groups_answers():
    #        0  1  2  3  4  5  6  7  8  9 10
    counts = [1, 0, 2, 0, 3, 1, 4, 5, 6, 7, 8]  # detractors 11, passives 11, promoters 15
    e = nps_from_counts(counts)
    assert e == nps_from_groups(15, 11, 11)
    assert e.n == 37
    assert e.value == pytest.approx(100 * 4 / 37, abs=1e-12)


def test_nps_from_counts_boundaries():
    only = lambda i: [1 if j == i else 0 for j in range(11)]  # noqa: E731
    assert nps_from_counts(only(6)).value == -100.0
    assert nps_from_counts(only(7)).value == 0.0
    assert nps_from_counts(only(8)).value == 0.0
    assert nps_from_counts(only(9)).value == 100.0


@pytest.mark.parametrize("length", [0, 10, 12])
def test_nps_from_counts_needs_eleven(length):
    with pytest.raises(ValueError):
        nps_from_counts([1] * length)


def test_nps_from_value_has_no_interval():
    assert nps_from_value(37.5, 200) == Estimate("nps", 37.5, None, None, 200)
    assert nps_from_value(-10.0, 0) == Estimate("nps", -10.0, None, None, 0)


# --------------------------------------------------------------------------
# CES
# --------------------------------------------------------------------------


def test_ces_hand_computation():
    # answers on 1..5: one 2, three 3s, four 4s, two 5s, n = 10
    #   mean = (2 + 9 + 16 + 10) / 10 = 3.7
    #   squared deviations: 1.7^2 + 3*0.7^2 + 4*0.3^2 + 2*1.3^2 = 2.89 + 1.47 + 0.36 + 3.38 = 8.1
    #   s = sqrt(8.1 / 9) = sqrt(0.9) = 0.9486833, t(9, .975) = 2.2621572
    #   half = 2.2621572 * 0.9486833 / sqrt(10) = 0.6786471
    e = ces_from_counts([0, 1, 3, 4, 2])
    assert e.metric == "ces" and e.n == 10
    assert e.value == pytest.approx(3.7, abs=1e-12)
    assert e.low == pytest.approx(3.7 - 0.6786471, abs=1e-7)
    assert e.high == pytest.approx(3.7 + 0.6786471, abs=1e-7)


@pytest.mark.parametrize(
    "counts,scale_min",
    [([0, 1, 3, 4, 2], 1), ([5, 9, 12, 20, 14, 6, 3], 1), ([3, 3], 1),
     ([1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0], 0), ([40, 200, 300, 60], 1),
     ([17, 0, 4, 99, 3], -2)],
)
def test_ces_matches_scipy_on_raw_data(counts, scale_min):
    data = expand(counts, scale_min)
    n = len(data)
    mean = float(np.mean(data))
    low, high = stats.t.interval(0.95, n - 1, loc=mean, scale=stats.sem(data))
    scale_max = scale_min + len(counts) - 1
    e = ces_from_counts(counts, scale_min=scale_min)
    assert e.n == n
    assert e.value == pytest.approx(statistics.fmean(data.tolist()), abs=1e-12)
    assert e.low == pytest.approx(max(scale_min, low), rel=1e-10, abs=1e-10)
    assert e.high == pytest.approx(min(scale_max, high), rel=1e-10, abs=1e-10)


def test_ces_interval_clipped_to_scale():
    # one 1 and one 5: mean 3, s = sqrt(8), t(1) = 12.706 -> raw 3 -/+ 25.4
    e = ces_from_counts([1, 0, 0, 0, 1])
    assert (e.value, e.low, e.high) == (3.0, 1.0, 5.0)


def test_ces_no_responses():
    assert ces_from_counts([0, 0, 0, 0, 0]) == Estimate("ces", None, None, None, 0)
    assert ces_from_counts([]) == Estimate("ces", None, None, None, 0)


def test_ces_single_response_has_no_interval():
    assert ces_from_counts([0, 0, 1, 0, 0, 0, 0]) == Estimate("ces", 3.0, None, None, 1)
    assert ces_from_counts([1, 0], scale_min=0) == Estimate("ces", 0.0, None, None, 1)


def test_ces_identical_answers_collapse_to_the_mean():
    e = ces_from_counts([0, 0, 0, 0, 12, 0, 0])
    assert e == Estimate("ces", 5.0, 5.0, 5.0, 12)
    e = ces_from_counts([0, 10**9, 0])
    assert e == Estimate("ces", 2.0, 2.0, 2.0, 10**9)


def test_ces_huge_n():
    counts = [10**9, 2 * 10**9, 10**9]  # answers 1, 2, 3
    start = time.perf_counter()
    e = ces_from_counts(counts)
    assert time.perf_counter() - start < 0.01
    n = 4 * 10**9
    # mean 2, squared deviations 2 * 10**9, s^2 = 2e9 / (4e9 - 1)
    s = math.sqrt(2 * 10**9 / (n - 1))
    half = stats.t.ppf(0.975, n - 1) * s / math.sqrt(n)
    assert e.value == 2.0 and e.n == n
    assert (e.low, e.high) == pytest.approx((2 - half, 2 + half), rel=1e-12)


def test_ces_from_value_has_no_interval():
    assert ces_from_value(2.4, 30) == Estimate("ces", 2.4, None, None, 30)


def test_bad_counts_do_not_hang():
    # validation rejects these earlier; here they only must return quickly
    start = time.perf_counter()
    for call in (
        lambda: csat_from_counts([-3, 1, 2]),
        lambda: csat_from_counts([0.5, 1.5, 2.25]),
        lambda: nps_from_counts([-1] * 11),
        lambda: nps_from_counts([0.5] * 11),
        lambda: ces_from_counts([-2, 5, 1]),
        lambda: ces_from_counts([0.5, 1.5, 2.25]),
        lambda: ces_from_counts([1, -1, 1]),
    ):
        try:
            call()
        except (ValueError, OverflowError):
            pass
    assert time.perf_counter() - start < 1.0
    assert csat_from_counts([-3, 1, 2]) == Estimate("csat", None, None, None, 0)


# --------------------------------------------------------------------------
# Student t quantile
# --------------------------------------------------------------------------


def test_t_quantile_exact_closed_forms():
    # df 1 (Cauchy): F(t) = 1/2 + atan(t)/pi  ->  t = tan(pi * 0.475) = cot(pi/40)
    assert t_quantile_975(1) == pytest.approx(1 / math.tan(math.pi / 40), rel=1e-14)
    # df 2: F(t) = 1/2 + t / (2 sqrt(2 + t^2))  ->  t^2 = 2 * 0.9025 / 0.0975
    assert t_quantile_975(2) == pytest.approx(math.sqrt(1.805 / 0.0975), rel=1e-14)
    # df 4: F(t) = 1/2 + (3/4) s (1 - s^2/3), s = t / sqrt(4 + t^2); solve the cubic
    s = 2 * math.cos((math.acos(-0.95) + 4 * math.pi) / 3)  # root of s^3 - 3s + 1.9 = 0 in (0, 1)
    assert s**3 - 3 * s + 1.9 == pytest.approx(0.0, abs=1e-14)
    assert t_quantile_975(4) == pytest.approx(2 * s / math.sqrt(1 - s * s), rel=1e-13)


@pytest.mark.parametrize(
    "df,table",
    [(1, 12.706), (2, 4.303), (3, 3.182), (4, 2.776), (5, 2.571), (10, 2.228),
     (20, 2.086), (30, 2.042), (60, 2.000), (120, 1.980)],
)
def test_t_quantile_published_table(df, table):
    # two-sided 95 % column of the usual Student t table, 3 decimals
    assert t_quantile_975(df) == pytest.approx(table, abs=5e-4)


def test_t_quantile_matches_scipy_every_small_df():
    df = np.arange(1, 3001)
    ref = stats.t.ppf(0.975, df)
    got = np.array([t_quantile_975(int(d)) for d in df])
    assert np.max(np.abs(got - ref)) < 1e-9


def test_t_quantile_matches_scipy_up_to_a_million_and_beyond():
    df = np.unique(np.concatenate([
        np.arange(3000, 10**6 + 1, 997),
        np.logspace(3, 9, 200).astype(np.int64),
        [199, 200, 201, 10**6, 10**9, 10**12],
    ]))
    ref = stats.t.ppf(0.975, df)
    got = np.array([t_quantile_975(int(d)) for d in df])
    assert np.max(np.abs(got - ref)) < 1e-9


def test_t_quantile_is_decreasing_towards_z():
    values = [t_quantile_975(d) for d in range(1, 500)]
    assert all(a > b for a, b in zip(values, values[1:]))
    assert t_quantile_975(10**12) == pytest.approx(stats.norm.ppf(0.975), abs=1e-11)


def test_t_quantile_is_fast():
    start = time.perf_counter()
    for d in (1, 2, 3, 50, 199, 200, 10**6, 10**9):
        t_quantile_975(d)
    assert time.perf_counter() - start < 0.05


@pytest.mark.parametrize("df", [0, -3, 1.5])
def test_t_quantile_rejects_bad_df(df):
    with pytest.raises(ValueError):
        t_quantile_975(df)


# --------------------------------------------------------------------------
# normalise and experience_score
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "metric,value,lo,hi,expected",
    [("csat", 0.0, 0, 1, 0.0), ("csat", 0.83, 1, 5, 83.0), ("csat", 1.0, 0, 0, 100.0),
     ("nps", -100.0, 0, 10, 0.0), ("nps", 0.0, 0, 10, 50.0), ("nps", 45.0, 0, 10, 72.5),
     ("nps", 100.0, 0, 10, 100.0),
     ("ces", 1.0, 1, 7, 0.0), ("ces", 4.0, 1, 7, 50.0), ("ces", 7.0, 1, 7, 100.0),
     ("ces", 3.7, 1, 5, 67.5),
     ("emotion", -2.0, -2, 2, 0.0), ("emotion", 1.0, -2, 2, 75.0), ("emotion", 0.0, -3, 3, 50.0)],
)
def test_normalise(metric, value, lo, hi, expected):
    assert normalise(metric, value, lo, hi) == pytest.approx(expected, abs=1e-12)


def test_normalise_rejects_unknown_metric_and_empty_scale():
    with pytest.raises(ValueError):
        normalise("nss", 1.0, 0, 10)
    with pytest.raises(ValueError):
        normalise("ces", 3.0, 3, 3)


def test_experience_score_with_intervals():
    parts = [(80.0, 70.0, 88.0), (72.5, 64.7, 79.0), (67.5, 50.5, 84.5)]
    assert experience_score(parts) == pytest.approx(
        ((80 + 72.5 + 67.5) / 3, (70 + 64.7 + 50.5) / 3, (88 + 79 + 84.5) / 3), abs=1e-12
    )
    assert experience_score(parts)[0] == pytest.approx(73.333333, abs=1e-6)


def test_experience_score_missing_interval():
    assert experience_score([(80.0, 70.0, 88.0), (40.0, None, None)]) == (60.0, None, None)
    assert experience_score([(80.0, 70.0, None)]) == (80.0, None, None)


def test_experience_score_single_and_empty():
    assert experience_score([(55.0, 40.0, 70.0)]) == (55.0, 40.0, 70.0)
    assert experience_score([]) is None


def test_experience_score_end_to_end():
    csat = csat_from_counts([2, 3, 5, 20, 30])
    nps = nps_from_groups(60, 25, 15)
    ces = ces_from_counts([2, 4, 1, 0, 0, 0, 0])  # low effort is good; normalised as is
    parts = [
        tuple(normalise("csat", x, 1, 5) for x in (csat.value, csat.low, csat.high)),
        tuple(normalise("nps", x, 0, 10) for x in (nps.value, nps.low, nps.high)),
        tuple(normalise("ces", x, 1, 7) for x in (ces.value, ces.low, ces.high)),
    ]
    score, low, high = experience_score(parts)
    # hand: csat 83.3333, nps (45+100)/2 = 72.5, ces (13/7 - 1)/6*100 = 14.2857
    assert score == pytest.approx((250 / 3 + 72.5 + (13 / 7 - 1) / 6 * 100) / 3, abs=1e-9)
    assert score == pytest.approx(56.706349, abs=1e-6)
    assert low < score < high


# --------------------------------------------------------------------------
# Property: every interval contains its value and stays on its scale
# --------------------------------------------------------------------------

count = st.one_of(st.integers(0, 30), st.integers(0, 10**9))


@settings(max_examples=300, deadline=None)
@given(
    csat_counts=st.lists(count, min_size=2, max_size=11),
    top=st.integers(1, 11),
    nps_counts=st.lists(count, min_size=11, max_size=11),
    ces_counts=st.lists(count, min_size=2, max_size=11),
    scale_min=st.integers(-5, 5),
)
def test_property_intervals_contain_value_and_stay_on_scale(csat_counts, top, nps_counts, ces_counts, scale_min):
    checks = [
        (csat_from_counts(csat_counts, top), sum(csat_counts), 0.0, 1.0),
        (nps_from_counts(nps_counts), sum(nps_counts), -100.0, 100.0),
        (ces_from_counts(ces_counts, scale_min), sum(ces_counts),
         float(scale_min), float(scale_min + len(ces_counts) - 1)),
    ]
    for e, n, lo, hi in checks:
        assert e.n == n
        if n == 0:
            assert (e.value, e.low, e.high) == (None, None, None)
            continue
        assert lo <= e.value <= hi
        if e.metric == "ces" and n == 1:
            assert (e.low, e.high) == (None, None)
            continue
        assert lo <= e.low <= e.value <= e.high <= hi
        norm = [normalise(e.metric, x, lo, hi) for x in (e.value, e.low, e.high)]
        assert all(-1e-9 <= x <= 100 + 1e-9 for x in norm)


# --------------------------------------------------------------------------- scales that cannot count

def model_of(text: str):
    """The pydantic model of a map, errors or not (what a caller that skipped validation would hold)."""
    from journeymap.load.loader import load
    from journeymap.model.definition import JourneyMap

    return JourneyMap.model_validate(load(text.encode(), "m.jmap.yaml").data)


def test_an_empty_scale_gives_no_score_rather_than_an_exception():
    from journeymap.scoring.estimates import experience

    text = small_map(touchpoint("a", emotion=1, satisfaction={"ces": {"value": 3, "n": 40}}),
                     scales={"ces": {"min": 3, "max": 3}})
    journey_map = model_of(text)
    tp = journey_map.stages[0].touchpoints[0]
    assert experience(tp, journey_map.scales) is None  # the CES cannot count, and an emotion is no score


def test_estimate_never_raises_on_an_nps_that_is_not_11_counts():
    from journeymap.scoring.estimates import estimate

    journey_map = model_of(small_map(touchpoint("a", satisfaction={"nps": {"counts": [1] * 10}}),
                                     scales={"nps": {"min": 0, "max": 9}}))
    score = journey_map.stages[0].touchpoints[0].satisfaction.nps
    assert estimate("nps", score, journey_map.scales) is None
