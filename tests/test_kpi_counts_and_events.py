"""A KPI given as a rate with its counts: value = successes / n, with the Wilson interval CSAT uses."""

import jsonschema
import pytest

from helpers import check
from journeymap.model.definition import json_schema
from journeymap.scoring.estimates import kpi_interval
from journeymap.scoring.metrics import wilson_interval
from helpers import ONE_TOUCHPOINT as HEAD, validate_touchpoint as _map
from helpers.quick import agree, one_touchpoint

def test_a_kpi_with_counts_has_value_successes_over_n_and_the_csat_interval():
    result = _map("        kpis:\n          checkout_conversion: {successes: 12, n: 40, target: 0.5}\n")
    assert result.diagnostics == []
    kpi = result.map.stages[0].touchpoints[0].kpis["checkout_conversion"]
    assert (kpi.value, kpi.successes, kpi.n) == (0.3, 12, 40)
    assert kpi_interval(kpi) == wilson_interval(12, 40)


def test_a_plain_kpi_value_still_works_and_has_no_interval():
    result = _map("        kpis:\n          ctr: {value: 0.021}\n")
    kpi = result.map.stages[0].touchpoints[0].kpis["ctr"]
    assert (kpi.value, kpi.successes, kpi.n, kpi_interval(kpi)) == (0.021, None, None, None)


@pytest.mark.parametrize("kpi, code, column, message", [
    ("{successes: 50, n: 40}", "JM104", 16, "ctr has 50 successes out of n = 40; successes cannot exceed n"),
    ("{successes: 3}", "JM101", 16, "ctr needs value, or successes and n (n missing)"),
    ("{value: 0.1, n: 3}", "JM102", 16, "ctr mixes value with successes and n; give one form: value, or successes and n"),
    ("{successes: 0, n: 0}", "JM104", 34, "stages[0].touchpoints[0].kpis.ctr.n: input should be greater than or equal to 1 (got 0)"),
    ("{sucesses: 1, n: 2}", "JM103", 16, "unknown field 'sucesses' (did you mean 'successes'?)"),
])
def test_a_kpi_is_exactly_one_form(kpi, code, column, message):
    found = check(HEAD + f"        kpis:\n          ctr: {kpi}\n")
    first = found[0]
    assert (first.code, first.line) == (code, 13)
    assert first.column == column or code == "JM103"
    if message:
        assert first.message == message


@pytest.mark.parametrize("kpi", [{"successes": 3, "n": 4}, {"value": 2.5}, {"successes": 5, "n": 4},
                                 {"successes": 1}, {"value": 1, "n": 2}, {"n": 0, "successes": 0}])
def test_quick_path_model_and_schema_agree_on_kpi_forms(kpi):
    data = one_touchpoint(kpis={"k": kpi})
    quick, slow = agree(data)
    schema_ok = jsonschema.Draft202012Validator(json_schema()).is_valid(data)
    assert schema_ok == (slow is not None) or kpi == {"successes": 5, "n": 4}  # successes <= n is beyond the schema
    if slow is not None:
        assert quick is not None and quick.stages[0].touchpoints[0].kpis["k"].value == kpi.get("value", kpi.get("successes", 0) / kpi.get("n", 1))
