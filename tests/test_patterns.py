"""Ignore and include patterns: gitignore semantics, matched in bounded time, bad ones reported where written."""

import fnmatch
import subprocess
import sys
import time

import pytest
from hypothesis import given, settings, strategies as st

from journeymap.load.config import ConfigError, read_config
from journeymap.load.discovery import IgnoreRules
from journeymap.load.patterns import PatternError, compile_glob, match_name


@pytest.mark.parametrize("pattern", ["*a*a*a*a*b", "*a*a*a*a*a*a*a*a*a*a*a*a*b", "**/*a*a*a*a*a*a*a*b/**"])
def test_patterns_that_backtrack_as_regular_expressions_finish_at_once(tmp_path, pattern):
    rules = IgnoreRules([pattern], str(tmp_path))
    name = str(tmp_path / ("a" * 200 + ".jmap.yaml"))
    started = time.perf_counter()
    assert not rules.ignored(name, is_dir=False)
    assert not match_name(pattern, "a" * 200)
    assert time.perf_counter() - started < 0.5


def test_a_backwards_range_is_a_configuration_error_at_its_place(tmp_path):
    config = tmp_path / ".jmap.yaml"
    config.write_text("disable: [JM309]\nignore:\n  - drafts/\n  - \"[z-a].jmap.yaml\"\n")
    with pytest.raises(ConfigError) as caught:
        read_config(str(config))
    assert str(caught.value) == (f"{config}:4:5: ignore pattern '[z-a].jmap.yaml': the range z-a in [...] "
                                 "is backwards (write a-z) (at character 2)")


def test_a_bad_pattern_ends_validate_with_exit_2_in_one_line(tmp_path):
    (tmp_path / ".jmap.yaml").write_text("ignore: ['x[9-0]']\n")
    done = subprocess.run([sys.executable, "-m", "journeymap", "validate", "."], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr == (f"jmap: {tmp_path / '.jmap.yaml'}:1:10: ignore pattern 'x[9-0]': the range 9-0 in "
                           "[...] is backwards (write 0-9) (at character 3)\n")


def test_a_nested_looking_set_warns_nothing(tmp_path):
    (tmp_path / ".jmap.yaml").write_text("ignore: ['[[a]*']\n")
    (tmp_path / "a.jmap.yaml").write_text("jmap: 1\n")
    (tmp_path / "b.jmap.yaml").write_text("jmap: 1\n")
    done = subprocess.run([sys.executable, "-W", "default", "-m", "journeymap", "validate", "-f", "parsable", "."],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert "Warning" not in done.stderr
    assert "a.jmap.yaml" not in done.stdout and "b.jmap.yaml" in done.stdout


@pytest.mark.parametrize("pattern,path,expected", [
    ("maps/**", "maps", False), ("maps/**", "maps/eu", True), ("maps/**", "maps/eu/x", True),
    ("a/**/b", "a/b", True), ("a/**/b", "a/x/y/b", True), ("a/**/b", "a/x/y/c", False),
    ("x\\*y", "x*y", True), ("x\\*y", "xay", False), ("[!a]b", "cb", True), ("[^a]b", "ab", False),
    ("a**b", "axxb", True), ("a**b", "ax/xb", False), ("[]]", "]", True), ("[a-c]x", "bx", True),
    ("[ab", "[ab", True),
])
def test_gitignore_semantics(pattern, path, expected):
    assert compile_glob(pattern).match(path) is expected


SEGMENT = st.lists(st.sampled_from(["a", "b", "*", "?", "[ab]", "[!a]", "."]), max_size=8).map("".join)


@settings(max_examples=300, deadline=None)
@given(SEGMENT, st.text(alphabet="ab.", max_size=12))
def test_one_segment_matches_as_fnmatch_does(pattern, name):
    assert match_name(pattern, name) == fnmatch.fnmatchcase(name, pattern)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_any_pattern_text_compiles_or_is_refused_with_an_offset(text):
    try:
        glob = compile_glob(text)
    except PatternError as error:
        assert 0 <= error.offset < len(text)
    else:
        glob.match("a/b.jmap.yaml")
