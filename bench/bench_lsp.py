"""Issue target for `jmap lsp`: from a change notification to published diagnostics, in-process,
under 50 ms for a 100-touchpoint map and under 500 ms for a 2,000-touchpoint one.

The server is the real one (pygls protocol, workspace, handlers) without the debounce pause,
driven with the JSON-RPC messages an editor sends; the clock stops when the
publishDiagnostics message is written. Each change edits one character, alternately breaking
and restoring the map, so every run does the whole check.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from genmap import generate
from run import Row


class _Clock:
    """A writer that notes when diagnostics were published."""

    def __init__(self):
        self.published_at = None
        self.cpu_at = None

    def write(self, data: bytes) -> None:
        if b'"textDocument/publishDiagnostics"' in data:
            self.published_at = time.perf_counter()
            self.cpu_at = time.process_time()

    def close(self) -> None:
        pass


def _send(server, message: dict) -> None:
    server.protocol.handle_message(server.protocol.structure_message({"jsonrpc": "2.0", **message}))


def change_to_diagnostics(path: Path, text: str, changes: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds from each change notification to its published diagnostics."""
    from journeymap.lsp.server import build

    server = build(debounce=0)
    clock = _Clock()
    server.protocol.set_writer(clock)
    _send(server, {"id": 1, "method": "initialize", "params": {"processId": None, "rootUri": path.parent.as_uri(),
                                                             "capabilities": {}}})
    _send(server, {"method": "initialized", "params": {}})
    uri = path.as_uri()
    _send(server, {"method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "yaml", "version": 1, "text": text}}})
    lines = text.split("\n")
    target = next(i for i, row in enumerate(lines) if row.strip().startswith("emotion:"))
    column = len(lines[target])
    times, cpu = [], []
    for version in range(2, changes + 2):
        new = "7" if version % 2 == 0 else "1"  # 7 is off the emotion scale: JM104, then fixed again
        clock.published_at = None
        started, cpu_started = time.perf_counter(), time.process_time()
        _send(server, {"method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": {"line": target, "character": column - 1},
                                          "end": {"line": target, "character": column}}, "text": new}]}})
        if clock.published_at is None:
            raise RuntimeError("no diagnostics were published")
        times.append(clock.published_at - started)
        cpu.append(clock.cpu_at - cpu_started)
    return times, cpu


def bare_compose(text: str, repeat: int) -> list[float]:
    """The floor: libyaml composing the same text in the same process, with the collector paused
    as jmap's loader pauses it (a yardstick that the machine's load moves as much as jmap)."""
    import yaml

    from journeymap.load.loader import gc_paused

    times = []
    for _ in range(repeat):
        with gc_paused():
            started = time.perf_counter()
            yaml.compose(text, Loader=yaml.CSafeLoader)
            times.append(time.perf_counter() - started)
    return times


def run(work: Path) -> list[Row]:
    rows = []
    for size, target, changes in ((100, 0.050, 40), (2_000, 0.500, 10)):
        path = work / f"generated-{size}.jmap.yaml"
        text = generate(size)
        path.write_text(text)
        times, cpu = change_to_diagnostics(path, text, changes)
        median = statistics.median(times)
        rows.append(Row(f"lsp change → diagnostics, {size:,} touchpoints (in-process)", median,
                        "bare libyaml compose, GC paused", statistics.median(bare_compose(text, changes)),
                        f"< {target * 1000:.0f} ms",
                        f"median of {changes}; best {min(times) * 1000:.1f} ms, worst {max(times) * 1000:.1f} ms; "
                        f"CPU time median {statistics.median(cpu) * 1000:.1f} ms (what a busy machine cannot inflate)"))
    return rows
