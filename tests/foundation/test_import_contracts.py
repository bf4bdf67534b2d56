"""The import contracts `make lint` checks hold for the tree, and break on a new cycle or a layer crossed."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-logo", "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def tree(tmp_path):
    for package in ("accounts", "claims", "workers", "factcheck"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__", "data"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_tree_keeps_its_contracts(tree):
    result = _lint(tree)
    assert result.returncode == 0, result.stdout


def test_a_cycle_between_services_fails(tree):
    with (tree / "claims/services/assignment.py").open("a") as module:
        module.write("\nfrom claims.services import sla  # noqa: E402, F401\n")
    result = _lint(tree)
    assert result.returncode != 0
    assert "No cycles are allowed in claims.services" in result.stdout


def test_a_selector_importing_the_api_fails(tree):
    with (tree / "claims/selectors/review.py").open("a") as module:
        module.write("\nfrom claims.api import common  # noqa: E402, F401\n")
    result = _lint(tree)
    assert result.returncode != 0
    assert "claims.selectors is not allowed to import claims.api" in result.stdout
