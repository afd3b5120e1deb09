"""The root conftest's rule that nothing is skipped (``sendcpp/tests/no_skips.py``), checked on
tiny pytest runs of their own in a subprocess: only that plugin (and pytest-xdist where said)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

TESTS = """
import pytest

def test_runs():
    assert True

@pytest.mark.skip(reason="not today")
def test_marked_skip():
    pass

def test_skips_itself():
    pytest.skip("no server")
"""


def run_pytest(directory: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_"))}
    env.update(PYTHONPATH=str(ROOT), PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")
    command = [sys.executable, "-m", "pytest", "-p", "sendcpp.tests.no_skips"]
    isolated = ["-p", "no:cacheprovider", "-c", os.devnull, "--rootdir", str(directory)]
    return subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [*command, *isolated, *args, str(directory)],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_run_with_skipped_tests_fails_and_names_them(tmp_path):
    (tmp_path / "test_tiny.py").write_text(TESTS)
    result = run_pytest(tmp_path)
    assert result.returncode == pytest.ExitCode.TESTS_FAILED, result.stdout
    lines = [line for line in result.stdout.splitlines() if "nothing may be skipped" in line]
    assert lines == [
        "2 skipped, and nothing may be skipped (this run fails): "
        "test_tiny.py::test_marked_skip (not today), test_tiny.py::test_skips_itself (no server)"
    ]
    assert "1 passed, 2 skipped" in result.stdout


def test_a_module_skipped_at_collection_fails_the_run(tmp_path):
    (tmp_path / "test_ok.py").write_text("def test_runs():\n    pass\n")
    (tmp_path / "test_gone.py").write_text(
        "import pytest\npytest.skip('needs a GPU', allow_module_level=True)\n"
    )
    result = run_pytest(tmp_path)
    assert result.returncode == pytest.ExitCode.TESTS_FAILED, result.stdout
    assert "nothing may be skipped (this run fails): test_gone.py (needs a GPU)" in result.stdout


def test_skips_in_parallel_workers_fail_the_run_too(tmp_path):
    (tmp_path / "test_tiny.py").write_text(TESTS)
    result = run_pytest(tmp_path, "-p", "xdist.plugin", "-n", "2")
    assert result.returncode == pytest.ExitCode.TESTS_FAILED, result.stdout
    assert result.stdout.count("nothing may be skipped") == 1
    assert "test_tiny.py::test_skips_itself (no server)" in result.stdout


def test_a_run_without_skips_still_passes(tmp_path):
    (tmp_path / "test_tiny.py").write_text("def test_runs():\n    pass\n")
    result = run_pytest(tmp_path)
    assert result.returncode == pytest.ExitCode.OK, result.stdout
    assert "skipped" not in result.stdout
