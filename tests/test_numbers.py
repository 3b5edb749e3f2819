"""The one number policy (outputs/numbers.py): how people and machines see each kind of number."""

import math

from hypothesis import given, strategies as st

from journeymap.outputs import numbers


def test_csat_is_a_percentage_with_one_decimal_and_its_interval_in_the_same_unit():
    assert numbers.metric_value("csat", 0.775) == "77.5%"
    assert numbers.metric_value("csat", 93 / 99) == "93.9%"
    assert numbers.metric_interval("csat", 0.701, 0.8421) == "[70.1, 84.2]"


def test_nps_is_a_signed_integer_and_zero_has_no_sign():
    assert [numbers.metric_value("nps", v) for v in (31.6, -9.52, 0.4, -0.4, 0.0)] == ["+32", "-10", "0", "0", "0"]
    assert numbers.metric_interval("nps", -3.2, 18.4) == "[-3, +18]"


def test_ces_has_two_decimals():
    assert numbers.metric_value("ces", 4.5333) == "4.53"
    assert numbers.metric_interval("ces", 4.3051, 4.7449) == "[4.31, 4.74]"


def test_changes_are_signed_and_gaps_are_sizes():
    assert numbers.metric_change("csat", 0.012) == "+1.2 pp"
    assert numbers.metric_change("csat", -0.00004) == "0.0 pp"  # never -0.0
    assert numbers.metric_change("nps", 2.6) == "+3"
    assert numbers.metric_change("ces", -0.123) == "-0.12"
    assert numbers.gap_size("csat", "satisfaction", 0.425) == "42.5 pp"
    assert numbers.gap_size("nps", "satisfaction", 39.5) == "40"
    assert numbers.gap_size("conversion_rate", "kpi", 0.004) == "0.004"


def test_experience_is_an_integer_and_one_decimal_only_when_asked():
    assert numbers.experience(68.13) == "68"
    assert numbers.experience(79.96, digits=1) == "80.0"
    assert numbers.experience_interval(65.4, 79.6) == "[65, 80]"
    assert numbers.experience(None) == numbers.MISSING


def test_counts_have_separators_and_words_agree_with_them():
    assert numbers.count(1200) == "1,200"
    assert numbers.plural(1, "response") == "1 response"
    assert numbers.plural(0, "response") == "0 responses"
    assert numbers.plural(2632, "response") == "2,632 responses"
    assert numbers.plural(3, "info", "info") == "3 info"


def test_emotion_is_signed_with_at_most_one_decimal():
    assert [numbers.emotion(v) for v in (1, 2 / 3, -0.04, -2, 1.5)] == ["+1", "+0.7", "0", "-2", "+1.5"]
    assert numbers.emotion(1.0, signed=False) == "1"


def test_kpis_keep_their_units_without_exponents():
    assert [numbers.kpi_value(v) for v in (0.021, 12.5, 12345.6, 0.00001, 3.0)] == [
        "0.021", "12.5", "12,346", "0.000010", "3"]


def test_one_missing_mark():
    assert numbers.MISSING == "\u2013"
    for shown in (numbers.metric_value("csat", None), numbers.metric_change("nps", None), numbers.count(None),
                  numbers.percent(None), numbers.kpi_value(None), numbers.p_value(None)):
        assert shown == numbers.MISSING


def test_machine_numbers_keep_12_significant_digits_and_no_negative_zero():
    assert numbers.machine(0.1 + 0.2) == 0.3
    assert numbers.machine(2 / 3) == 0.666666666667
    assert math.copysign(1, numbers.machine(-0.0)) == 1
    assert numbers.machine(7) == 7 and numbers.machine(True) is True and numbers.machine(None) is None


def test_one_csv_cell_for_every_csv():
    assert [numbers.csv_value(v) for v in (None, True, False, -9.5, 12, 2 / 3, "=SUM(A1)", "plain")] == [
        "", "true", "false", "-9.5", "12", "0.666666666667", "'=SUM(A1)", "plain"]


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6), st.integers(0, 4),
       st.booleans())
def test_no_negative_zero_and_no_signed_zero_ever(value, digits, signed):
    shown = numbers.fixed(value, digits, signed)
    if float(shown) == 0:
        assert shown.lstrip("+-") == shown
    assert float(shown) == float(f"{value:.{digits}f}")
