"""The block-reading fast path of import counts exactly what the csv module reads, whatever the blocks.

The oracle is the same tally with the fast path refusing every block, so the csv module reads
the whole file: counts, rejected rows and their row numbers must be the same.
"""

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import journeymap.importing.importer as importer
from journeymap.checks.validation import validate_bytes

from helpers import SAMPLE

SAMPLE_MAP = validate_bytes(SAMPLE.read_bytes(), "sample").map

ROWS = ["checkout,csat,5", "cart,nps,10,2024-07-01", "cart,ces,7", "nowhere,csat,1", "checkout,csat",
        "", " ", "cart,csat,4.0", "cart,csat,5,café", "checkout,csat,2," + "x" * 90, '"cart",csat,"3"',
        'cart,csat,"1\n"', "cart,csat,5\r"]
ENDS = ["\n", "\r\n", "\r"]


def outcome(path):
    result = importer.tally(str(path), SAMPLE_MAP)
    return (result.counts, result.rows, result.responses,
            {kind: (found.rows, found.examples) for kind, found in result.rejected.items()})


@st.composite
def exports(draw):
    rows = draw(st.lists(st.sampled_from(ROWS), max_size=40))
    ends = draw(st.sampled_from([["\n"], ["\r\n"], ENDS]))
    header = draw(st.sampled_from(["touchpoint,metric,answer", "touchpoint,metric,answer,date"]))
    text = "".join(line + draw(st.sampled_from(ends)) for line in [header, *rows])
    return text.rstrip("\r\n") if draw(st.booleans()) else text


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=exports(), chunk=st.sampled_from([1, 2, 3, 1000]), memory=st.sampled_from([1, 3, 200_000]))
def test_blocks_count_what_the_csv_module_reads(tmp_path_factory, text, chunk, memory):
    path = tmp_path_factory.mktemp("blocks") / "responses.csv"
    path.write_bytes(text.encode("utf-8"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(importer, "FAST_CHUNK_LINES", chunk)
        patch.setattr(importer, "SPLIT_MEMORY", memory)
        fast = outcome(path)
        patch.setattr(importer._CsvSource, "_count", lambda self, pending, lines, text: False)
        assert fast == outcome(path)


def test_a_line_longer_than_a_block_and_no_line_break_at_the_end(tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "FAST_CHUNK_LINES", 1)  # blocks of 32 characters
    path = tmp_path / "responses.csv"
    path.write_text("touchpoint,metric,answer,persona\ncart,csat,5," + "y" * 100 + "\ncart,csat,4,\ncart,csat,5,")
    result = importer.tally(str(path), SAMPLE_MAP)
    assert result.counts[("cart", "csat")] == [0, 0, 0, 1, 1]
    assert result.rejected["unknown persona"].examples[0][0] == 2


def test_a_lone_carriage_return_is_a_line_break_as_in_the_csv_module(tmp_path):
    path = tmp_path / "responses.csv"
    path.write_bytes(b"touchpoint,metric,answer\r\ncart,csat,5\r\ncart,csat,4\rcart,csat,3\nnowhere,csat,1\n")
    result = importer.tally(str(path), SAMPLE_MAP)
    assert result.counts[("cart", "csat")] == [0, 0, 1, 1, 1]
    assert result.rejected["unknown touchpoint"].examples == [(5, "unknown touchpoint 'nowhere'")]
