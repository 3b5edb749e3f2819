"""Every command, in every format, on broken and hostile maps: a diagnostic or a clean exit code.

Hypothesis mutates the sample map (delete, duplicate, retype, swap and rename nodes, corrupt
its bytes, add huge and deeply nested values) and runs one command line per example through
the real CLI in-process. The outcome must be exit 0, 1 or 2, no exception other than
SystemExit, no traceback in the output, and no hang. `JMAP_FUZZ_EXAMPLES` sets the budget
(`make fuzz` runs the same properties with a large one). Every crash found is kept in
tests/regressions/ and replayed through every command line by `test_regressions_through_every_command`.
"""

import os
import tempfile
import time
from pathlib import Path

import typer
import yaml
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from typer.testing import CliRunner

from journeymap.cli import app
from journeymap.commands.common import UsageProblem
from journeymap.base.files import WriteRefused

from helpers import ROOT, SAMPLE, format_choices
from helpers.mutations import EXAMPLES, FUZZ, REPLACEMENTS, mutated_maps, parent, paths

REGRESSIONS = ROOT / "tests" / "regressions"
SLOW = 20.0  # seconds: far beyond any honest run on these small inputs; a hang shows up as a failure
WORK = Path(tempfile.mkdtemp(prefix="jmap-fuzz-"))
RESPONSES = WORK / "responses.csv"
RESPONSES.write_text("touchpoint,metric,answer\nproduct-page,csat,5\ncheckout,nps,9\ncheckout,ces,4\n")


def command_lines(map_file: str) -> list[list[str]]:
    """Every command and format a user can point at one map file (render: DOT; export html runs Graphviz)."""
    lines = [["validate", map_file, "--format", f] for f in format_choices("validate")]
    lines += [["validate", map_file, "--strict", "--show-info"]]
    lines += [["score", map_file, "--format", f] for f in format_choices("score")]
    lines += [["report", map_file, "--format", f] for f in format_choices("report")]
    lines += [["report", map_file, "--by", "owner", "--top", "0"]]
    lines += [["render", map_file, "--format", "dot", "--view", v] for v in ("flow", "lanes")]
    lines += [["export", map_file, "--format", f] for f in format_choices("export")]
    lines += [["diff", str(SAMPLE), map_file, "--format", f] for f in format_choices("diff")]
    lines += [["diff", map_file, map_file]]
    lines += [["import", str(RESPONSES), map_file, "--dry-run"]]
    lines += [["import-mermaid", map_file]]
    return lines


ALL_LINES = command_lines("{map}")
EXIT_2_PROBLEMS = (UsageProblem, WriteRefused)  # jmap.cli.main turns these into one line and exit 2
runner = CliRunner()


def run_clean(args: list[str], stdin: bytes = b""):
    """Run one command line in-process and check the promise: exit 0/1/2, no exception, no traceback."""
    started = time.monotonic()
    result = runner.invoke(app, args, input=stdin, catch_exceptions=True)
    elapsed = time.monotonic() - started
    shown = result.stdout + (result.stderr if result.stderr_bytes is not None else "")
    if isinstance(result.exception, EXIT_2_PROBLEMS):
        # raised for jmap.cli.main to print as one line with exit 2, the designed path for usage and I/O problems
        assert "\n" not in str(result.exception) and str(result.exception), (args, repr(result.exception))
    else:
        assert result.exception is None or isinstance(result.exception, SystemExit), (args, repr(result.exception))
        assert result.exit_code in (0, 1, 2), (args, result.exit_code, shown[-2000:])
    assert "Traceback" not in shown, (args, shown[-2000:])
    assert elapsed < SLOW, (args, elapsed)
    return result


# ----------------------------------------------------------------------------- hostile inputs

def _nested(depth: int, leaf="x"):
    value = leaf
    for i in range(depth):
        value = [value] if i % 2 else {"k": value}
    return value


HUGE = st.one_of(
    st.integers(1, 6).map(lambda k: "x" * (10 ** k)),
    st.integers(1, 300).map(_nested),
    st.integers(0, 3000).map(lambda n: list(range(n))),
    st.just(10 ** 400), st.just(float("inf")), st.just(float("nan")), st.just(-0.0),
    st.just({"counts": [10 ** 18] * 5}), st.just({"value": 1e308, "n": 10 ** 12}),
)


@st.composite
def retyped_maps(draw):
    """A mutated map with huge, deeply nested or wrongly typed values in random places."""
    data = draw(mutated_maps())
    found = [p for p in paths(data) if p]
    for _ in range(draw(st.integers(1, 3))):
        if not found:
            break
        path = draw(st.sampled_from(found))
        try:
            parent(data, path)[path[-1]] = draw(st.one_of(HUGE, REPLACEMENTS))
        except (KeyError, IndexError, TypeError):
            continue
    return data


def _dump(data) -> bytes:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10 ** 9).encode()


@st.composite
def corrupted_bytes(draw):
    """The sample's own bytes with random byte-level damage: flips, cuts, insertions, splices."""
    raw = bytearray(SAMPLE.read_bytes())
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, max(0, len(raw) - 1)))
        action = draw(st.sampled_from(["flip", "cut", "insert", "splice", "truncate"]))
        if action == "flip" and raw:
            raw[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del raw[at:at + draw(st.integers(1, 200))]
        elif action == "insert":
            raw[at:at] = draw(st.sampled_from([b"&a ", b"*a", b"<<: *a\n", b"\t", b"\x00", b"\xff\xfe", b"\x1b[31m",
                                               b"!!python/object:os.system ", b"%YAML 1.1\n---\n", b": : :", b"'", b'"',
                                               b"---\n", b"...\n", b"? ", b"|\n", b"\r", b"\xe2\x80\xae"]))
        elif action == "splice":
            start = draw(st.integers(0, max(0, len(raw) - 1)))
            raw[at:at] = raw[start:start + draw(st.integers(1, 400))]
        elif action == "truncate":
            del raw[at:]
    return bytes(raw)


def _alias_bomb(levels: int) -> bytes:
    lines = ["jmap: 1", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, levels)]
    return ("\n".join(lines) + "\n").encode()


INPUTS = st.one_of(
    mutated_maps().map(_dump),
    retyped_maps().map(_dump),
    corrupted_bytes(),
    st.binary(max_size=3000),
    st.integers(1, 9).map(_alias_bomb),
    st.integers(50, 5000).map(lambda d: b"jmap: 1\nx: " + b"[" * d + b"]" * d + b"\n"),
    st.integers(50, 3000).map(lambda d: ("jmap: 1\n" + "".join(" " * i + f"k{i}:\n" for i in range(d))).encode()),
)


def _write(raw: bytes) -> str:
    target = WORK / "fuzz.jmap.yaml"
    target.write_bytes(raw)
    return str(target)


@FUZZ
@given(INPUTS, st.sampled_from(ALL_LINES))
def test_every_command_survives_hostile_maps(raw, line):
    map_file = _write(raw)
    run_clean([part.replace("{map}", map_file) for part in line])


@FUZZ
@given(INPUTS, st.sampled_from([line for line in ALL_LINES if line[0] in ("validate", "score", "report", "render", "export")]))
def test_every_command_survives_hostile_stdin(raw, line):
    run_clean([part.replace("{map}", "-") for part in line], stdin=raw)


@settings(max_examples=max(12, EXAMPLES // 10), deadline=None, suppress_health_check=list(HealthCheck))
@given(retyped_maps())
def test_a_valid_mutation_runs_every_command_to_the_end(data):
    """Mutations that keep the map valid reach the formatters: run every line, not one."""
    map_file = _write(_dump(data))
    first = run_clean(["validate", map_file, "--format", "parsable"])
    for line in ALL_LINES:
        result = run_clean([part.replace("{map}", map_file) for part in line])
        if first.exit_code == 0 and line[0] in ("score", "report", "render", "export"):
            assert result.exit_code in (0, 1), (line, result.output[-1000:])


def test_the_fuzz_lines_cover_every_command_and_format():
    """A command or format added to the CLI is fuzzed without anyone editing this file."""
    commands = {line[0] for line in ALL_LINES}
    assert commands >= {"validate", "score", "report", "render", "export", "diff", "import", "import-mermaid"}
    assert {"text", "parsable", "github", "json", "sarif", "junit"} <= set(format_choices("validate"))
    assert sum(line[0] == "validate" for line in ALL_LINES) == len(format_choices("validate")) + 1


def test_the_sample_runs_clean_through_every_line():
    """The harness itself is honest: the sample map passes every line with exit 0 or 1 and real output."""
    for line in ALL_LINES:
        result = run_clean([part.replace("{map}", str(SAMPLE)) for part in line])
        assert result.exit_code in (0, 1), (line, result.output[-500:])
        if line[0] not in ("import-mermaid",):
            assert result.stdout.strip() or line[0] == "import", line


def test_a_crash_would_be_caught():
    """run_clean fails on an exception that escapes a command: the property above can fail."""
    command = typer.Typer()

    @command.command()
    def boom() -> None:
        raise ValueError("boom")

    result = runner.invoke(command, [], catch_exceptions=True)
    assert isinstance(result.exception, ValueError)


def _regression_inputs() -> list[Path]:
    return sorted(p for p in REGRESSIONS.glob("*") if p.is_file() and p.suffix in (".yaml", ".yml", ".bin", ".txt"))


def test_regressions_through_every_command():
    """Every input that ever crashed a command, through every command line, from a file and from stdin."""
    found = _regression_inputs()
    assert found, "tests/regressions/ holds the inputs that once crashed jmap"
    for path in found:
        raw = path.read_bytes()
        map_file = _write(raw)
        for line in ALL_LINES:
            run_clean([part.replace("{map}", map_file) for part in line])
        for line in ALL_LINES:
            if line[0] in ("validate", "score", "report", "render", "export"):
                run_clean([part.replace("{map}", "-") for part in line], stdin=raw)


def test_the_atheris_harnesses_run_without_atheris(tmp_path):
    """`make fuzz` drives fuzz/fuzz_loader.py and fuzz/fuzz_validate.py; their harness functions keep
    the same promise here on a few hundred mutated inputs, and the plain driver takes over when
    atheris cannot be imported."""
    import subprocess
    import sys

    sys.path.insert(0, str(ROOT / "fuzz"))
    try:
        import fuzz_loader
        import fuzz_validate
        from harness import drive
    finally:
        sys.path.remove(str(ROOT / "fuzz"))
    for target in (fuzz_loader.test_one_input, fuzz_validate.test_one_input):
        result = drive(target, runs=150, seed=1, name="smoke")
        assert result["inputs"] == 150 and result["crashes"] == [], result["crashes"]
    with pytest.raises(AssertionError):
        fuzz_loader.test_one_input.__globals__["KNOWN"].discard("JM001")
        try:
            fuzz_loader.test_one_input(b"{")  # JM001 is now unknown to the harness: it must object
        finally:
            fuzz_loader.test_one_input.__globals__["KNOWN"].add("JM001")
    blocker = tmp_path / "atheris.py"
    blocker.write_text("raise ImportError('atheris blocked for this test')\n")
    done = subprocess.run([sys.executable, str(ROOT / "fuzz" / "fuzz_loader.py"), "-runs=50"], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}"})
    assert done.returncode == 0, done.stderr[-800:]
    assert "50 inputs, 0 crashes" in done.stdout


GOOD_ROWS = ["product-page,csat,5,2024-03-01,new-visitor,1", "checkout,nps,9,2024-03-02,returning,3",
             "checkout,ces,4,2024-03-03,,1", "review-request,nps,0,2024-03-04,returning,2"]
ROW_PARTS = st.one_of(
    st.sampled_from(["product-page", "checkout", "nope", "", "=cmd|' /C calc'!A0", "\x1b[31m", "é" * 50]),
    st.sampled_from(["csat", "nps", "ces", "CSAT", "xyz", ""]),
    st.sampled_from(["5", "0", "-1", "11", "3.5", "1e400", "nan", "", "9" * 400]),
    st.sampled_from(["2024-03-01", "2024-02-30", "yesterday", "", "9999-99-99"]),
    st.text(max_size=12),
)


@st.composite
def response_files(draw):
    """Survey exports with damaged rows: wrong cells, odd values, broken quoting, random bytes."""
    header = draw(st.sampled_from(["touchpoint,metric,answer,date,persona,count", "touchpoint,metric,answer",
                                   "metric,touchpoint,answer,count", "touchpoint,,answer", ""]))
    rows = []
    for _ in range(draw(st.integers(0, 12))):
        if draw(st.booleans()):
            rows.append(draw(st.sampled_from(GOOD_ROWS)))
        else:
            rows.append(",".join(draw(st.lists(ROW_PARTS, min_size=0, max_size=8))).replace("\n", " "))
    text = "\n".join([header] + rows) + draw(st.sampled_from(["\n", "", "\r\n", '\n"unterminated,']))
    raw = text.encode("utf-8")
    if draw(st.integers(0, 4)) == 0:
        raw += draw(st.binary(max_size=200))
    return raw


@st.composite
def jsonl_files(draw):
    lines = []
    for _ in range(draw(st.integers(0, 8))):
        lines.append(draw(st.one_of(
            st.just('{"touchpoint": "checkout", "metric": "nps", "answer": 9}'),
            st.just('{"touchpoint": "checkout", "metric": "nps", "answer": 1e999}'),
            st.just("[1, 2, 3]"), st.just('{"touchpoint": null}'), st.just("{"), st.just('"just a string"'),
            st.just('{"touchpoint": "checkout", "metric": "ces", "answer": 4, "count": 100000000000000000000}'),
            st.text(max_size=40).map(lambda t: t.replace("\n", " ")))))
    return ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass") if lines else b""


@settings(max_examples=max(15, EXAMPLES // 8), deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(response_files().map(lambda raw: ("csv", raw)), jsonl_files().map(lambda raw: ("jsonl", raw))),
       st.booleans())
def test_import_survives_hostile_survey_exports(export, replace):
    kind, raw = export
    responses = WORK / f"responses-fuzz.{kind}"
    responses.write_bytes(raw)
    target = WORK / "import-target.jmap.yaml"
    target.write_bytes(SAMPLE.read_bytes())
    result = run_clean(["import", str(responses), str(target), "--dry-run", *(["--replace"] if replace else [])])
    assert target.read_bytes() == SAMPLE.read_bytes()  # --dry-run writes nothing, whatever the rows
    result = run_clean(["import", str(responses), str(target), "--allow-bad-rows"])
    if result.exit_code == 0:
        assert run_clean(["validate", str(target), "--format", "parsable"]).exit_code in (0, 1)


CONFIG_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(), st.text(max_size=20),
                          st.lists(st.sampled_from(["JM303", "JM999", "*.jmap.yaml", "!x", "[", "**"]), max_size=4),
                          st.dictionaries(st.sampled_from(["JM303", "csat", "nps", "max_depth", "max_bytes", "x"]),
                                          st.one_of(st.integers(-5, 10**12), st.sampled_from(["error", "info", "loud"]),
                                                    st.floats()), max_size=3))


@FUZZ
@given(st.dictionaries(st.sampled_from(["disable", "levels", "targets", "low_sample", "include", "ignore", "limits",
                                        "show_info", "unknown"]), CONFIG_VALUES, max_size=5),
       st.sampled_from(["yaml", "toml", "bytes"]), st.binary(max_size=300))
def test_any_configuration_is_used_or_refused_in_one_line(config, kind, noise):
    import json

    if kind == "yaml":
        path, raw = WORK / "fuzz-config.yaml", yaml.safe_dump(config).encode()
    elif kind == "toml":  # JSON values are mostly TOML values; what is not is a TOML error to report
        path = WORK / "fuzz-config.toml"
        raw = "[tool.jmap]\n".encode() + "\n".join(f"{k} = {json.dumps(v)}" for k, v in config.items()).encode()
    else:
        path, raw = WORK / "fuzz-config.yaml", noise
    path.write_bytes(raw)
    result = run_clean(["validate", str(SAMPLE), "--config", str(path), "--format", "parsable"])
    if result.exit_code == 2 and result.exception is None:
        assert result.stderr.strip(), "exit 2 says why"


def test_a_huge_configuration_file_is_not_read(tmp_path):
    from journeymap.load.config import CONFIG_MAX_BYTES, ConfigError, read_config

    path = tmp_path / "big.yaml"
    with open(path, "wb") as handle:
        handle.truncate(CONFIG_MAX_BYTES * 25)
    with pytest.raises(ConfigError, match="over 4,194,304 bytes"):
        read_config(str(path))
