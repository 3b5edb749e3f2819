"""`jmap score` end to end: JSON checked field by field against numbers computed here from the sample's counts."""

import csv
import io
import json
import math

import pytest
import yaml
from scipy import stats
from typer.testing import CliRunner

from journeymap.cli import app

from helpers import SAMPLE

Z = stats.norm.ppf(0.975)
runner = CliRunner()


def score(*args, env=None):
    return runner.invoke(app, ["score", *map(str, args)], env=env or {"COLUMNS": "200"})


# --------------------------------------------------------------------------- independent formulas

def wilson(p, n):
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z / (1 + Z * Z / n) * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def csat(spec):
    if "counts" in spec:
        c = spec["counts"]
        n = sum(c)
        p = (c[3] + c[4]) / n
    else:
        p, n = spec["value"], spec["n"]
    return (p, *wilson(p, n), n)


def nps(spec):
    if "counts" in spec:
        c = spec["counts"]
        pro, pas, det = sum(c[9:]), sum(c[7:9]), sum(c[:7])
    else:
        pro, pas, det = spec["promoters"], spec["passives"], spec["detractors"]
    n = pro + pas + det
    n2 = n + 3
    p2, d2 = (pro + 0.75) / n2, (det + 0.75) / n2
    se = math.sqrt((p2 + d2 - (p2 - d2) ** 2) / n2)
    return (100 * (pro - det) / n, max(-100, 100 * (p2 - d2 - Z * se)), min(100, 100 * (p2 - d2 + Z * se)), n)


def ces(spec):
    if "counts" not in spec:
        return (spec["value"], None, None, spec["n"])
    answers = [a for i, c in enumerate(spec["counts"], start=1) for a in [i] * c]
    n = len(answers)
    mean = sum(answers) / n
    sd = math.sqrt(sum((a - mean) ** 2 for a in answers) / (n - 1))
    half = stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
    return (mean, max(1, mean - half), min(7, mean + half), n)


FORMULAS = {"csat": csat, "nps": nps, "ces": ces}
NORMALISE = {"csat": lambda v: v * 100, "nps": lambda v: (v + 100) / 2, "ces": lambda v: (v - 1) / 6 * 100}
TARGETS = {"csat": 0.80, "nps": 30, "ces": 5.0}


def expected_touchpoints():
    data = yaml.safe_load(SAMPLE.read_text())
    found = {}
    for stage in data["stages"]:
        for tp in stage["touchpoints"]:
            sat = tp.get("satisfaction", {})
            values = {m: FORMULAS[m](sat[m]) for m in FORMULAS if m in sat}
            # no survey: no score (an emotion is a designer's judgement, never a score)
            score = sum(NORMALISE[m](v[0]) for m, v in values.items()) / len(values) if values else None
            found[tp["id"]] = {"stage": stage["id"], "channel": tp["channel"], "reach": tp["reach"],
                               "personas": tp.get("personas", ["new-visitor", "returning"]),
                               "values": values, "score": score}
    return found


EXPECTED = expected_touchpoints()


@pytest.fixture(scope="module")
def output():
    result = score(SAMPLE, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_touchpoints_field_by_field(output):
    assert [tp["id"] for tp in output["touchpoints"]] == list(EXPECTED)
    for tp in output["touchpoints"]:
        want = EXPECTED[tp["id"]]
        assert (tp["stage"], tp["channel"]) == (want["stage"], want["channel"])
        assert tp["score"] == (None if want["score"] is None else pytest.approx(want["score"], abs=1e-6))
        for metric in ("csat", "nps", "ces"):
            if metric not in want["values"]:
                assert tp[metric] is None
                continue
            value, low, high, n = want["values"][metric]
            got = tp[metric]
            assert got["value"] == pytest.approx(value, abs=1e-6)
            assert got["n"] == n
            if low is None:
                assert got["low"] is None and got["high"] is None
            else:
                assert got["low"] == pytest.approx(low, abs=1e-6), (tp["id"], metric)
                assert got["high"] == pytest.approx(high, abs=1e-6), (tp["id"], metric)
            assert got["target"] == TARGETS[metric]
            assert got["met"] is (value >= TARGETS[metric])
            assert got["low_sample"] is (n < 30)


def test_json_spot_values_by_hand(output):
    tps = {tp["id"]: tp for tp in output["touchpoints"]}
    assert tps["instagram-ad"]["csat"]["value"] == 0.75  # (50 + 40) / 120
    assert tps["delivery-tracking"]["nps"]["value"] == pytest.approx(100 * (60 - 80) / 210, abs=1e-6)
    assert tps["returns-portal"]["ces"] == {"value": 3.1, "low": None, "high": None, "n": 95,
                                            "target": 5.0, "met": False, "low_sample": False}
    assert tps["support-call"]["low_sample"] == ["csat"]  # 24 responses
    assert tps["cart"]["score"] is None and tps["cart"]["emotion"] == 0  # emotion only: not scored
    assert (tps["cart"]["csat"], tps["cart"]["nps"], tps["cart"]["ces"]) == (None, None, None)


def standard_error(metric, value):
    """The SE a roll-up uses: an interval's half-width over z, or the scale's largest for a bare value."""
    _v, low, high, n = value
    if low is None:
        return 6 / (2 * math.sqrt(n))  # CES 1-7 given as value and n: Popoviciu's bound
    return (high - low) / (2 * Z)


def reach_weighted(ids, metric):
    """Reach-weighted mean with its delta-method interval, written out here."""
    parts = [(EXPECTED[i]["reach"], EXPECTED[i]["values"][metric]) for i in ids if metric in EXPECTED[i]["values"]]
    total = sum(w for w, _v in parts)
    value = sum(w * v[0] for w, v in parts) / total
    half = Z * math.sqrt(sum((w / total) ** 2 * standard_error(metric, v) ** 2 for w, v in parts))
    return value, value - half, value + half


def test_json_rollups(output):
    journey = output["journey"]
    everyone = list(EXPECTED)
    assert (journey["id"], journey["touchpoints"], journey["weighting"]) == ("first-purchase", 13, "reach")
    assert journey["surveyed"] == sum(1 for tp in EXPECTED.values() if tp["values"]) == 11
    assert journey["responses"] == sum(v[3] for tp in EXPECTED.values() for v in tp["values"].values())
    assert journey["evidence"] == f"from 11 of 13 touchpoints with survey data, {journey['responses']:,} responses"
    for metric in ("csat", "nps", "ces"):
        value, low, high = reach_weighted(everyone, metric)
        assert journey[metric]["value"] == pytest.approx(value, abs=1e-6)
        assert journey[metric]["n"] == sum(tp["values"][metric][3] for tp in EXPECTED.values()
                                           if metric in tp["values"])
        assert journey[metric]["low"] == pytest.approx(low, abs=1e-5), metric
        assert journey[metric]["high"] == pytest.approx(high, abs=1e-5), metric
    surveyed = [tp for tp in EXPECTED.values() if tp["score"] is not None]
    total = sum(tp["reach"] for tp in surveyed)
    assert journey["score"] == pytest.approx(sum(tp["reach"] * tp["score"] for tp in surveyed) / total, abs=1e-6)
    for stage in output["stages"]:
        ids = [i for i, tp in EXPECTED.items() if tp["stage"] == stage["id"]]
        assert stage["touchpoints"] == len(ids)
        for metric in ("csat", "nps", "ces"):
            if not any(metric in EXPECTED[i]["values"] for i in ids):
                assert stage[metric] is None
            else:
                assert stage[metric]["value"] == pytest.approx(reach_weighted(ids, metric)[0], abs=1e-6)
    channels = {c["id"]: c for c in output["channels"]}
    assert list(channels) == ["web", "mobile-app", "email", "social", "chat", "phone"]
    assert channels["phone"]["csat"]["value"] == pytest.approx(9 / 24, abs=1e-6)
    assert channels["phone"]["low_sample"] == ["csat"]
    # persona: only the touchpoints serving that persona alone (the sample's counts are pooled)
    for persona in output["personas"]:
        own = [tp for tp in EXPECTED.values() if tp["personas"] == [persona["id"]] and tp["values"]]
        pooled = [tp for tp in EXPECTED.values() if persona["id"] in tp["personas"] and len(tp["personas"]) > 1
                  and tp["values"]]
        assert (persona["surveyed"], persona["pooled"]) == (len(own), len(pooled))
        assert persona["responses"] == sum(v[3] for tp in own for v in tp["values"].values())
        pairs = [(tp["reach"], tp["values"]["csat"][0]) for tp in own if "csat" in tp["values"]]
        assert persona["csat"]["value"] == pytest.approx(sum(w * v for w, v in pairs) / sum(w for w, _ in pairs),
                                                         abs=1e-6)
    assert sum(p["responses"] for p in output["personas"]) <= journey["responses"]


def test_fail_under(output):
    journey = output["journey"]["score"]
    assert score(SAMPLE, "--format", "json", "--fail-under", math.floor(journey)).exit_code == 0
    failed = score(SAMPLE, "--format", "json", "--fail-under", math.ceil(journey))
    assert failed.exit_code == 1
    assert "under" in failed.stderr


def test_output_is_deterministic():
    first, second = score(SAMPLE, "--format", "json").stdout, score(SAMPLE, "--format", "json").stdout
    assert first == second
    assert score(SAMPLE).stdout == score(SAMPLE).stdout


HOSTILE = """\
jmap: 1
journey: {id: j, title: "=HYPERLINK(\\"x\\")"}
channels: [web]
stages:
  - id: s
    name: "@SUM(A1)"
    touchpoints:
      - id: t
        name: "+cmd"
        channel: web
        owner: o
        satisfaction:
          nps: {promoters: 1, passives: 1, detractors: 8}
"""


def test_csv_neutralises_user_text_but_keeps_numbers(tmp_path):
    path = tmp_path / "h.jmap.yaml"
    path.write_text(HOSTILE)
    result = score(path, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["level"] for r in rows] == ["touchpoint", "stage", "channel", "journey"]
    assert rows[0]["name"] == "'+cmd"
    assert rows[1]["name"] == "'@SUM(A1)"
    assert rows[3]["name"] == "'=HYPERLINK(\"x\")"
    assert rows[0]["nps_value"] == "-70.0"  # 100 * (1 - 8) / 10, a number, not neutralised
    assert rows[0]["nps_n"] == "10" and rows[0]["low_sample"] == "nps"
    assert rows[0]["csat_value"] == ""


def test_table_fits_narrow_terminals_and_never_cuts_ids():
    for width in (200, 120, 80, 60):
        result = score(SAMPLE, env={"COLUMNS": str(width)})
        assert result.exit_code == 0
        lines = result.stdout.splitlines()
        assert max(len(line) for line in lines) <= width, width
        for tp in EXPECTED:
            assert any(line.startswith(f" {tp} ") for line in lines), (width, tp)
    wide = score(SAMPLE, env={"COLUMNS": "200"}).stdout
    assert "77.8% [54.8, 91.0] n=18*" in wide  # size-chat: 14 of 18 (Wilson interval), low-sample mark
    assert "\x1b[" not in wide  # no colour when not on a terminal


def test_table_escapes_terminal_control_characters(tmp_path):
    path = tmp_path / "e.jmap.yaml"
    path.write_text(HOSTILE.replace('"+cmd"', '"\\e[31mred"').replace('"@SUM(A1)"', "Stage"))
    result = score(path, env={"COLUMNS": "200"})
    assert "\x1b" not in result.stdout


def test_map_with_errors_exits_1_with_parsable_diagnostics(tmp_path):
    path = tmp_path / "bad.jmap.yaml"
    path.write_text("jmap: 1\njourney: {id: j, title: T}\nstages: []\n")
    result = score(path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"{path}:3:" in result.stderr and "(JM" in result.stderr


def test_output_file_is_written_and_inputs_are_protected(tmp_path, run_main):
    out = tmp_path / "scores.json"
    assert score(SAMPLE, "--format", "json", "-o", out).exit_code == 0
    assert json.loads(out.read_text())["journey"]["id"] == "first-purchase"
    copy = tmp_path / "m.jmap.yaml"
    copy.write_bytes(SAMPLE.read_bytes())
    code, _out, err = run_main("score", copy, "-o", copy)
    assert code == 2
    assert copy.read_bytes() == SAMPLE.read_bytes()
    assert err.count("\n") == 1 and "refusing" in err


def test_missing_map_is_one_line_exit_2(tmp_path, run_main):
    code, _out, err = run_main("score", tmp_path / "nope.jmap.yaml")
    assert code == 2
    assert err.startswith("jmap: ") and err.count("\n") == 1


def test_json_says_where_each_touchpoint_score_comes_from():
    """search-result and cart have no survey: no score, their emotion listed beside it."""
    import json

    result = CliRunner().invoke(app, ["score", str(SAMPLE), "--format", "json"])
    sources = {tp["id"]: (tp["score"], tp["score_from"], tp["emotion"])
               for tp in json.loads(result.stdout)["touchpoints"]}
    assert sources["search-result"] == (None, None, 0)
    assert sources["cart"] == (None, None, 0)
    assert sources["checkout"][1] == "survey"


def test_csv_says_where_each_touchpoint_score_comes_from():
    """As JSON: a touchpoint with an emotion alone has no score, and its emotion in a column of its own."""
    rows = {(r["level"], r["id"]): r for r in csv.DictReader(io.StringIO(score(SAMPLE, "--format", "csv").stdout))}
    assert rows[("touchpoint", "search-result")]["score_from"] == ""
    assert rows[("touchpoint", "search-result")]["score"] == ""
    assert rows[("touchpoint", "search-result")]["emotion"] == "0.0"
    assert rows[("touchpoint", "instagram-ad")]["score_from"] == "survey"
    assert rows[("stage", "awareness")]["score_from"] == ""
    assert rows[("stage", "awareness")]["surveyed"] == "1" and rows[("stage", "awareness")]["touchpoints"] == "2"


def test_score_table_lists_emotion_only_touchpoints_with_their_emotion_and_no_score():
    result = score(SAMPLE)
    assert result.exit_code == 0, result.stderr
    rows = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    for touchpoint in ("search-result", "cart"):
        assert "no data" not in rows[touchpoint]
        assert "no survey, emotion 0 (not scored)" in rows[touchpoint]
        assert " 50" not in rows[touchpoint]  # the emotion on 0-100 would look like a score
    assert "emotion" not in rows["checkout"]
