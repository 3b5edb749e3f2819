"""The suite's own rules: tests grouped by subject, shared code in tests/helpers, never borrowed from a test module."""

import ast

from helpers import ROOT


def suite_modules():
    return sorted(path for path in (ROOT / "tests").rglob("test_*.py") if "node_modules" not in path.parts)


def imported_names(path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    return names


def test_tests_are_named_by_subject_not_by_the_review_that_found_them():
    assert [path.name for path in suite_modules() if path.name.startswith("test_review")] == []


def test_no_test_module_imports_another_test_module_or_conftest():
    offenders = [f"{path.relative_to(ROOT)} imports {name}" for path in suite_modules()
                 for name in imported_names(path) if name.split(".")[0].startswith("test_") or name == "conftest"]
    assert offenders == [], "move what is shared to tests/helpers (plain code) or conftest.py (fixtures)"
