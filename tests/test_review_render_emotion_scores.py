"""A score that is the emotion standing in for a survey says so, in `jmap score` and the HTML export."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "online-store.jmap.yaml"


def jmap(*args) -> str:
    done = subprocess.run([sys.executable, "-m", "journeymap", *args], capture_output=True, text=True,
                          env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"}, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_score_table_marks_emotion_only_touchpoints():
    rows = {line.split()[0]: line for line in jmap("score", str(SAMPLE)).splitlines() if line.strip()}
    for touchpoint in ("search-result", "cart"):
        assert "no data" not in rows[touchpoint]
        assert "no survey (emotion)" in rows[touchpoint]
        assert "50~" in rows[touchpoint]
    assert "~" not in rows["checkout"]
    assert "~ score from the emotion (no survey)" in jmap("score", str(SAMPLE))


def test_html_scores_table_marks_emotion_only_touchpoints(tmp_path):
    out = tmp_path / "m.html"
    jmap("export", str(SAMPLE), "--format", "html", "-o", str(out))
    page = out.read_text(encoding="utf-8")
    row = next(line for line in page.splitlines() if "<code>cart</code></th>" in line)
    assert "no survey (emotion)" in row and "50~" in row and "no data" not in row
