"""The line-counting fast path of import hands over to the csv module mid-file without losing a row."""

import journeymap.importing.importer as importer
from journeymap.checks.validation import validate_bytes

from helpers import SAMPLE

SAMPLE_MAP = validate_bytes(SAMPLE.read_bytes(), "sample").map


def _tally(tmp_path, text, monkeypatch, chunk):
    monkeypatch.setattr(importer, "FAST_CHUNK_LINES", chunk)
    path = tmp_path / "responses.csv"
    path.write_text(text)
    return importer.tally(str(path), SAMPLE_MAP)


ROWS = ["checkout,csat,5", "checkout,csat,4", "", "checkout,csat,5", "cart,csat,1"]


def test_quotes_and_short_rows_after_the_first_chunk_are_read_by_the_csv_module(tmp_path, monkeypatch):
    lines = ["touchpoint,metric,answer"] + ROWS + ['"checkout",csat,"3"', "checkout,csat"] + ROWS
    result = _tally(tmp_path, "\n".join(lines) + "\n", monkeypatch, chunk=2)
    # 10 counted answers for checkout: 5,4,5 + 3 + 5,4,5; the short row on line 8 is rejected
    assert result.counts[("checkout", "csat")] == [0, 0, 1, 2, 4]
    assert result.counts[("cart", "csat")] == [2, 0, 0, 0, 0]
    [(kind, rejected)] = result.rejected.items()
    assert rejected.rows == 1 and rejected.examples[0][0] == 8


def test_the_same_counts_whatever_the_chunk_size(tmp_path, monkeypatch):
    text = "touchpoint,metric,answer\n" + "\n".join(ROWS * 7) + "\n"
    results = [_tally(tmp_path, text, monkeypatch, chunk).counts for chunk in (1, 3, 1000)]
    assert results[0] == results[1] == results[2]
    assert results[0][("checkout", "csat")] == [0, 0, 0, 7, 14]
