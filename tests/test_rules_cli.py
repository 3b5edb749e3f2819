"""`jmap rules`: the rule documentation from the command line."""

import subprocess
import sys

from typer.testing import CliRunner

from journeymap.cli import app
from journeymap.checks.codes import all_codes


def test_lists_every_code_with_its_level():
    result = CliRunner().invoke(app, ["rules"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == list(all_codes())
    assert lines[0].startswith("JM001  error    YAML syntax error")


def test_explains_one_code_case_insensitively():
    result = CliRunner().invoke(app, ["rules", "jm303"])
    assert result.exit_code == 0
    assert result.stdout.startswith("JM303: touchpoint with no owner (warning)\n\nWhat it does: finds touchpoints without an `owner`.")


def test_unknown_code_is_exit_2_with_a_suggestion():
    done = subprocess.run([sys.executable, "-m", "journeymap", "rules", "JM3O3"], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr == "jmap: unknown code 'JM3O3' (did you mean 'JM303'?)\n"
    assert done.stdout == ""
