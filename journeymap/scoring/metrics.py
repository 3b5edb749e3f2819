"""Satisfaction metrics: the one home of every formula jmap uses.

Every CSAT, NPS and CES figure a map shows, every 95 % interval around it,
and the 0-100 normalisation that lets different metrics be averaged into one
experience score are defined here and nowhere else, so the renderers, the
checks and the command line can never disagree about a number.

Only the standard library is used: the command line imports this module on
every start and must stay fast.

Sources
-------
* Wilson, E. B. (1927). Probable inference, the law of succession, and
  statistical inference. JASA 22(158), 209-212.
* Brown, L. D., Cai, T. T. & DasGupta, A. (2001). Interval estimation for a
  binomial proportion. Statistical Science 16(2), 101-133.
* Reichheld, F. F. (2003). The one number you need to grow. Harvard Business
  Review 81(12), 46-54.
* Rocks, B. (2016). Interval estimation for the "Net Promoter Score".
  The American Statistician 70(4), 365-372.
* Sauro, J. & Lewis, J. R. (2016). Quantifying the User Experience, 2nd ed.
* Dixon, M., Freeman, K. & Toman, N. (2010). Stop trying to delight your
  customers. Harvard Business Review 88(7/8), 116-122.
* Abramowitz, M. & Stegun, I. A. (1964). Handbook of Mathematical Functions,
  26.7.3-26.7.5 (Student t distribution).
* Hill, G. W. (1970). Algorithm 396: Student's t-quantiles. CACM 13(10),
  619-620.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Sequence

__all__ = [
    "Z",
    "Estimate",
    "wilson_interval",
    "csat_from_counts",
    "csat_from_value",
    "nps_from_groups",
    "nps_from_counts",
    "nps_from_value",
    "ces_from_counts",
    "ces_from_value",
    "t_quantile_975",
    "normalise",
    "experience_score",
]

Z = 1.959964  # 97.5 % normal quantile, used for every 95 % interval

# Full-precision 97.5 % normal quantile, used only as the seed of the
# t quantile so that large-df results agree with reference tables to 1e-9.
_Z975_EXACT = 1.959963984540054


@dataclass(frozen=True)
class Estimate:
    """A metric value with its 95 % interval and the responses behind it.

    ``value`` is a CSAT fraction (0-1), an NPS (-100..100) or a CES mean;
    it is None when there are no responses.  ``low``/``high`` are None when
    no interval can be given (no responses, a single CES answer, or a value
    stated without the counts needed for one).
    """

    metric: str
    value: float | None
    low: float | None
    high: float | None
    n: int
    # Standard error of ``value`` in the metric's units, for roll-ups (`pooled_interval`); None
    # without responses.  ``se_bound`` marks the largest spread the scale allows, used where the
    # map gives a value without the answers behind it (see `largest_se`).
    se: float | None = field(default=None, compare=False)
    se_bound: bool = field(default=False, compare=False)


# --------------------------------------------------------------------------
# CSAT: share of the top boxes, Wilson score interval
# --------------------------------------------------------------------------


def _wilson(p: float, n: float, z: float) -> tuple[float, float]:
    """Wilson score interval for an observed share ``p`` out of ``n``.

    Shares at exactly 0 or 1 get the exact bound 0.0 or 1.0 rather than a
    rounding residue, and the result is kept inside [0, 1].
    """
    z2 = z * z
    denom = 1.0 + z2 / n
    centre = (p + z2 / (2.0 * n)) / denom
    half = z * math.sqrt(max(0.0, p * (1.0 - p) / n + z2 / (4.0 * n * n))) / denom
    low = 0.0 if p <= 0.0 else min(1.0, max(0.0, centre - half))
    high = 1.0 if p >= 1.0 else max(0.0, min(1.0, centre + half))
    return low, high


def wilson_interval(successes: int, n: int, z: float = Z) -> tuple[float, float]:
    """Wilson (1927) score interval for a binomial proportion.

    Chosen over the textbook Wald interval because it keeps its coverage at
    small n and near 0 % / 100 % and never leaves [0, 1] (Brown, Cai &
    DasGupta 2001).  With no trials nothing is known: (0.0, 1.0).
    """
    if n <= 0:
        return 0.0, 1.0
    return _wilson(successes / n, n, z)


def csat_from_counts(counts: Sequence[int], top_boxes: int = 2) -> Estimate:
    """CSAT from answer counts (lowest answer first).

    CSAT is the share of responses in the top ``top_boxes`` answers (the
    usual "4 or 5 on a 5-point scale" top-two-box definition), with a Wilson
    interval because it is a binomial proportion.
    """
    n = sum(counts)
    if n <= 0:
        return Estimate("csat", None, None, None, n)
    successes = sum(counts[max(0, len(counts) - top_boxes):]) if top_boxes > 0 else 0
    low, high = _wilson(successes / n, n, Z)
    return Estimate("csat", successes / n, low, high, n, wilson_se(successes / n, n))


def csat_from_value(value: float, n: int) -> Estimate:
    """CSAT stated as a share with its number of responses.

    The Wilson formula is applied to the share itself (not to a rounded
    success count), so a stated 0.83 of 100 is treated as exactly 0.83.
    Without responses (n == 0) the stated value is kept but has no interval.
    """
    if n <= 0:
        return Estimate("csat", value, None, None, n)
    low, high = _wilson(value, n, Z)
    return Estimate("csat", value, low, high, n, wilson_se(value, n))


# --------------------------------------------------------------------------
# NPS: promoters minus detractors, adjusted Wald interval
# --------------------------------------------------------------------------


def nps_from_groups(promoters: int, passives: int, detractors: int) -> Estimate:
    """Net Promoter Score (Reichheld 2003): 100 * (P - D) / n.

    The interval is the adjusted Wald interval for a difference of two
    multinomial shares (Rocks 2016; Sauro & Lewis 2016): add 3/4 of a
    response to promoters and to detractors (3 responses in all), then use
    the Wald formula.  Plain Wald collapses to zero width for all-promoter
    samples; the adjustment keeps small-sample coverage near 95 %.

    At n == 1 (and only there) the adjusted interval can fail to contain the
    observed score (one promoter: NPS 100, interval up to 98.5); the bound is
    then stretched to the observed score so a map never shows a value outside
    its own interval.
    """
    n = promoters + passives + detractors
    if n <= 0:
        return Estimate("nps", None, None, None, n)
    value = 100.0 * (promoters - detractors) / n
    n_adj = n + 3.0
    p_adj = (promoters + 0.75) / n_adj
    d_adj = (detractors + 0.75) / n_adj
    diff = p_adj - d_adj
    se = math.sqrt(max(0.0, (p_adj + d_adj - diff * diff) / n_adj))
    low = max(-100.0, 100.0 * (diff - Z * se))
    high = min(100.0, 100.0 * (diff + Z * se))
    return Estimate("nps", value, min(low, value), max(high, value), n, 100.0 * se)


def nps_from_counts(counts: Sequence[int]) -> Estimate:
    """NPS from the 11 answer counts for 0..10.

    Promoters answer 9-10, passives 7-8, detractors 0-6 (Reichheld 2003).
    Any other number of counts is rejected: regrouping it would be a guess.
    """
    return nps_from_groups(*nps_groups(counts))


def nps_from_value(value: float, n: int) -> Estimate:
    """NPS stated as a number: no interval, the group split is unknown.

    For roll-ups it carries the largest standard error any split could have (`largest_se`).
    """
    return Estimate("nps", value, None, None, n, largest_se("nps", n, -100.0, 100.0), n > 0)


# --------------------------------------------------------------------------
# CES: mean effort, t interval
# --------------------------------------------------------------------------


def ces_from_counts(counts: Sequence[int], scale_min: int = 1) -> Estimate:
    """Customer Effort Score (Dixon, Freeman & Toman 2010) as a mean.

    ``counts[i]`` is the number of answers ``scale_min + i``.  The interval is
    the Student t interval mean +/- t(n-1, 0.975) * s / sqrt(n) with the
    sample standard deviation (n - 1), the standard interval for a mean of
    a rating scale (Sauro & Lewis 2016, ch. 3).  The interval is clipped to
    the scale (``scale_min`` .. ``scale_min + len(counts) - 1``), since no
    mean can lie outside it; at small n the raw t interval easily does.
    One answer gives no interval; identical answers give a zero-width one.
    """
    n, mean, variance = ces_moments(counts, scale_min)
    scale_max = scale_min + len(counts) - 1
    if mean is None:  # no answers
        return Estimate("ces", None, None, None, n)
    if variance is None:  # one answer
        return Estimate("ces", mean, None, None, n, largest_se("ces", n, scale_min, scale_max), True)
    sd = math.sqrt(variance)
    half = t_quantile_975(int(n) - 1) * sd / math.sqrt(n)
    low = max(float(scale_min), mean - half)
    high = min(float(scale_max), mean + half)
    # the t quantile over z keeps the roll-up as wide as the touchpoint's own interval at small n
    return Estimate("ces", mean, low, high, n, half / Z)


def ces_from_value(value: float, n: int, scale_min: int = 1, scale_max: int = 7) -> Estimate:
    """CES stated as a mean: no interval, the spread is unknown.

    For roll-ups it carries the largest standard error the scale allows (`largest_se`).
    """
    return Estimate("ces", value, None, None, n, largest_se("ces", n, scale_min, scale_max), n > 0)


def wilson_se(p: float, n: float, z: float = Z) -> float:
    """The Wilson interval's half-width over z: a standard error that stays above 0 at 0 % and 100 %.

    The plain sqrt(p(1-p)/n) is 0 there, which would give a roll-up of perfect scores a
    zero-width interval; this one shrinks like it as n grows.
    """
    return math.sqrt(max(0.0, p * (1.0 - p) / n + z * z / (4.0 * n * n))) / (1.0 + z * z / n)


def largest_se(metric: str, n: int, scale_min: float, scale_max: float) -> float | None:
    """The largest standard error a mean of n answers on a bounded scale can have.

    A value given without its answers has an unknown spread, but no spread on [a, b] exceeds
    (b - a) / 2 (Popoviciu's inequality on variances), so (b - a) / (2 sqrt n) is an honest,
    conservative standard error. For NPS (-100..100, the difference of two shares) it is
    100 / sqrt(n): var(NPS/100) = p + d - (p - d)^2 <= 1.
    """
    if n <= 0:
        return None
    return (scale_max - scale_min) / (2.0 * math.sqrt(n))


# --------------------------------------------------------------------------
# Student t 0.975 quantile without scipy
# --------------------------------------------------------------------------

# Above this df the Cornish-Fisher series alone is accurate to ~1e-12.
_CF_MIN_DF = 200


def _t_cornish_fisher(df: int) -> float:
    """Cornish-Fisher expansion of the t quantile (A&S 26.7.5, Hill 1970).

    Error is O(df**-5): below 1e-10 from df 100 on, 1e-5 at df 10.
    """
    x = _Z975_EXACT
    x2 = x * x
    g1 = x * (x2 + 1.0) / 4.0
    g2 = x * ((5.0 * x2 + 16.0) * x2 + 3.0) / 96.0
    g3 = x * (((3.0 * x2 + 19.0) * x2 + 17.0) * x2 - 15.0) / 384.0
    g4 = x * ((((79.0 * x2 + 776.0) * x2 + 1482.0) * x2 - 1920.0) * x2 - 945.0) / 92160.0
    v = float(df)
    return x + (g1 + (g2 + (g3 + g4 / v) / v) / v) / v


def _t_central_prob(t: float, df: int) -> float:
    """P(|T| < t) for integer df by the exact finite sums of A&S 26.7.3/4."""
    theta = math.atan(t / math.sqrt(df))
    s, c = math.sin(theta), math.cos(theta)
    c2 = c * c
    if df % 2:
        if df == 1:
            return 2.0 * theta / math.pi
        term, total = c, c
        for k in range(3, df - 1, 2):  # terms cos^k theta, k = 3, 5, .., df-2
            term *= c2 * (k - 1) / k
            total += term
        return 2.0 / math.pi * (theta + s * total)
    term, total = 1.0, 1.0
    for k in range(2, df - 1, 2):  # terms cos^k theta, k = 2, 4, .., df-2
        term *= c2 * (k - 1) / k
        total += term
    return s * total


def _t_density(t: float, df: int) -> float:
    """Student t density, normalising constant via lgamma."""
    log_c = math.lgamma((df + 1) / 2.0) - math.lgamma(df / 2.0) - 0.5 * math.log(df * math.pi)
    return math.exp(log_c - (df + 1) / 2.0 * math.log1p(t * t / df))


def t_quantile_975(df: int) -> float:
    """0.975 quantile of Student's t with ``df`` degrees of freedom.

    df 1 and 2 use the exact closed forms (tan(0.475 pi) and
    0.95 * sqrt(2 / (1 - 0.95**2))).  Small df start from the Cornish-Fisher
    value and are polished by Newton steps on the exact finite-sum CDF
    (A&S 26.7.3/4), converging to machine precision.  Large df use the
    Cornish-Fisher series (A&S 26.7.5, Hill 1970) directly, which there is
    accurate far beyond 1e-6 and costs O(1), so 10**9 responses stay fast.
    """
    nu = int(df)
    if nu != df or nu < 1:
        raise ValueError(f"degrees of freedom must be a positive integer, got {df!r}")
    if nu == 1:
        return math.tan(0.475 * math.pi)
    if nu == 2:
        return 0.95 * math.sqrt(2.0 / (1.0 - 0.95 * 0.95))
    if nu >= _CF_MIN_DF:
        return _t_cornish_fisher(nu)
    t = _t_cornish_fisher(nu)
    for _ in range(50):  # converges in a handful of steps; the cap rules out a hang
        step = (_t_central_prob(t, nu) - 0.95) / (2.0 * _t_density(t, nu))
        t -= step
        if abs(step) < 1e-14 * t:
            break
    return t


# --------------------------------------------------------------------------
# Normalisation and the combined experience score
# --------------------------------------------------------------------------


def normalise(metric: str, value: float, scale_min: float, scale_max: float) -> float:
    """Map a metric value onto 0..100: the single definition of normalisation.

    CSAT is a fraction (x 100), NPS runs -100..100 (shifted and halved), CES
    and emotion are linear on their declared scale.  A common 0..100 range is
    what lets different metrics be averaged into one experience score.
    ``scale_min``/``scale_max`` matter only for "ces" and "emotion".
    """
    if metric == "csat":
        return value * 100.0
    if metric == "nps":
        return (value + 100.0) / 2.0
    if metric in ("ces", "emotion"):
        if scale_max == scale_min:
            raise ValueError(f"{metric} scale is empty: min == max == {scale_min}")
        return (value - scale_min) / (scale_max - scale_min) * 100.0
    raise ValueError(f"unknown metric {metric!r}")


def experience_score(
    parts: Sequence[tuple[float, float | None, float | None]],
) -> tuple[float, float | None, float | None] | None:
    """Combined 0..100 experience score of a touchpoint.

    ``parts`` holds (value, low, high) of each metric, already normalised.
    The score is the unweighted mean: no metric is privileged without
    evidence for a weighting.  The interval is the mean of the lows and of
    the highs, a conservative envelope (it ignores the partial cancelling of
    independent errors), given only when every part has an interval.
    No parts: None.
    """
    if not parts:
        return None
    k = len(parts)
    score = sum(p[0] for p in parts) / k
    lows = [p[1] for p in parts if p[1] is not None]
    highs = [p[2] for p in parts if p[2] is not None]
    if len(lows) == len(highs) == k:
        return score, sum(lows) / k, sum(highs) / k
    return score, None, None


def weighted_mean(
    parts: Sequence[tuple[float, float, float | None, float | None]],
) -> tuple[float, float | None, float | None] | None:
    """Weighted mean of (weight, value, low, high) parts, for roll-ups.

    The interval is the weighted mean of the lows and of the highs: a
    conservative envelope (independent errors partly cancel, this ignores
    that), given only when every weighted part has one.  Parts with zero
    weight take no part; no weight at all: None.
    """
    used = [p for p in parts if p[0] > 0]
    total = sum(p[0] for p in used)
    if total <= 0:
        return None
    value = sum(w * v for w, v, _lo, _hi in used) / total
    lows = [w * lo for w, _v, lo, _hi in used if lo is not None]
    highs = [w * hi for w, _v, _lo, hi in used if hi is not None]
    if len(lows) == len(highs) == len(used):
        return value, sum(lows) / total, sum(highs) / total
    return value, None, None


def pooled_interval(
    parts: Sequence[tuple[float, float, float]], lowest: float, highest: float,
) -> tuple[float, float, float] | None:
    """Weighted mean of (weight, value, standard error) parts with its 95 % interval (delta method).

    The weights (reach, or responses) are taken as known constants and the parts as independent
    samples (different respondents), so var(sum w_i x_i / W) = sum (w_i / W)^2 se_i^2; the
    interval is mean +/- Z * sqrt(var), kept inside [lowest, highest]. Parts with zero weight take
    no part; no weight at all: None.
    """
    used = [p for p in parts if p[0] > 0]
    total = sum(p[0] for p in used)
    if total <= 0:
        return None
    value = sum(w * v for w, v, _se in used) / total
    half = Z * math.sqrt(sum((w / total) ** 2 * se * se for w, _v, se in used))
    return value, max(lowest, value - half), min(highest, value + half)


# --------------------------------------------------------------------------
# Raw-data helpers shared by the estimates and the difference tests
# --------------------------------------------------------------------------


def nps_groups(counts: Sequence[int]) -> tuple[int, int, int]:
    """(promoters, passives, detractors) from the 11 answer counts for 0..10.

    Promoters answer 9-10, passives 7-8, detractors 0-6 (Reichheld 2003).
    Any other number of counts is rejected: regrouping it would be a guess.
    """
    if len(counts) != 11:
        raise ValueError(f"NPS needs 11 counts (answers 0-10), got {len(counts)}")
    return sum(counts[9:11]), sum(counts[7:9]), sum(counts[0:7])


def ces_moments(counts: Sequence[int], scale_min: int = 1) -> tuple[int, float | None, float | None]:
    """(n, mean, sample variance) of answers given as counts from ``scale_min`` up.

    The mean is None without answers; the variance (n - 1 denominator) is
    None below two answers.
    """
    n = sum(counts)
    if n <= 0:
        return n, None, None
    mean = sum(c * (scale_min + i) for i, c in enumerate(counts)) / n
    if n < 2:
        return n, mean, None
    ss = sum(c * (scale_min + i - mean) ** 2 for i, c in enumerate(counts))
    return n, mean, max(0.0, ss / (n - 1))


# --------------------------------------------------------------------------
# Differences between two periods: is the change real?
# --------------------------------------------------------------------------

ALPHA = 0.05  # two-sided; matches the 95 % intervals


@dataclass(frozen=True)
class Difference:
    """``new - old`` for one metric, with its 95 % interval and the test behind it.

    ``p_value`` is None when no test is possible; ``note`` then says why.
    """

    metric: str
    delta: float | None
    low: float | None
    high: float | None
    statistic: float | None = None
    p_value: float | None = None
    test: str = ""
    note: str = ""

    @property
    def significant(self) -> bool | None:
        return None if self.p_value is None else self.p_value < ALPHA


def normal_two_sided_p(z: float) -> float:
    """P(|Z| >= |z|) for a standard normal Z."""
    return math.erfc(abs(z) / math.sqrt(2.0))


def csat_difference(old: Estimate, new: Estimate) -> Difference:
    """Change in CSAT, the share of top-two-box answers: `proportion_difference`."""
    return proportion_difference(old, new, "csat")


def proportion_difference(old: Estimate, new: Estimate, metric: str = "rate") -> Difference:
    """Change in a proportion (CSAT; a step's conversion, successes of n): two-proportion z test
    (pooled SE) and Newcombe's hybrid score interval.

    The pooled z test is the textbook test of "no change"; the interval is
    Newcombe (1998, method 10), built from the two Wilson intervals, which
    keeps its coverage near 0 % and 100 % where the Wald interval fails.
    ``significant`` follows the test; at the 5 % margin the two can
    disagree by a hair.  A share stated as value + n counts value x n successes.
    """
    if old.value is None or new.value is None or old.n <= 0 or new.n <= 0:
        delta = None if old.value is None or new.value is None else new.value - old.value
        return Difference(metric, delta, None, None, note="no responses on one side")
    p1, n1, p2, n2 = old.value, old.n, new.value, new.n
    delta = p2 - p1
    l1, u1 = _wilson(p1, n1, Z)
    l2, u2 = _wilson(p2, n2, Z)
    low = delta - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
    high = delta + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    se = math.sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2))
    if se == 0.0:  # both sides all top-box or all not: no change is possible
        return Difference(metric, delta, low, high, 0.0, 1.0, "two-proportion z")
    z = delta / se
    return Difference(metric, delta, low, high, z, normal_two_sided_p(z), "two-proportion z")


def nps_difference(old_groups: Sequence[int], new_groups: Sequence[int]) -> Difference:
    """Change in NPS from (promoters, passives, detractors) on each side: Wald z test and interval.

    NPS/100 = p - d is a difference of two multinomial shares, with variance
    (p + d - (p - d)^2) / n; the two periods are independent samples, so the
    SE of the change is sqrt(var_old + var_new) (Rocks 2016; Sauro & Lewis
    2016).  Interval and test share that SE, so they always agree.
    """
    parts = []
    for promoters, passives, detractors in (old_groups, new_groups):
        n = promoters + passives + detractors
        if n <= 0:
            return Difference("nps", None, None, None, note="no responses on one side")
        p, d = promoters / n, detractors / n
        parts.append((p - d, (p + d - (p - d) ** 2) / n))
    (old_score, old_var), (new_score, new_var) = parts
    delta = 100.0 * (new_score - old_score)
    se = 100.0 * math.sqrt(old_var + new_var)
    if se == 0.0:
        return Difference("nps", delta, None, None, note="every answer falls in one group on both sides: no variance to test against")
    z = delta / se
    low, high = max(-200.0, delta - Z * se), min(200.0, delta + Z * se)
    return Difference("nps", delta, low, high, z, normal_two_sided_p(z), "difference of two NPS, z")


def ces_difference(old_counts: Sequence[int], new_counts: Sequence[int], scale_min: int = 1) -> Difference:
    """Change in mean CES: Welch's t test and interval (Welch 1947), for unequal variances.

    Welch-Satterthwaite degrees of freedom; needs at least two answers on
    each side and some spread in them.
    """
    n1, m1, v1 = ces_moments(old_counts, scale_min)
    n2, m2, v2 = ces_moments(new_counts, scale_min)
    delta = None if m1 is None or m2 is None else m2 - m1
    if v1 is None or v2 is None or delta is None:
        return Difference("ces", delta, None, None, note="fewer than two answers on one side")
    a, b = v1 / n1, v2 / n2
    se = math.sqrt(a + b)
    if se == 0.0:
        return Difference("ces", delta, None, None, note="every answer is the same on both sides: no variance to test against")
    df = (a + b) ** 2 / (a * a / (n1 - 1) + b * b / (n2 - 1))
    t = delta / se
    half = t_quantile_975_real(df) * se
    return Difference("ces", delta, delta - half, delta + half, t, t_two_sided_p(t, df), "Welch t")


# --------------------------------------------------------------------------
# Student t for real degrees of freedom (Welch): regularised incomplete beta
# --------------------------------------------------------------------------

# Beyond this df the t distribution equals the normal to ~1e-7 in the p-value.
_NORMAL_DF = 1e7


def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta, modified Lentz (Press et al., Numerical Recipes 6.4)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 100_000):
        m2 = 2 * m
        for numerator in (m * (b - m) * x / ((qam + m2) * (a + m2)),
                          -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1.0) < 1e-15:
            break
    return h


def incomplete_beta(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta I_x(a, b) (A&S 26.5.8 continued fraction)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                 + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_continued_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_continued_fraction(b, a, 1.0 - x) / b


def t_two_sided_p(t: float, df: float) -> float:
    """P(|T| >= |t|) for Student's t with real ``df`` > 0: I_{df/(df+t^2)}(df/2, 1/2)."""
    if df > _NORMAL_DF:
        return normal_two_sided_p(t)
    return incomplete_beta(df / 2.0, 0.5, df / (df + t * t))


def t_quantile_975_real(df: float) -> float:
    """0.975 quantile of Student's t for real ``df`` (Welch's df is rarely whole).

    Whole df use t_quantile_975; large df the Cornish-Fisher series; the rest
    bisection on t_two_sided_p, which cannot fail to converge.
    """
    if df == int(df) and df >= 1:
        return t_quantile_975(int(df))
    if df >= _CF_MIN_DF:
        return _t_cornish_fisher(df)  # type: ignore[arg-type]
    low, high = 0.0, 1.0
    while t_two_sided_p(high, df) > ALPHA:
        high *= 2.0
    for _ in range(200):
        middle = (low + high) / 2.0
        if t_two_sided_p(middle, df) > ALPHA:
            low = middle
        else:
            high = middle
        if high - low < 1e-13 * high:
            break
    return (low + high) / 2.0


# --------------------------------------------------------------------------
# Mermaid journey scores (1..5)
# --------------------------------------------------------------------------


def five_point(score: float) -> int:
    """A 0..100 experience score on a 1..5 scale: 1 + round(score / 25), halves rounded up.

    0-12.4 -> 1, 12.5-37.4 -> 2, 37.5-62.4 -> 3, 62.5-87.4 -> 4, 87.5-100 -> 5.
    """
    return max(1, min(5, 1 + math.floor(score / 25.0 + 0.5)))


def emotion_from_five_point(points: float, low: float = -2.0, high: float = 2.0) -> float:
    """A 1..5 score on the emotion scale, linearly: 1 -> low, 5 -> high (3 -> 0 on -2..2)."""
    return low + (points - 1.0) / 4.0 * (high - low)
