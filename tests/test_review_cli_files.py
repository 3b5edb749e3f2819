"""Writing into a folder that is not there names the target and its folder, never a temporary file."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from journeymap.base.files import write_atomic

from helpers import ROOT

ENV = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}


def test_write_atomic_into_a_missing_folder_names_the_target(tmp_path):
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


def test_init_into_a_missing_folder_is_one_line_naming_the_target(tmp_path):
    target = tmp_path / "nodir" / "x.jmap.yaml"
    result = subprocess.run([sys.executable, "-m", "journeymap", "init", str(target)],
                            capture_output=True, text=True, env=ENV, timeout=60)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"jmap: {target}: folder {target.parent} does not exist\n"
    assert not (tmp_path / "nodir").exists()
