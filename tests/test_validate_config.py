"""Configuration end to end: discovery upward to the repository root, every key, and broken files (exit 2)."""


import pytest
from typer.testing import CliRunner

from journeymap.cli import app
from journeymap.load.config import ConfigError, find_config, read_config
from journeymap.base.diagnostics import Severity

# touchpoint `a` has no owner (JM303 at 8:9) and a CSAT of 0.40 on 25 answers (JM305, JM310 at 13:11)
MAP = """\
jmap: 1
journey: {id: j, title: Journey}
channels: [web]
stages:
  - id: s1
    name: One
    touchpoints:
      - id: a
        name: A
        channel: web
        reach: 10
        satisfaction:
          csat: {counts: [5, 5, 5, 5, 5]}
"""
FINDINGS = [
    "m.jmap.yaml:8:9: [warning] touchpoint 'a' has no owner (JM303)",
    "m.jmap.yaml:13:11: [warning] CSAT at 'a' rests on 25 responses (fewer than 30) (JM305)",
    "m.jmap.yaml:13:11: [warning] CSAT 0.40 at 'a' is under its target 0.80 (JM310)",
]


def parsable(*args):
    result = CliRunner(env={"GITHUB_ACTIONS": None}).invoke(app, ["validate", "-f", "parsable", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout.splitlines()


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository with one map in it, as the working folder."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "m.jmap.yaml").write_text(MAP)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_without_configuration_the_defaults_apply(repo):
    assert parsable("m.jmap.yaml") == (0, FINDINGS)


def test_levels_and_disable_from_jmap_yaml(repo):
    (repo / ".jmap.yaml").write_text("disable: [JM305]\nlevels: {JM303: error, JM310: info}\n")
    assert parsable("m.jmap.yaml") == (1, ["m.jmap.yaml:8:9: [error] touchpoint 'a' has no owner (JM303)"])
    assert parsable("m.jmap.yaml", "--show-info")[1][-1] == \
        "m.jmap.yaml:13:11: [info] CSAT 0.40 at 'a' is under its target 0.80 (JM310)"


def test_found_from_a_subfolder(repo, monkeypatch):
    (repo / ".jmap.yaml").write_text("levels: {JM303: error}\n")
    (repo / "maps").mkdir()
    (repo / "maps" / "m.jmap.yaml").write_text(MAP)
    monkeypatch.chdir(repo / "maps")
    code, lines = parsable("m.jmap.yaml")
    assert (code, lines[0]) == (1, "m.jmap.yaml:8:9: [error] touchpoint 'a' has no owner (JM303)")


def test_search_stops_at_the_repository_root(tmp_path, monkeypatch):
    (tmp_path / ".jmap.yaml").write_text("levels: {JM303: error}\n")
    inner = tmp_path / "project"
    (inner / ".git").mkdir(parents=True)
    (inner / "m.jmap.yaml").write_text(MAP)
    monkeypatch.chdir(inner)
    assert find_config(str(inner)) is None
    assert parsable("m.jmap.yaml") == (0, FINDINGS)


def test_pyproject_tool_table(repo):
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.jmap]\ndisable = ["JM303"]\n'
                                         'targets = {csat = 0.3}\nlow_sample = 20\n')
    assert parsable("m.jmap.yaml") == (0, [])


def test_pyproject_without_tool_jmap_is_passed_over(repo, tmp_path):
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config(str(repo)) is None


def test_nearest_file_wins_and_jmap_yaml_before_pyproject(repo, monkeypatch):
    (repo / "pyproject.toml").write_text('[tool.jmap]\ndisable = ["JM303"]\n')
    (repo / ".jmap.yaml").write_text("disable: [JM305]\n")
    assert find_config(str(repo)) == str(repo / ".jmap.yaml")
    assert parsable("m.jmap.yaml") == (0, [FINDINGS[0], FINDINGS[2]])


def test_explicit_config_wins(repo):
    (repo / ".jmap.yaml").write_text("disable: [JM305]\n")
    (repo / "ci.yaml").write_text("disable: [JM303, JM310]\n")
    assert parsable("m.jmap.yaml", "--config", "ci.yaml") == (0, [FINDINGS[1]])


def test_targets_and_low_sample(repo):
    (repo / ".jmap.yaml").write_text("targets: {csat: 0.35}\nlow_sample: 25\n")
    assert parsable("m.jmap.yaml") == (0, [FINDINGS[0]])
    (repo / ".jmap.yaml").write_text("targets: {csat: 0.9}\nlow_sample: 26\n")
    assert parsable("m.jmap.yaml")[1][1:] == [
        "m.jmap.yaml:13:11: [warning] CSAT at 'a' rests on 25 responses (fewer than 26) (JM305)",
        "m.jmap.yaml:13:11: [warning] CSAT 0.40 at 'a' is under its target 0.90 (JM310)"]


def test_include_and_ignore(repo):
    for name in ("drafts/d.jmap.yaml", "maps/keep.jmap.yaml", "maps/old/x.jmap.yaml", "maps/other.map.yml"):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text("jmap: 1\n")
    (repo / ".jmap.yaml").write_text('include: ["*.jmap.yaml", "*.map.yml"]\nignore: ["drafts/", "maps/old/**"]\n')
    code, lines = parsable(".")
    files = sorted({line.split(":")[0] for line in lines})
    assert files == ["./m.jmap.yaml", "./maps/keep.jmap.yaml", "./maps/other.map.yml"]
    # named files honour ignore too, so a pre-commit run skips them
    assert parsable("drafts/d.jmap.yaml") == (0, [])


def test_limits(repo):
    (repo / ".jmap.yaml").write_text("limits: {max_bytes: 100}\n")
    assert parsable("m.jmap.yaml") == (1, [f"m.jmap.yaml:1:1: [error] file is {len(MAP)} bytes, over the limit of 100 (JM004)"])


def test_show_info_key(repo):
    (repo / ".jmap.yaml").write_text("show_info: true\nlevels: {JM303: info}\n")
    assert parsable("m.jmap.yaml")[1][0] == "m.jmap.yaml:8:9: [info] touchpoint 'a' has no owner (JM303)"


@pytest.mark.parametrize("text,where,message", [
    ("disable: [JM305\n", "2:1", "YAML syntax error: while parsing a flow sequence did not find expected ',' or ']'"),
    ("disable: [JM305]\ndisabel: [JM303]\n", "2:1",
     "unknown configuration key 'disabel' (did you mean 'disable'?); known keys: disable, levels, targets, "
     "low_sample, include, ignore, limits, show_info"),
    ("disable: [JM305, JM999]\n", "1:18", "unknown code 'JM999' (did you mean 'JM309'?)"),
    ("levels:\n  JM303: loud\n", "2:10", "level 'loud' for JM303 is not one of error, warning, info"),
    ("levels:\n  JM33: error\n", "2:3", "unknown code 'JM33' (did you mean 'JM303'?)"),
    ("targets: {csat: 80}\n", "1:17", "target csat 80 is outside 0 … 1"),
    ("targets: {cast: 0.8}\n", "1:11", "unknown target 'cast' (did you mean 'csat'?)"),
    ("low_sample: -3\n", "1:13", "low_sample must be a whole number of at least 1"),
    ("limits: {max_byte: 10}\n", "1:10", "unknown limit 'max_byte' (did you mean 'max_bytes'?)"),
    ("- JM303\n", "1:1", "the configuration must be a mapping of settings"),
    ("a: 1\na: 2\n", "2:1", "duplicate key 'a' (first defined on line 1); YAML would silently keep only the last one"),
])
def test_broken_configuration_is_exit_2_with_file_line_col(repo, text, where, message, run_main):
    (repo / ".jmap.yaml").write_text(text)
    code, out, err = run_main("validate", "m.jmap.yaml")
    assert (code, out) == (2, "")
    assert err == f"jmap: {repo / '.jmap.yaml'}:{where}: {message}\n"


def test_broken_pyproject_points_at_the_key(repo, run_main):
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.jmap]\nlow_sample = 20\nlevles = {}\n')
    code, out, err = run_main("validate", "m.jmap.yaml")
    assert code == 2
    assert err == (f"jmap: {repo / 'pyproject.toml'}:6:1: unknown configuration key 'levles' (did you mean "
                   "'levels'?); known keys: disable, levels, targets, low_sample, include, ignore, limits, show_info\n")


def test_toml_syntax_error(repo, run_main):
    (repo / "pyproject.toml").write_text('[tool.jmap]\ndisable = [\n')
    code, _out, err = run_main("validate", "m.jmap.yaml")
    assert code == 2 and err.startswith(f"jmap: {repo / 'pyproject.toml'}:3:1: TOML syntax error: ")


def test_missing_explicit_config(repo, run_main):
    code, _out, err = run_main("validate", "m.jmap.yaml", "--config", "nope.yaml")
    assert (code, err) == (2, "jmap: nope.yaml: cannot read configuration (No such file or directory)\n")


def test_empty_config_is_the_defaults(repo):
    (repo / ".jmap.yaml").write_text("# nothing yet\n")
    assert parsable("m.jmap.yaml") == (0, FINDINGS)


def test_read_config_builds_settings(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("disable: [jm309]\nlevels: {JM303: error}\nignore: drafts/\n")
    settings = read_config(str(path))
    assert settings.disabled == frozenset({"JM309"})
    assert settings.levels == {"JM303": Severity.ERROR}
    assert settings.ignore == ("drafts/",)
    assert settings.root == str(tmp_path) and settings.source == str(path)
    path.write_text("levels: {JM303: [error]}\n")
    with pytest.raises(ConfigError, match=r"c.yaml:1:17: level \['error'\] for JM303 is not one of"):
        read_config(str(path))
