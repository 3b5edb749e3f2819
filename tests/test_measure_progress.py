"""`jmap measure` draws a progress bar on stderr for a long run, only when stderr is a terminal (a
pseudo-terminal here), never with --quiet, never on stdout: the output is byte for byte the same."""

import os
import pty
import sys
import threading

import pytest

pytest.importorskip("duckdb")

from journeymap.commands import progress  # noqa: E402

from helpers import SAMPLE  # noqa: E402
from helpers.measure import run  # noqa: E402

EVENTS = 2_000_000  # about a second of DuckDB's work: long enough to be polled many times


@pytest.fixture(scope="module")
def many_events(tmp_path_factory):
    """The sample map's funnel events, written by DuckDB (the bench's generator, smaller)."""
    import duckdb

    path = tmp_path_factory.mktemp("progress") / "events.parquet"
    duckdb.connect().execute(f"""
        COPY (SELECT 's' || s AS session_id, 'u' || (s % 50000) AS user_id,
                     ['search_click', 'page_view', 'add_to_cart', 'begin_checkout', 'purchase'][1 + k % 5] AS event,
                     1704067200 + s * 7 + k * 30 AS timestamp, '/products/' || (s % 400) AS page_path
              FROM range({EVENTS // 8}) AS sessions(s), range(8) AS steps(k)) TO '{path}' (FORMAT parquet)""")
    return path


def _drain(fd: int, into: bytearray) -> threading.Thread:
    """Read a pseudo-terminal's master side until it closes (a full pty would block the writer)."""
    def read():
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            into.extend(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader


def _on_a_terminal(run_main, monkeypatch, *args):
    """run_main with stderr a pseudo-terminal; (result, what the terminal received)."""
    master, slave = pty.openpty()
    received = bytearray()
    reader = _drain(master, received)
    terminal = os.fdopen(slave, "w", encoding="utf-8", buffering=1)
    monkeypatch.setattr(sys, "stderr", terminal)
    try:
        result = run_main(*args)
    finally:
        monkeypatch.setattr(sys, "stderr", sys.__stderr__)
        terminal.close()
        reader.join(timeout=10)
        os.close(master)
    return result, received.decode("utf-8", "replace")


def test_a_long_run_on_a_terminal_draws_a_bar_and_a_pipe_gets_nothing(run_main, monkeypatch, many_events):
    monkeypatch.setattr(progress, "SHOW_AFTER_SECONDS", 0.0)  # the run is long; draw from the first poll
    on_terminal, drawn = _on_a_terminal(run_main, monkeypatch, "measure", many_events, SAMPLE, "-f", "json")
    assert on_terminal.code == 0, drawn
    assert "measuring" in drawn and "\u2501" in drawn  # the stage and the bar's line
    piped = run(many_events, SAMPLE, "-f", "json")  # a separate process whose stderr is a pipe
    assert piped.exit_code == 0 and piped.stderr == ""
    assert piped.stdout == on_terminal.out and '"sessions": 250000' in piped.stdout


def test_quiet_draws_nothing_even_on_a_terminal(run_main, monkeypatch, many_events):
    monkeypatch.setattr(progress, "SHOW_AFTER_SECONDS", 0.0)
    result, drawn = _on_a_terminal(run_main, monkeypatch, "measure", many_events, SAMPLE, "-f", "json", "--quiet")
    assert result.code == 0 and drawn == ""


def test_a_quick_run_leaves_the_terminal_untouched(run_main, monkeypatch):
    """The sample's 4,000 sessions take well under the second a bar waits for."""
    events = SAMPLE.parent / "online-store.events.csv.gz"
    result, drawn = _on_a_terminal(run_main, monkeypatch, "measure", events, SAMPLE, "-f", "json")
    assert result.code == 0 and drawn == ""


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_the_bar_waits_for_its_second_then_shows_the_percent_or_a_pulse(monkeypatch):
    import io

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stderr", Terminal())
    clock = FakeClock()
    with progress.LongRunBar(wanted=True, after=1.0, clock=clock) as bar:
        bar.watcher("measuring", 40.0)
        clock.now += 0.9
        bar.watcher("measuring", 60.0)
        assert bar.bar is None  # under a second: nothing drawn
        clock.now += 0.2
        bar.watcher("measuring", None)  # the engine cannot tell: a pulse, and the time taken
        assert bar.bar.tasks[0].total is None and bar.bar.tasks[0].fields["done"] == "1 s"
        bar.watcher("measuring", 60.0)
        assert bar.bar.tasks[0].completed == 60.0 and bar.bar.tasks[0].fields["done"] == " 60%  1 s"
    assert bar.bar is None  # stopped, and erased (transient)
    assert progress.LongRunBar(wanted=False).watcher is None
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert progress.LongRunBar(wanted=True).watcher is None  # not a terminal
