"""`jmap report` end to end: formats, widths, escaping, exit codes, files."""

import csv
import io
import json
import re

import pytest
from typer.testing import CliRunner

from journeymap.cli import app
from journeymap.outputs.markdown import escape

from helpers import AUTOLINKS, ROOT, SAMPLE, rendered_markdown

GOLDEN = ROOT / "tests" / "golden" / "report"
runner = CliRunner()

FIX_FIRST_KEYS = ["touchpoint", "stage", "metric", "value", "target", "gap", "shortfall", "reach", "reach_assumed",
                  "affected", "affected_low", "affected_high", "money", "money_low", "money_high", "significant",
                  "owner"]


def report(*args, columns=200, env=None):
    return runner.invoke(app, ["report", *map(str, args)], env={"COLUMNS": str(columns), **(env or {})})


def sample_json(*args):
    result = report(SAMPLE, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


HOSTILE = """\
jmap: 1
journey: {id: evil, title: "Evil | map <script>alert(1)</script>"}
personas: [{id: p, name: P}]
channels: [web]
stages:
  - id: s
    name: S
    touchpoints:
      - id: t
        name: "x"
        channel: web
        owner: "=HYPERLINK(\\"http://x\\")|@acme/team [click](http://evil) \\e[31mred [bold]b[/bold]"
        reach: 10
        satisfaction: {csat: {counts: [10, 10, 10, 1, 1]}}
        kpis:
          "a|b\\nc": {value: 1, target: 2}
        pains: ["| broken\\n| table ![img](http://evil/x.png) <b>hi</b> _em_ *st* `code` #12"]
"""


@pytest.fixture
def hostile(tmp_path):
    path = tmp_path / "evil.jmap.yaml"
    path.write_text(HOSTILE)
    return path


# --------------------------------------------------------------------------- JSON contract

def test_json_fix_first_contract_and_order():
    doc = sample_json("--top", "0")
    rows = doc["fix_first"]
    assert len(rows) == doc["gaps"] == 17 and doc["significant_gaps"] == 6
    for row in rows:
        assert list(row)[1:18] == FIX_FIRST_KEYS
    keys = [(-r["affected"], r["touchpoint"], r["metric"]) for r in rows]
    assert keys == sorted(keys)
    assert [r["rank"] for r in rows] == list(range(1, 18))
    first = rows[0]
    assert (first["touchpoint"], first["stage"], first["metric"], first["owner"]) == (
        "search-result", "awareness", "bounce_rate", "seo")
    assert first["gap"] == pytest.approx(0.58 - 0.45)
    assert first["shortfall"] == pytest.approx(0.13)
    assert (first["reach"], first["reach_assumed"]) == (80000, False)
    assert first["affected"] == pytest.approx(0.13 * 80000)  # 10,400 more bounce than the target allows
    assert (first["affected_low"], first["affected_high"], first["money"]) == (None, None, None)
    assert first["significant"] is None and first["better"] == "lower"
    tracking = next(r for r in rows if (r["touchpoint"], r["metric"]) == ("delivery-tracking", "nps"))
    assert tracking["value"] == pytest.approx(-2000 / 210) and tracking["significant"] is True
    # NPS: 19,000 people x (30 + 9.52) / 200, the fewest who would have to go from detractor to promoter
    assert tracking["affected"] == pytest.approx(19000 * (30 + 2000 / 210) / 200)
    assert tracking["affected_low"] < tracking["affected"] < tracking["affected_high"]


def test_json_default_top_is_ten_and_covers_the_rest():
    doc = sample_json()
    assert len(doc["fix_first"]) == 10
    assert doc["summary"]["touchpoints"] == 13 and doc["summary"]["scope"] == "journey"
    assert doc["coverage"]["channel_holes"] == [{"stage": "purchase", "channel": "mobile-app"},
                                                {"stage": "retention", "channel": "email"}]
    assert doc["coverage"]["stage_channel"]["counts"][2] == [2, 0, 1, 0, 0, 0]  # purchase: web x2, email
    assert doc["flow"]["unreachable"] == ["app-wishlist"]
    assert doc["low_samples"] == [{"touchpoint": "size-chat", "metric": "csat", "n": 18},
                                  {"touchpoint": "support-call", "metric": "csat", "n": 24}]


def test_json_by_owner():
    doc = sample_json("--by", "owner", "--top", "1")
    groups = [(g["owner"], [r["rank"] for r in g["fix_first"]]) for g in doc["by_owner"]]
    assert groups == [("seo", [1]), ("marketing", [2]), ("logistics", [3]), ("ecommerce", [4]),
                      ("customer-service", [10]), ("crm", [14])]


def test_filters_on_the_command_line():
    doc = sample_json("--stage", "purchase", "--top", "0")
    assert {r["stage"] for r in doc["fix_first"]} == {"purchase"}
    # customers affected: checkout CSAT 5,106, cart 4,400, checkout CES 2,196, checkout conversion 112
    assert [(r["touchpoint"], r["metric"]) for r in doc["fix_first"]] == [
        ("checkout", "csat"), ("cart", "cart_abandonment"), ("checkout", "ces"), ("checkout", "conversion_rate")]
    doc = sample_json("--persona", "returning", "--top", "0")
    assert "instagram-ad" not in {r["touchpoint"] for r in doc["fix_first"]}
    assert doc["summary"]["scope"] == "persona"


# --------------------------------------------------------------------------- Markdown

def test_golden_markdown(golden):
    result = report(SAMPLE, "--format", "markdown")
    assert result.exit_code == 0, result.output
    golden("report/online-store.md", result.stdout)


def test_markdown_by_owner_heads_each_team():
    text = report(SAMPLE, "--format", "markdown", "--by", "owner", "--top", "1").stdout
    heads = re.findall(r"(?m)^#### (.+)$", text)
    assert heads == ["seo", "marketing", "logistics", "ecommerce", "customer-service", "crm"]
    # 9/24 = 37.5 %; shortfall 80 % - 37.5 % = 42.5 % of 3,000 = 1,275 customers; no owner column
    assert "| 10 | support-call | retention | csat | 37.5%\\* | 80.0% | 42.5 pp | 42.5% | 3,000 | 1,275 | " \
           "681–1,765 | **yes** |" in text
    assert "| owner |" not in text


def test_markdown_escapes_hostile_text(hostile):
    result = report(hostile, "--format", "markdown")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "\x1b" not in text and "<script>" not in text and "<b>" not in text
    assert not re.search(r"(?<!\\)\]\(", text)  # no link or image survives: every ] is escaped
    assert "@acme" not in text.replace("\\@acme", "")  # no team mention
    for line in text.splitlines():
        if line.startswith("|"):  # every table row keeps its column count
            cells = re.split(r"(?<!\\)\|", line)
            assert len(cells) in (15, 4), line  # fix first (13 columns), the grids (stage + 1 column)
    assert "a\\|b\\\\nc" in text  # the KPI name: pipe escaped, newline shown as \n


# --------------------------------------------------------------------------- CSV

def test_csv_neutralises_formulas_and_keeps_numbers(hostile):
    result = report(hostile, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    # CSAT 2/32 counts customers; the KPI (1 against 2) is no rate, so it counts nobody and comes last
    assert [r["metric"] for r in rows] == ["csat", "a|b\\nc"]
    assert all(r["owner"].startswith("'=HYPERLINK") for r in rows)
    assert float(rows[0]["value"]) == pytest.approx(2 / 32)


def test_csv_negative_numbers_stay_numbers():
    result = report(SAMPLE, "--format", "csv", "--top", "0")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    tracking = next(r for r in rows if (r["touchpoint"], r["metric"]) == ("delivery-tracking", "nps"))
    assert float(tracking["value"]) == pytest.approx(-2000 / 210)
    assert tracking["significant"] == "true" and rows[0]["significant"] == ""


# --------------------------------------------------------------------------- terminal table

@pytest.mark.parametrize("columns", [40, 60, 160])
def test_table_fits_and_never_cuts_an_id(columns):
    ids = {r["touchpoint"] for r in sample_json("--top", "0")["fix_first"]}
    for args in ((), ("--top", "0"), ("--by", "owner")):
        result = report(SAMPLE, *args, columns=columns)
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        assert max(len(line) for line in lines) <= columns
        wanted = ids if args else {r["touchpoint"] for r in sample_json()["fix_first"]}
        missing = {tp for tp in wanted if not re.search(rf"(?m)^ *(\d+ +)?{tp} ", result.stdout)}
        assert not missing, f"{columns} columns: cut or missing ids {missing}"
        for channel in ("web", "mobile-app", "email", "social", "chat", "phone"):  # grids go on below
            assert re.search(rf"(?m)^stage .* {channel}( |$)", result.stdout), (columns, channel)


def test_table_narrow_says_which_columns_it_left_out():
    narrow = report(SAMPLE, columns=80).stdout
    narrowest = report(SAMPLE, columns=60).stdout
    wide = report(SAMPLE, columns=160).stdout
    assert "too narrow for: #, stage, gap, shortfall, reach, 95 % range, sig." in narrow
    assert "too narrow for" not in wide
    assert "too narrow for a table: one gap in two lines" in narrowest
    heading = wide.splitlines()[5]  # the heading row of the fix-first table has the parts
    assert all(part in heading for part in ("shortfall", "reach", "affected", "95 % range"))


def test_table_is_plain_without_a_terminal_and_escapes_hostile_text(hostile):
    result = report(hostile)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    assert "\\x1b[31mred" in result.stdout  # shown, not obeyed
    assert "[bold]b[/bold]" in result.stdout  # rich markup shown literally


# --------------------------------------------------------------------------- exit codes and files

def test_fail_on():
    assert report(SAMPLE, "--fail-on", "significant-gap", "--format", "json").exit_code == 1
    assert report(SAMPLE, "--fail-on", "any-gap", "--format", "json").exit_code == 1
    # purchase has significant gaps; awareness only point-estimate and KPI gaps
    assert report(SAMPLE, "--fail-on", "significant-gap", "--stage", "awareness").exit_code == 0
    assert report(SAMPLE, "--fail-on", "any-gap", "--stage", "awareness").exit_code == 1
    assert report(SAMPLE, "--format", "json").exit_code == 0


def test_map_with_errors_exits_1_with_parsable_diagnostics(tmp_path):
    path = tmp_path / "bad.jmap.yaml"
    path.write_text(SAMPLE.read_text().replace("personas: [new-visitor]", "personas: [new-visitr]", 1))
    result = report(path)
    assert result.exit_code == 1 and result.stdout == ""
    assert re.search(re.escape(str(path)) + r":\d+:\d+: \[error\] unknown persona 'new-visitr'.*\(JM202\)",
                     result.stderr)


def test_usage_problems_are_one_line_exit_2(tmp_path, run_main):
    code, _out, err = run_main("report", SAMPLE, "--persona", "newvisitor")
    assert code == 2 and err == "jmap: unknown persona 'newvisitor' (did you mean 'new-visitor'?)\n"
    code, _out, err = run_main("report", tmp_path / "nope.jmap.yaml")
    assert code == 2 and err.startswith("jmap: ") and err.count("\n") == 1


def test_output_file_atomic_and_inputs_protected(tmp_path, run_main):
    out = tmp_path / "gaps.md"
    assert report(SAMPLE, "--format", "markdown", "-o", out).exit_code == 0
    assert out.read_text() == (GOLDEN / "online-store.md").read_text()
    copy = tmp_path / "m.jmap.yaml"
    copy.write_bytes(SAMPLE.read_bytes())
    code, _out, err = run_main("report", copy, "-o", copy)
    assert code == 2 and copy.read_bytes() == SAMPLE.read_bytes() and "refusing" in err


def test_output_is_deterministic():
    for fmt in ("table", "markdown", "json", "csv"):
        assert report(SAMPLE, "--format", fmt).stdout == report(SAMPLE, "--format", fmt).stdout


# --------------------------------------------------------------------------- Markdown for pull-request comments
# No user text becomes a link, an e-mail address, a mention or an issue reference, even after
# GitHub drops the backslashes and autolinks the rendered text.

AUTOLINK_BAIT = [
    "Visit www.evil.example/login",
    "Visit WWW.evil.example",
    "admin@evil.example",
    "see https://evil.example/x and http://evil.example",
    "ping @acme/team about #12",
]


@pytest.mark.parametrize("text", AUTOLINK_BAIT)
def test_escape_leaves_nothing_to_autolink(text):
    escaped = escape(text)
    assert not AUTOLINKS.search(rendered_markdown(escaped)), escaped
    assert rendered_markdown(escaped).replace("\u2060", "") == text  # reads the same


def test_escape_keeps_decimal_points():
    assert escape("CSAT 0.42 of 1.5") == "CSAT 0.42 of 1.5"


AUTOLINK_MAP = """\
jmap: 1
journey: {id: evil, title: "Visit www.evil.example/login"}
personas: [{id: p, name: P}]
channels: [web]
stages:
  - id: s
    name: S
    touchpoints:
      - id: t
        name: "x"
        channel: web
        owner: "admin@evil.example"
        reach: 10
        satisfaction: {csat: {counts: [10, 10, 10, 1, 1]}}
        pains: ["see https://evil.example/x"]
"""


def test_markdown_report_has_no_autolinks(tmp_path):
    path = tmp_path / "evil.jmap.yaml"
    path.write_text(AUTOLINK_MAP)
    result = runner.invoke(app, ["report", str(path), "-f", "markdown", "--by", "owner"])
    assert result.exit_code in (0, 1), result.output
    text = result.stdout
    assert "evil" in text and "admin" in text
    assert not AUTOLINKS.search(rendered_markdown(text)), text
