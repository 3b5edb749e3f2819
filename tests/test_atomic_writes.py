"""Nothing lost: jmap never leaves a half-written file, and never writes over its own input.

Every file jmap writes goes to a temporary file in the same folder and is renamed over the
target (journeymap.base.files.write_atomic). These tests kill real jmap processes while they write
(SIGKILL in the middle of a slowed-down write, and at random moments in a loop) and show the
old file intact; and they point -o of every command at its own input and show a refusal
(exit 2, one line) with the input unchanged.
"""

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from journeymap.base.files import write_atomic

from helpers import JMAP, JMAP_ENV as ENV, SAMPLE, jmap


# Runs the real CLI with write_atomic's stream slowed down: it writes half the data, flushes,
# drops a marker file and sleeps, so the parent can kill it in the middle of a write.
SLOW_WRITER = """
import os, sys, time
marker = sys.argv[1]
real_fdopen = os.fdopen

class Slow:
    def __init__(self, stream):
        self.stream = stream
    def write(self, data):
        half = len(data) // 2
        self.stream.write(data[:half])
        self.stream.flush()
        open(marker, "w").close()
        time.sleep(120)
        return self.stream.write(data[half:])
    def __getattr__(self, name):
        return getattr(self.stream, name)
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return self.stream.__exit__(*exc)

os.fdopen = lambda fd, *a, **k: Slow(real_fdopen(fd, *a, **k))
sys.argv = ["jmap"] + sys.argv[2:]
from journeymap.cli import main
main()
"""


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def kill_mid_write(tmp_path: Path, *args) -> subprocess.Popen:
    marker = tmp_path / "writing.marker"
    marker.unlink(missing_ok=True)
    child = subprocess.Popen([sys.executable, "-c", SLOW_WRITER, str(marker)] + [str(a) for a in args],
                             env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert child.poll() is None, child.stderr.read().decode()[-800:]
        assert time.monotonic() < deadline, "the child never started writing"
        time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    return child


@pytest.fixture
def work(tmp_path):
    shutil.copy(SAMPLE, tmp_path / "map.jmap.yaml")
    return tmp_path


# ----------------------------------------------------------------------------- killed mid-write

@pytest.mark.parametrize("command", [
    ("score", "{map}", "--format", "json", "-o", "{out}"),
    ("render", "{map}", "--format", "dot", "-o", "{out}"),
    ("report", "{map}", "--format", "markdown", "-o", "{out}"),
    ("validate", "{map}", "--format", "sarif", "-o", "{out}"),
], ids=lambda c: c[0])
def test_a_killed_write_leaves_the_old_output_intact(work, command):
    out = work / "out.txt"
    out.write_text("the previous, complete output\n")
    before = digest(out)
    args = [part.format(map=work / "map.jmap.yaml", out=out) for part in command]
    kill_mid_write(work, *args)
    assert digest(out) == before, "the old file was damaged"
    half_written = [p for p in work.iterdir() if p.name.startswith(".out.txt.")]
    assert half_written, "the half-written data went to a temporary file beside the target"
    done = jmap(*args)  # and the next run writes it whole
    assert done.returncode in (0, 1), done.stderr
    assert out.read_text() != "the previous, complete output\n" and out.stat().st_size > 100


def test_a_killed_import_leaves_the_map_intact(work):
    """import rewrites MAP in place: killed while writing, MAP is the old map, byte for byte."""
    target = work / "map.jmap.yaml"
    responses = work / "responses.csv"
    responses.write_text("touchpoint,metric,answer\nproduct-page,csat,5\ncheckout,nps,9\n")
    before = digest(target)
    kill_mid_write(work, "import", responses, target)
    assert digest(target) == before
    assert jmap("validate", target, "--format", "parsable").returncode in (0, 1)
    dry = jmap("import", responses, target, "--dry-run")
    assert dry.returncode == 0 and "+" in dry.stdout and digest(target) == before  # --dry-run writes nothing
    done = jmap("import", responses, target)
    assert done.returncode == 0, done.stderr
    assert digest(target) != before


def test_killed_at_random_moments_the_output_is_old_or_new_never_torn(work):
    """Kill `jmap score -o` at random times: the file is always the old text or the complete new one."""
    out = work / "scores.json"
    target = work / "map.jmap.yaml"
    started = time.monotonic()
    reference = jmap("score", target, "--format", "json")
    took = time.monotonic() - started
    assert reference.returncode in (0, 1)
    new = reference.stdout.encode()
    old = b'{"old": true}\n'
    rng = random.Random(8)
    seen = {"old": 0, "new": 0}
    for _ in range(8):
        out.write_bytes(old)
        child = subprocess.Popen(JMAP + ["score", str(target), "--format", "json", "-o", str(out)],
                                 env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.3) * took)  # some kills land before the write, some after
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        content = out.read_bytes()
        assert content in (old, new), content[:200]
        seen["old" if content == old else "new"] += 1
    print(f"random kills: {seen['old']} left the old file, {seen['new']} finished first; none torn")


# ----------------------------------------------------------------------------- never over an input

REFUSALS = [
    ("render", "{map}", "-o", "{map}", "--format", "dot"),
    ("validate", "{map}", "-o", "{map}"),
    ("report", "{map}", "-o", "{map}"),
    ("export", "{map}", "--format", "mermaid", "-o", "{map}"),
    ("score", "{map}", "-o", "{map}"),
    ("diff", "{map}", "{other}", "-o", "{map}"),
    ("diff", "{other}", "{map}", "-o", "{map}"),
    ("validate", "{folder}", "-o", "{map}"),
    ("score", "{map}", "-o", "{alias}"),
    ("import-mermaid", "{mermaid}", "-o", "{mermaid}"),
    ("import", "{responses}", "{map}", "-o", "{responses}"),
]


@pytest.mark.parametrize("command", REFUSALS, ids=lambda c: " ".join(c))
def test_no_command_writes_over_its_input(work, command, run_main):
    target = work / "map.jmap.yaml"
    other = work / "other.jmap.yaml"
    shutil.copy(target, other)
    alias = work / "alias.jmap.yaml"
    os.link(target, alias)  # the same file under another name
    mermaid = work / "journey.mmd"
    mermaid.write_text("journey\n  title T\n  section S\n    Task: 3: Me\n")
    responses = work / "responses.csv"
    responses.write_text("touchpoint,metric,answer\nproduct-page,csat,5\n")
    watched = [target, mermaid, responses]
    before = {p: (digest(p), p.stat().st_mtime_ns) for p in watched}
    args = [part.format(map=target, other=other, folder=work, alias=alias, mermaid=mermaid, responses=responses)
            for part in command]
    code, _out, err = run_main(*args, cwd=work)
    assert code == 2, (code, err[-500:])
    assert "refusing to write over an input" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) <= 2
    assert {p: (digest(p), p.stat().st_mtime_ns) for p in watched} == before
    assert not [p for p in work.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp")]


def test_a_refusal_is_not_a_refusal_of_everything(work):
    """The same commands write happily to a fresh file: the refusal above is about the input only."""
    out = work / "fresh.txt"
    done = jmap("score", work / "map.jmap.yaml", "-o", out)
    assert done.returncode in (0, 1) and out.stat().st_size > 100


# --------------------------------------------------------------------------- a folder that is not there

def test_write_atomic_into_a_missing_folder_names_the_target(tmp_path):
    """Writing into a folder that is not there names the target and its folder, never a temporary file."""
    target = tmp_path / "nodir" / "x.jmap.yaml"
    with pytest.raises(FileNotFoundError) as caught:
        write_atomic(target, b"data")
    assert caught.value.filename == str(target)
    assert str(tmp_path / "nodir") in caught.value.strerror and ".tmp" not in str(caught.value)


def test_write_atomic_under_a_file_names_the_target(tmp_path):
    (tmp_path / "afile").write_text("x")
    target = tmp_path / "afile" / "x.jmap.yaml"
    with pytest.raises(NotADirectoryError) as caught:
        write_atomic(target, b"data")
    assert caught.value.filename == str(target) and ".tmp" not in str(caught.value)
