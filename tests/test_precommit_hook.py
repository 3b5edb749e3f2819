"""The pre-commit hook, run for real on a temporary git repository."""

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]

BIN = Path(sys.executable).parent
BAD_MAP = "jmap: 1\njourney: {id: j, title: J}\nchannels: [web]\nstages:\n  - id: s\n    name: S\n" \
          "    touchpoints:\n      - {id: a, name: A, channel: wbe, owner: t}\n"


def hook() -> dict:
    [only] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    return only


def git_repo(folder: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    (folder / "maps").mkdir()
    shutil.copy(ROOT / "samples" / "online-store.jmap.yaml", folder / "maps" / "store.jmap.yaml")
    (folder / "maps" / "bad.jmap.yml").write_text(BAD_MAP)
    (folder / "notes.yaml").write_text("not: [a, journey, map\n")  # broken YAML the hook must not see
    subprocess.run(["git", "add", "."], cwd=folder, check=True)
    return folder


def test_hook_definition():
    assert hook() == {
        "id": "jmap-validate",
        "name": "jmap validate",
        "description": "Check customer journey maps (*.jmap.yaml) for structure, references and journey gaps.",
        "entry": "jmap validate",
        "language": "python",
        "files": r"\.jmap\.ya?ml$",
        "require_serial": True,
    }


def test_hook_entry_over_the_files_it_selects(tmp_path):
    """What pre-commit does, without building an environment: match `files`, run `entry` on them."""
    repo = git_repo(tmp_path)
    listed = subprocess.run(["git", "ls-files"], cwd=repo, capture_output=True, text=True, check=True).stdout.split()
    selected = [name for name in listed if re.search(hook()["files"], name)]
    assert selected == ["maps/bad.jmap.yml", "maps/store.jmap.yaml"]
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", NO_COLOR="1")
    env.pop("GITHUB_ACTIONS", None)
    done = subprocess.run([*shlex.split(hook()["entry"]), *selected], cwd=repo, capture_output=True, text=True, env=env)
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("maps/bad.jmap.yml\n  8:35      error   unknown channel 'wbe' (did you mean 'web'?)  JM203\n")
    assert "notes.yaml" not in done.stdout and done.stderr == ""


@pytest.mark.slow
def test_pre_commit_try_repo(tmp_path):
    """`pre-commit try-repo` builds the hook's environment from this repository's last commit (about 12 s)."""
    repo = git_repo(tmp_path / "repo")
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "cache"), NO_COLOR="1")
    env.pop("GITHUB_ACTIONS", None)
    done = subprocess.run([str(BIN / "pre-commit"), "try-repo", str(ROOT), "jmap-validate", "--ref", "HEAD",
                           "--all-files", "--color", "never"], cwd=repo, capture_output=True, text=True, env=env,
                          timeout=300)
    log = done.stdout + done.stderr
    if done.returncode != 1 and ("Installing environment" in log and "CalledProcessError" in log):
        pytest.skip("pre-commit could not install the hook's environment (no package index reachable)")
    assert done.returncode == 1, log
    assert re.search(r"jmap validate\.+Failed", log), log
    assert "maps/bad.jmap.yml\n  8:35      error   unknown channel 'wbe' (did you mean 'web'?)  JM203" in log
    assert "notes.yaml" not in log
