"""`jmap export --format csv`: one row per touchpoint with its numbers, safe to open in a spreadsheet."""

import csv
import io
import math

import pytest
from typer.testing import CliRunner

from journeymap.cli import app
from journeymap.outputs.csv_export import COLUMNS
from journeymap.checks.validation import validate_bytes

from helpers import ROOT, SAMPLE

HOSTILE_MAPS = [ROOT / "tests" / "data" / "hostile.jmap.yaml", ROOT / "tests" / "data" / "hostile-outputs.jmap.yaml"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
Z = 1.959964
runner = CliRunner()


def export_csv(path, *extra) -> str:
    result = runner.invoke(app, ["export", "--format", "csv", str(path), *extra])
    assert result.exit_code == 0, result.output
    return result.stdout


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_header_and_one_row_per_touchpoint_in_map_order():
    text = export_csv(SAMPLE)
    assert text.splitlines()[0] == (
        "id,name,stage,channel,owner,reach,"
        "csat_value,csat_low,csat_high,csat_n,nps_value,nps_low,nps_high,nps_n,ces_value,ces_low,ces_high,ces_n,"
        "experience_score,experience_low,experience_high,emotion,pains,opportunities,low_sample")
    assert list(COLUMNS) == text.splitlines()[0].split(",")
    found = rows(text)
    assert [r["id"] for r in found] == [
        "instagram-ad", "search-result", "product-page", "size-chat", "app-wishlist", "cart", "checkout",
        "order-confirmation", "delivery-tracking", "returns-portal", "support-call", "review-request",
        "referral-programme"]


def test_numbers_come_from_the_raw_counts():
    found = {r["id"]: r for r in rows(export_csv(SAMPLE))}
    ad = found["instagram-ad"]
    # CSAT counts 4, 6, 20, 50, 40: 90 of 120 in the top two boxes, Wilson interval
    p, n = 90 / 120, 120
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    assert float(ad["csat_value"]) == pytest.approx(0.75, abs=1e-6)
    assert float(ad["csat_low"]) == pytest.approx(centre - half, abs=1e-6)
    assert float(ad["csat_high"]) == pytest.approx(centre + half, abs=1e-6)
    assert ad["csat_n"] == "120" and ad["nps_value"] == "" and ad["ces_n"] == ""
    assert float(ad["experience_score"]) == pytest.approx(75.0, abs=1e-6)  # the CSAT on 0-100, alone
    assert (ad["name"], ad["stage"], ad["channel"], ad["owner"], ad["reach"]) == (
        "Instagram ad", "awareness", "social", "marketing", "120000")
    assert (ad["emotion"], ad["pains"], ad["opportunities"]) == ("1.0", "1", "1")
    # NPS from 60 promoters, 70 passives, 80 detractors: -9.52, a negative number left as a number
    tracking = found["delivery-tracking"]
    assert float(tracking["nps_value"]) == pytest.approx(100 * (60 - 80) / 210, abs=1e-6)
    assert tracking["nps_value"].startswith("-") and tracking["nps_n"] == "210"
    # no survey: no experience score (the emotion is in its own column)
    search = found["search-result"]
    assert search["experience_score"] == "" and search["experience_low"] == "" and search["csat_n"] == ""
    assert search["emotion"] == "0.0"
    assert found["size-chat"]["low_sample"] == "csat"


def test_csv_matches_jmap_score_csv():
    scored = runner.invoke(app, ["score", "--format", "csv", str(SAMPLE)])
    assert scored.exit_code == 0
    by_id = {r["id"]: r for r in rows(scored.stdout) if r["level"] == "touchpoint"}
    for row in rows(export_csv(SAMPLE)):
        other = by_id[row["id"]]
        for metric in ("csat", "nps", "ces"):
            for part in ("value", "low", "high", "n"):
                assert row[f"{metric}_{part}"] == other[f"{metric}_{part}"], (row["id"], metric, part)
        assert (row["experience_score"], row["experience_low"], row["experience_high"]) == (
            other["score"], other["score_low"], other["score_high"])


@pytest.mark.parametrize("path", HOSTILE_MAPS, ids=lambda p: p.name)
def test_hostile_cells_never_start_a_formula_and_never_break_a_row(path):
    text = export_csv(path)
    assert "\x1b" not in text and "\x07" not in text and "\r" not in text and "\u202e" not in text
    found = list(csv.reader(io.StringIO(text)))
    assert all(len(row) == len(COLUMNS) for row in found)
    journey_map = validate_bytes(path.read_bytes(), str(path)).map
    assert [row[0] for row in found[1:]] == [tp.id for _s, _t, _stage, tp in journey_map.touchpoints()]
    for row in found[1:]:
        for column, cell in zip(COLUMNS, row):
            if is_number(cell):
                assert column not in ("id", "name", "stage", "channel", "owner"), (column, cell)
                continue
            assert not cell.startswith(FORMULA_START), (column, cell)


def test_formula_cells_get_a_leading_apostrophe():
    found = rows(export_csv(HOSTILE_MAPS[1]))
    ad, cart = found[0], found[1]
    assert ad["name"].startswith("'@cmd | [click](http://evil.example)")
    assert ad["owner"] == "'=IMPORTXML(\"http://evil.example\",\"//a\")"
    assert cart["name"].startswith("<img src=x onerror=alert(1)>")  # not a formula: left as it is
    assert cart["owner"].startswith("| owner |")
    assert float(cart["nps_value"]) < 0  # numbers stay numbers
    assert ad["pains"] == "2" and cart["opportunities"] == "1"


def test_deterministic_and_written_atomically(tmp_path):
    first = export_csv(SAMPLE)
    assert export_csv(SAMPLE) == first
    target = tmp_path / "touchpoints.csv"
    found = runner.invoke(app, ["export", "-f", "csv", str(SAMPLE), "-o", str(target)])
    assert found.exit_code == 0 and found.stdout == ""
    assert target.read_text(encoding="utf-8") == first
    assert [p.name for p in tmp_path.iterdir()] == ["touchpoints.csv"]


def test_map_with_errors_exits_1(tmp_path):
    broken = tmp_path / "broken.jmap.yaml"
    broken.write_text("jmap: 1\njourney: {id: x, title: X}\nstages: []\n", encoding="utf-8")
    found = runner.invoke(app, ["export", "-f", "csv", str(broken)])
    assert found.exit_code == 1 and found.stdout == "" and "JM1" in found.stderr


def test_stdin_is_read():
    found = runner.invoke(app, ["export", "-f", "csv", "-"], input=SAMPLE.read_bytes())
    assert found.exit_code == 0 and found.stdout == export_csv(SAMPLE)
