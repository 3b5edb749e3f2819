"""One command layer: the same -c/--config, -o/--output and -f/--format on every command that
reads a map or writes a result, settings built in one place, one width floor for tables."""

import re

import pytest

from helpers import SAMPLE, small_map, touchpoint

from journeymap.outputs.registry import REGISTRIES

READS_A_MAP = ("validate", "score", "report", "diff", "export", "render", "import", "measure")
WRITES_A_RESULT = ("validate", "schema", "score", "report", "diff", "export", "render", "import", "measure")


def _help(cli, command: str) -> str:
    result = cli(command, "--help", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("command", READS_A_MAP)
def test_every_command_that_reads_a_map_takes_config_as_c(cli, command):
    assert re.search(r"^\s+-c, --config FILE\s+Configuration file", _help(cli, command), re.M)


@pytest.mark.parametrize("command", WRITES_A_RESULT)
def test_every_command_that_writes_a_result_takes_output_as_o(cli, command):
    assert re.search(r"^\s+-o, --output", _help(cli, command), re.M)


@pytest.mark.parametrize("command", sorted(REGISTRIES))
def test_format_choices_and_help_come_from_the_registry(cli, command):
    registry = REGISTRIES[command]
    text = "".join(_help(cli, command).split())  # the help is wrapped at any space or hyphen
    assert f"-f,--format<{'|'.join(registry.names)}>" in text
    for found in registry.formats:
        assert "".join(f"{found.name}: {found.help}".split()) in text


def _two_maps(tmp_path):
    old = tmp_path / "old.jmap.yaml"
    new = tmp_path / "new.jmap.yaml"
    old.write_text(small_map(touchpoint("a", satisfaction={"csat": {"counts": [1, 2, 3, 4, 5]}})))
    new.write_text(small_map(touchpoint("a", satisfaction={"csat": {"counts": [1, 2, 3, 4, 9]}})))
    return old, new


def test_diff_honours_the_configuration(tmp_path, run_main):
    old, new = _two_maps(tmp_path)
    assert run_main("diff", old, new, cwd=tmp_path).code == 0
    small = tmp_path / "small.yaml"
    small.write_text("limits: {max_bytes: 64}\n")  # both maps are larger: JM004, as validate would say
    done = run_main("diff", old, new, "-c", small, cwd=tmp_path)
    assert done.code == 1
    assert "(JM004)" in done.err and "not compared" in done.err
    (tmp_path / ".jmap.yaml").write_text("limits: {max_bytes: 64}\n")  # found upward, as every command finds it
    assert run_main("diff", old, new, cwd=tmp_path).code == 1


def test_import_honours_the_configuration(tmp_path, run_main):
    target, _new = _two_maps(tmp_path)
    responses = tmp_path / "responses.csv"
    responses.write_text("touchpoint,metric,answer\na,csat,5\n")
    small = tmp_path / "small.yaml"
    small.write_text("limits: {max_bytes: 64}\n")
    before = target.read_text()
    refused = run_main("import", responses, target, "-c", small, cwd=tmp_path)
    assert refused.code == 1 and "(JM004)" in refused.err and target.read_text() == before
    done = run_main("import", responses, target, cwd=tmp_path)
    assert done.code == 0, done.err
    assert '"csat": {"counts": [1, 2, 3, 4, 6]}' in target.read_text()  # one 5 added to the counts


def test_a_configuration_that_cannot_be_read_is_one_line_and_exit_2(tmp_path, run_main):
    old, new = _two_maps(tmp_path)
    for args in (("diff", old, new), ("score", old), ("import", tmp_path / "r.csv", old)):
        done = run_main(*args, "-c", tmp_path / "missing.yaml", cwd=tmp_path)
        assert done.code == 2, args
        assert done.err.count("\n") == 1 and "missing.yaml: cannot read configuration" in done.err


def test_score_draws_no_narrower_than_report(cli):
    """At 20 columns both tables are drawn at the 40-column floor (the terminal wraps them)."""
    for command in ("score", "report"):
        lines = cli(command, SAMPLE, env={"COLUMNS": "20"}).stdout.splitlines()
        assert max(len(line) for line in lines) <= 40, command
        assert any(len(line) > 20 for line in lines), command
