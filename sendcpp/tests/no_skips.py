"""Nothing is skipped: a pytest plugin (the root ``conftest.py`` loads it) that turns a run with
any skipped test into a failing run, naming the skipped tests on one line.

A skipped test is a test that did not run, so a green run with skips proves less than it says:
the real-worker, Redis and browser tests in particular must run everywhere (``make test`` starts
what they need). A test that cannot run on some machine fails there, and says why.

Standalone on purpose (no Django imports), so ``test_no_skips`` can load it into a tiny pytest run
of its own."""

from __future__ import annotations

import pytest

_SESSION = pytest.StashKey[pytest.Session]()


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[_SESSION] = session


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    if hasattr(config, "workerinput"):  # a pytest-xdist worker: the controller decides
        return
    skipped = terminalreporter.stats.get("skipped", [])
    if not skipped:
        return
    names = ", ".join(sorted({_name(report) for report in skipped}))
    terminalreporter.write_line(
        f"{len(skipped)} skipped, and nothing may be skipped (this run fails): {names}",
        red=True,
        bold=True,
    )
    session = config.stash[_SESSION]
    if session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def _name(report: pytest.TestReport | pytest.CollectReport) -> str:
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else ""
    reason = reason.removeprefix("Skipped: ")
    return f"{report.nodeid} ({reason})" if reason else report.nodeid
