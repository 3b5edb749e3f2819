"""Writes that lose nothing: a lock around every read-modify-write of a map, symlinks followed,
devices and FIFOs written through, temporary names that fit, stray temporaries cleaned up."""

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from helpers import JMAP, JMAP_ENV as ENV, SAMPLE, jmap
from journeymap.base.files import LockTimeout, map_lock, temporary_name, write_atomic
from journeymap.load.loader import load

def csat_counts(path: Path, touchpoint: str) -> list:
    data = load(path.read_bytes(), str(path)).data
    for stage in data["stages"]:
        for tp in stage.get("touchpoints") or []:
            if tp["id"] == touchpoint:
                return tp["satisfaction"]["csat"]["counts"]
    raise KeyError(touchpoint)


@pytest.fixture
def work(tmp_path):
    shutil.copy(SAMPLE, tmp_path / "map.jmap.yaml")
    return tmp_path


def test_twenty_parallel_imports_each_add_their_answer(work):
    """Real processes, all started before any finishes: the count rises by exactly 20."""
    target = work / "map.jmap.yaml"
    before = csat_counts(target, "checkout")
    answers = []
    for i in range(20):
        answer = work / f"answer{i}.csv"
        answer.write_text(f"touchpoint,metric,answer\ncheckout,csat,{i % 5 + 1}\n")
        answers.append(answer)
    children = [subprocess.Popen(JMAP + ["import", str(a), str(target)], env=ENV, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for a in answers]
    outcomes = [(child.wait(timeout=600), child.stderr.read()) for child in children]
    assert [code for code, _ in outcomes] == [0] * 20, [err for _, err in outcomes]
    after = csat_counts(target, "checkout")
    assert sum(after) - sum(before) == 20
    assert [a - b for a, b in zip(after, before)] == [4, 4, 4, 4, 4]
    assert not list(work.glob(".*.jmap.lock")) and not list(work.glob(".*.tmp"))


def test_a_held_lock_makes_import_wait_then_say_so(work):
    target = work / "map.jmap.yaml"
    (work / "a.csv").write_text("touchpoint,metric,answer\ncheckout,csat,5\n")
    before = target.read_bytes()
    with map_lock(target):
        done = jmap("import", work / "a.csv", target, env={**ENV, "JMAP_LOCK_TIMEOUT": "0.5"})
    assert done.returncode == 2
    assert done.stderr.startswith(f"jmap: {target}: another jmap run has held its lock (.map.jmap.yaml.jmap.lock)")
    assert len(done.stderr.splitlines()) == 1 and target.read_bytes() == before


def test_the_lock_serialises_threads_and_is_removed(tmp_path):
    target = tmp_path / "m.yaml"
    target.write_text("0")
    order = []

    def writer(n):
        with map_lock(target, wait=30):
            value = int(target.read_text())
            order.append(n)
            time.sleep(0.01)
            write_atomic(target, str(value + 1).encode())

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert target.read_text() == "8" and sorted(order) == list(range(8))
    assert not (tmp_path / ".m.yaml.jmap.lock").exists()
    with map_lock(target, wait=0):
        with pytest.raises(LockTimeout):
            with map_lock(target, wait=0.1):
                pass


def test_import_into_a_symlinked_map_writes_the_real_map_and_keeps_the_link(work):
    real = work / "real" / "map.jmap.yaml"
    real.parent.mkdir()
    (work / "map.jmap.yaml").rename(real)
    link = work / "link.jmap.yaml"
    link.symlink_to(real)
    (work / "a.csv").write_text("touchpoint,metric,answer\ncheckout,csat,5\n")
    before = csat_counts(real, "checkout")
    done = jmap("import", work / "a.csv", link)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert csat_counts(real, "checkout") == before[:4] + [before[4] + 1]


def test_output_to_a_symlink_follows_it(work):
    real = work / "scores.json"
    real.write_text("old")
    link = work / "out.json"
    link.symlink_to("scores.json")
    done = jmap("score", work / "map.jmap.yaml", "-f", "json", "-o", link)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and os.readlink(link) == "scores.json"
    assert real.read_text().startswith("{")


def test_output_to_a_fifo_is_written_through(work):
    fifo = work / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()))
    reader.start()
    done = jmap("score", work / "map.jmap.yaml", "-f", "json", "-o", fifo)
    reader.join(timeout=60)
    assert done.returncode == 0, done.stderr
    assert got and got[0].startswith("{") and fifo.is_fifo()


@pytest.mark.parametrize("name", ["-", "/dev/stdout"])
def test_output_dash_and_dev_stdout_go_to_standard_output(work, name):
    link_before = os.path.islink("/dev/stdout")
    done = jmap("score", work / "map.jmap.yaml", "-f", "json", "-o", name, cwd=work)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("{") and not (work / "-").exists()
    assert os.path.islink("/dev/stdout") == link_before


@pytest.mark.skipif(os.geteuid() != 0, reason="only root could replace /dev/null")
def test_output_to_dev_null_leaves_the_device_a_device(work):
    done = jmap("score", work / "map.jmap.yaml", "-f", "json", "-o", "/dev/null")
    assert done.returncode == 0, done.stderr
    assert Path("/dev/null").is_char_device()


def test_a_250_character_output_name_works(work):
    name = "s" * 245 + ".json"
    done = jmap("score", work / "map.jmap.yaml", "-f", "json", "-o", work / name)
    assert done.returncode == 0, done.stderr
    assert (work / name).read_text().startswith("{")
    assert len(temporary_name(name, work).encode()) <= 255


def test_write_errors_name_the_target_not_the_temporary(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if not os.access(folder, os.W_OK):  # root writes anywhere
            with pytest.raises(OSError) as caught:
                write_atomic(folder / "out.svg", b"x")
            assert caught.value.filename == str(folder / "out.svg") and ".tmp" not in str(caught.value)
    finally:
        folder.chmod(0o700)
    done = jmap("score", SAMPLE, "-o", tmp_path / "missing" / "out.txt")
    assert done.returncode == 2
    assert done.stderr == f"jmap: {tmp_path / 'missing' / 'out.txt'}: folder {tmp_path / 'missing'} does not exist\n"


def test_temporaries_left_by_a_killed_run_are_removed(tmp_path):
    target = tmp_path / "out.txt"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stray = tmp_path / f".out.txt.{dead.stdout.strip()}.0badc0de.jmap.tmp"
    stray.write_text("half")
    alive = tmp_path / f".out.txt.{os.getppid()}.0badc0de.jmap.tmp"  # a live process's: left alone
    alive.write_text("writing")
    other = tmp_path / f".out.txt.bak.{dead.stdout.strip()}.0badc0de.jmap.tmp"  # another target's
    other.write_text("other")
    removed = write_atomic(target, b"new")
    assert removed == [str(stray)] and not stray.exists() and alive.exists() and other.exists()
    assert target.read_text() == "new"
