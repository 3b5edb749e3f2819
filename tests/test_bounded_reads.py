"""Bounded everywhere: diff applies the configuration's limits (git blobs sized before they are
read), and import's memory does not grow with distinct dates or with one endless line."""

import shutil
import subprocess
import sys

import pytest

from helpers import JMAP, JMAP_ENV as ENV, SAMPLE
from journeymap.importing import importer
from journeymap.importing.importer import Columns, ImportProblem, Window, tally



def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**ENV, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})


@pytest.fixture
def repo(tmp_path):
    git(tmp_path, "init", "-q")
    shutil.copy(SAMPLE, tmp_path / "m.jmap.yaml")
    git(tmp_path, "add", "m.jmap.yaml")
    git(tmp_path, "commit", "-qm", "map")
    return tmp_path


def test_diff_applies_the_configured_size_limit_to_files_and_revisions(repo):
    (repo / ".jmap.yaml").write_text("limits: {max_bytes: 1000}\n")
    for old in ("HEAD:m.jmap.yaml", "m.jmap.yaml"):
        done = subprocess.run(JMAP + ["diff", old, "m.jmap.yaml"], cwd=repo, capture_output=True, text=True,
                              env=ENV, timeout=60)
        assert done.returncode == 1, done.stderr
        assert "(JM004)" in done.stderr and "1,000" in done.stderr


def test_diff_without_limits_still_compares_a_revision(repo):
    done = subprocess.run(JMAP + ["diff", "HEAD:m.jmap.yaml", "m.jmap.yaml"], cwd=repo, capture_output=True,
                          text=True, env=ENV, timeout=60)
    assert done.returncode == 0, done.stderr


def test_diff_applies_the_configured_depth_limit(repo):
    (repo / ".jmap.yaml").write_text("limits: {max_depth: 3}\n")
    done = subprocess.run(JMAP + ["diff", "HEAD:m.jmap.yaml", "m.jmap.yaml"], cwd=repo, capture_output=True,
                          text=True, env=ENV, timeout=60)
    assert done.returncode == 1 and "(JM004)" in done.stderr


PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def test_a_huge_blob_is_refused_from_its_size_not_read(repo):
    big = repo / "big.jmap.yaml"
    with open(big, "w") as out:
        out.write(SAMPLE.read_text())
        for i in range(1_200_000):
            out.write(f"# padding line {i:07d} to make the blob large ......................................\n")
    assert big.stat().st_size > 100_000_000
    git(repo, "add", "big.jmap.yaml")
    git(repo, "commit", "-qm", "big")
    peak_kb = int(subprocess.run([sys.executable, "-c", PEAK, *JMAP, "diff", "HEAD:big.jmap.yaml", "m.jmap.yaml"],
                                 cwd=repo, capture_output=True, text=True, env=ENV, timeout=300).stdout)
    assert peak_kb < 90_000, f"{peak_kb} kB: the blob was read"


def tally_text(tmp_path, text, suffix=".csv", **kwargs):
    path = tmp_path / f"r{suffix}"
    path.write_text(text)
    journey_map = _sample_map()
    return tally(str(path), journey_map, **kwargs)


def _sample_map():
    from journeymap.checks.validation import validate_bytes

    return validate_bytes(SAMPLE.read_bytes(), "m").map


@pytest.mark.parametrize("suffix,body", [(".csv", "touchpoint,metric,answer\ncheckout,csat,5\n"),
                                         (".jsonl", '{"touchpoint": "checkout", "metric": "csat", "answer": 5}\n')])
def test_a_line_longer_than_the_bound_is_a_clear_error(tmp_path, suffix, body, monkeypatch):
    monkeypatch.setattr(importer, "MAX_LINE", 1000)
    long_line = "checkout,csat," + "5" * 2000 + "\n" if suffix == ".csv" else '{"x": "' + "y" * 2000 + '"}\n'
    with pytest.raises(ImportProblem) as caught:
        tally_text(tmp_path, body + long_line, suffix)
    assert str(caught.value) == "line 3 is longer than 1,000 characters; a survey export has one response a line" \
        if suffix == ".csv" else "line 2 is longer than 1,000 characters; a survey export has one response a line"


def test_a_quoted_csv_with_a_long_line_is_bounded_too(tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "MAX_LINE", 1000)
    with pytest.raises(ImportProblem):
        tally_text(tmp_path, 'touchpoint,metric,answer\n"checkout",csat,5\ncheckout,csat,"' + "5" * 3000 + '"\n')


def test_dev_zero_as_the_survey_file_is_a_clear_error(tmp_path):
    shutil.copy(SAMPLE, tmp_path / "m.jmap.yaml")
    for input_format in ("csv", "jsonl"):
        done = subprocess.run(JMAP + ["import", "/dev/zero", str(tmp_path / "m.jmap.yaml"), "--input-format",
                                      input_format], capture_output=True, text=True, env=ENV, timeout=120)
        assert done.returncode == 2
        assert done.stderr == ("jmap: /dev/zero: line 1 is longer than 1,000,000 characters; a survey export "
                               "has one response a line\n")


def test_the_date_cache_stays_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "DATE_MEMORY", 50)
    seen = []
    real = importer._Checker.judge

    def judge(self, key):
        verdict = real(self, key)
        seen.append(len(self.dates))
        return verdict

    monkeypatch.setattr(importer._Checker, "judge", judge)
    rows = "".join(f"checkout,csat,5,2024-07-01T00:{i // 60:02d}:{i % 60:02d}Z\n" for i in range(1000))
    result = tally_text(tmp_path, "touchpoint,metric,answer,date\n" + rows, columns=Columns(date="date"),
                        window=Window())
    assert result.counts[("checkout", "csat")] == [0, 0, 0, 0, 1000]
    assert max(seen) <= 50
