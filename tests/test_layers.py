"""The layers of ARCHITECTURE.md hold: imports only go down, and no module borrows another's private names."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT

PACKAGE = ROOT / "journeymap"


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _private_imports(source: str, own: str) -> list[str]:
    """`from journeymap.x import _name` where x is not the importing module `own` itself."""
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("journeymap") and node.module != own:
            found += [f"{own}: {node.module}.{alias.name}" for alias in node.names
                      if alias.name.startswith("_") and not alias.name.startswith("__")]
    return found


def test_no_module_imports_a_private_name_of_another():
    borrowed = [hit for path in sorted(PACKAGE.rglob("*.py"))
                for hit in _private_imports(path.read_text(encoding="utf-8"), _module_name(path))]
    assert borrowed == []


def test_the_private_name_check_sees_a_borrowed_name():
    source = "from journeymap.outputs.score import _hidden, visible\nfrom journeymap.outputs.html_export import _own\n"
    assert _private_imports(source, "journeymap.outputs.html_export") == [
        "journeymap.outputs.html_export: journeymap.outputs.score._hidden"]


def test_import_contracts_are_kept():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if lint is None:
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    done = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "0 broken" in done.stdout
