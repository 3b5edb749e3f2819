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
            if values:
                score = sum(NORMALISE[m](v[0]) for m, v in values.items()) / len(values)
            else:
                emotion = tp["emotion"]
                if isinstance(emotion, dict):
                    emotion = sum(emotion.values()) / len(emotion)
                score = (emotion + 2) / 4 * 100
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
        assert tp["score"] == pytest.approx(want["score"], abs=1e-6)
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
    assert tps["cart"]["score"] == 50.0  # emotion 0 on -2..2, no survey data
    assert (tps["cart"]["csat"], tps["cart"]["nps"], tps["cart"]["ces"]) == (None, None, None)


def reach_weighted(ids, metric):
    pairs = [(EXPECTED[i]["reach"], EXPECTED[i]["values"][metric]) for i in ids if metric in EXPECTED[i]["values"]]
    total = sum(w for w, _v in pairs)
    return tuple(sum(w * v[k] for w, v in pairs) / total for k in range(3)) if all(
        v[1] is not None for _w, v in pairs) else (sum(w * v[0] for w, v in pairs) / total, None, None)


def test_json_rollups(output):
    journey = output["journey"]
    everyone = list(EXPECTED)
    assert (journey["id"], journey["touchpoints"], journey["weighting"]) == ("first-purchase", 13, "reach")
    assert journey["responses"] == sum(v[3] for tp in EXPECTED.values() for v in tp["values"].values())
    for metric in ("csat", "nps", "ces"):
        value, low, high = reach_weighted(everyone, metric)
        assert journey[metric]["value"] == pytest.approx(value, abs=1e-6)
        assert journey[metric]["n"] == sum(tp["values"][metric][3] for tp in EXPECTED.values()
                                           if metric in tp["values"])
        if low is None:
            assert journey[metric]["low"] is None
        else:
            assert journey[metric]["low"] == pytest.approx(low, abs=1e-6)
            assert journey[metric]["high"] == pytest.approx(high, abs=1e-6)
    total = sum(tp["reach"] for tp in EXPECTED.values())
    assert journey["score"] == pytest.approx(sum(tp["reach"] * tp["score"] for tp in EXPECTED.values()) / total,
                                             abs=1e-6)
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
    # persona: reach split by share among the personas a touchpoint serves (0.65 / 0.35)
    share = {"new-visitor": 0.65, "returning": 0.35}
    for persona in output["personas"]:
        pairs = []
        for tp in EXPECTED.values():
            if persona["id"] in tp["personas"] and "csat" in tp["values"]:
                fraction = share[persona["id"]] / sum(share[p] for p in tp["personas"])
                pairs.append((tp["reach"] * fraction, tp["values"]["csat"][0]))
        assert persona["csat"]["value"] == pytest.approx(sum(w * v for w, v in pairs) / sum(w for w, _ in pairs),
                                                         abs=1e-6)


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
    """search-result and cart have no survey: their 50 is the emotion (0 on -2..2) standing in."""
    import json

    result = CliRunner().invoke(app, ["score", str(SAMPLE), "--format", "json"])
    sources = {tp["id"]: (tp["score"], tp["score_from"]) for tp in json.loads(result.stdout)["touchpoints"]}
    assert sources["search-result"] == (50.0, "emotion")
    assert sources["cart"] == (50.0, "emotion")
    assert sources["checkout"][1] == "survey"


def test_csv_says_where_each_touchpoint_score_comes_from():
    """As JSON's score_from and the table's mark: a score from emotion alone is not a survey result."""
    rows = {(r["level"], r["id"]): r for r in csv.DictReader(io.StringIO(score(SAMPLE, "--format", "csv").stdout))}
    assert rows[("touchpoint", "search-result")]["score_from"] == "emotion"
    assert rows[("touchpoint", "search-result")]["score"] == "50.0"
    assert rows[("touchpoint", "instagram-ad")]["score_from"] == "survey"
    assert rows[("stage", "awareness")]["score_from"] == ""


def test_score_table_marks_emotion_only_touchpoints():
    """A score that is the emotion standing in for a survey says so."""
    result = score(SAMPLE)
    assert result.exit_code == 0, result.stderr
    rows = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    for touchpoint in ("search-result", "cart"):
        assert "no data" not in rows[touchpoint]
        assert "no survey (emotion)" in rows[touchpoint]
        assert "50~" in rows[touchpoint]
    assert "~" not in rows["checkout"]
    assert "~ score from the emotion (no survey)" in result.stdout
