"""Which files a run picks up: folder search, hidden files, gitignore-style ignore patterns."""

import pytest

from journeymap.load.discovery import IgnoreRules, discover
from journeymap.load.settings import Settings

from helpers import SAMPLE


@pytest.fixture
def tree(tmp_path, monkeypatch):
    for name in ("a.jmap.yaml", "b.jmap.yml", "notes.yaml", ".jmap.yaml", ".hidden/h.jmap.yaml",
                 "drafts/d.jmap.yaml", "maps/eu/x.jmap.yaml", "maps/eu/old/y.jmap.yaml", "maps/us/z.jmap.yaml"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("jmap: 1\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def found(*ignore, paths=(".",)):
    return discover(list(paths), Settings(ignore=tuple(ignore))).files


def test_folder_search_skips_hidden_files_and_folders_and_other_names(tree):
    assert found() == ["./a.jmap.yaml", "./b.jmap.yml", "./drafts/d.jmap.yaml", "./maps/eu/x.jmap.yaml",
                       "./maps/eu/old/y.jmap.yaml", "./maps/us/z.jmap.yaml"]


@pytest.mark.parametrize("patterns,left", [
    (("drafts/",), ["a", "b", "x", "y", "z"]),
    (("old",), ["a", "b", "d", "x", "z"]),  # no slash: a name at any depth
    (("/old",), ["a", "b", "d", "x", "y", "z"]),  # anchored at the root: there is no ./old
    (("maps/**/old",), ["a", "b", "d", "x", "z"]),
    (("maps/**",), ["a", "b", "d"]),
    (("*.yml",), ["a", "d", "x", "y", "z"]),
    (("maps/*/x.jmap.yaml",), ["a", "b", "d", "y", "z"]),
    (("maps/", "!maps/us/"), ["a", "b", "d"]),  # a folder's contents cannot come back once it is out
    (("*.jmap.yaml", "!a.jmap.yaml"), ["a", "b"]),
    (("# a comment", ""), ["a", "b", "d", "x", "y", "z"]),
    (("[ab].jmap.y*ml",), ["d", "x", "y", "z"]),
])
def test_ignore_patterns(tree, patterns, left):
    names = [path.rsplit("/", 1)[1].split(".")[0] for path in found(*patterns)]
    assert names == left


def test_named_files_honour_ignore_but_not_the_name_patterns(tree):
    assert found("drafts/", paths=["drafts/d.jmap.yaml", "notes.yaml"]) == ["notes.yaml"]


def test_patterns_are_relative_to_the_settings_root(tree, monkeypatch):
    monkeypatch.chdir(tree / "maps")
    settings = Settings(ignore=("maps/eu/",), root=str(tree))
    assert discover(["."], settings).files == ["./us/z.jmap.yaml"]


def test_missing_path_is_a_problem(tree):
    assert discover(["nope.jmap.yaml"]).problems == ["nope.jmap.yaml: no such file or folder"]


def test_folder_only_pattern_does_not_match_a_file(tmp_path):
    rules = IgnoreRules(["x.jmap.yaml/"], str(tmp_path))
    assert not rules.ignored(str(tmp_path / "x.jmap.yaml"), is_dir=False)
    assert rules.ignored(str(tmp_path / "x.jmap.yaml"), is_dir=True)


# --------------------------------------------------------------------------- nothing to check
# A missing path is only an error line, an empty folder a warning line, and the summary never
# claims "no problems" about zero files.

def test_a_missing_file_prints_no_summary(tmp_path, cli):
    missing = tmp_path / "nonexist.yaml"
    result = cli("validate", missing, "-f", "text")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"jmap: {missing}: no such file or folder\n"


def test_an_empty_folder_is_a_warning_and_exit_0(tmp_path, cli):
    folder = tmp_path / "emptyfolder"
    folder.mkdir()
    result = cli("validate", f"{folder}/", "-f", "text")
    assert result.exit_code == 0
    assert result.stderr == f"jmap: no maps found in {folder}/ (looked for *.jmap.yaml, *.jmap.yml)\n"
    assert "no problems" not in result.stdout and "no maps checked" in result.stdout


def test_a_folder_with_maps_says_nothing_about_looking(tmp_path, cli):
    (tmp_path / "m.jmap.yaml").write_bytes(SAMPLE.read_bytes())
    result = cli("validate", tmp_path, "-f", "text")
    assert result.exit_code in (0, 1) and "no maps found" not in result.stderr
