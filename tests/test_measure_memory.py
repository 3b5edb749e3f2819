"""--memory-limit bounds the whole process: DuckDB gets a fixed share of it for its buffers."""

import pytest

pytest.importorskip("duckdb")

from journeymap.measure.duck import DuckEngine, engine_memory, parse_memory  # noqa: E402
from journeymap.measure.plan import MeasureError  # noqa: E402

from helpers import SAMPLE, jmap  # noqa: E402


@pytest.mark.parametrize("text, expected", [
    ("2GB", 2_000_000_000), ("2 gb", 2_000_000_000), ("1.5GiB", 1_610_612_736), ("500MB", 500_000_000),
    ("512MiB", 536_870_912), ("4096", 4096), ("3TB", 3 * 10**12), ("64KiB", 65_536),
])
def test_memory_sizes_read_as_duckdb_reads_them(text, expected):
    assert parse_memory(text) == expected


@pytest.mark.parametrize("text", ["", "lots", "2 GBs", "-1GB", "0GB", "1e9", "GB"])
def test_a_memory_size_that_is_not_one_is_refused(text):
    with pytest.raises(MeasureError, match="is not a size"):
        parse_memory(text)


def test_duckdb_gets_three_quarters_of_the_limit(tmp_path):
    events = tmp_path / "e.csv"
    events.write_text("session_id,user_id,event,timestamp\ns1,u1,purchase,2024-01-01T10:00:00Z\n")
    assert engine_memory("2GB") == "1500000000B"
    engine = DuckEngine([str(events)], "2GB")
    setting = engine.connection.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    assert setting == "1.3 GiB"  # 1.5e9 bytes, as DuckDB prints it


def test_a_bad_memory_limit_is_one_line_and_exit_2(tmp_path):
    events = tmp_path / "e.csv"
    events.write_text("session_id,user_id,event,timestamp\ns1,u1,purchase,2024-01-01T10:00:00Z\n")
    ran = jmap("measure", str(events), str(SAMPLE), "--memory-limit", "lots")
    assert ran.returncode == 2
    assert ran.stderr.strip().splitlines() == ["jmap: --memory-limit 'lots' is not a size such as 2GB, 1.5GiB or 500MB"]
