"""The app served as in production: gunicorn in a subprocess, started without
DJANGO_SETTINGS_MODULE, with sync workers and with threaded (gthread) workers. A task queued with
``delay_on_commit`` from a request's thread reaches the real worker on Redis (before the Celery
app was made the default in every thread, gthread answered 500: the request thread's task had no
``delay_on_commit``)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO
from urllib.parse import quote

import pytest
import requests
from django.conf import settings
from django.db import connection

from sendcpp.models import Notification
from sendcpp.tests.test_worker import REDIS_URL, _wait_for, redis_worker  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
# The served app's key: a session made here for it must be signed with it.
SERVED_SECRET_KEY = "served-test-secret-key-" + "x" * 30
# Each test process has its own queue (sendcpp/settings/test.py), so a real worker started by one
# never takes another's tasks.
pytestmark = [
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]


def test_database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    host = db["HOST"] or "localhost"
    port = db["PORT"] or "5432"
    if host.startswith("/"):  # the embedded server's socket directory
        return f"postgres://{credentials}@localhost:{port}/{db['NAME']}?host={quote(host)}"
    return f"postgres://{credentials}@{host}:{port}/{db['NAME']}"


test_database_url.__test__ = False  # a helper, not a test


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _collect_static(env: dict[str, str]) -> None:
    """The served app runs as production does, with DEBUG off: its pages name the collected
    static files through their manifest, which production makes when the image is built. Collect
    them once (again only when a file under ``static/`` is newer), one test process at a time."""
    root = Path(settings.BASE_DIR)
    manifest = root / "var" / "staticfiles" / "staticfiles.json"
    (root / "var").mkdir(exist_ok=True)
    with open(root / "var" / "collectstatic.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        newest = max(
            path.stat().st_mtime for path in (root / "static").rglob("*") if path.is_file()
        )
        if manifest.exists() and manifest.stat().st_mtime >= newest:
            return
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=root,
            env=env,
            check=True,
        )


@pytest.fixture
def served(request):
    """gunicorn with the worker class given by the test's parameter, on a free loopback port."""
    worker_class = request.param
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DATABASE_URL=test_database_url(),
        REDIS_URL=REDIS_URL,
        CELERY_QUEUE=settings.CELERY_TASK_DEFAULT_QUEUE,
        DATABASE_CONN_MAX_AGE="0",
        DJANGO_SECRET_KEY=SERVED_SECRET_KEY,
        DJANGO_DEBUG="false",
        DJANGO_SECURE_SSL_REDIRECT="false",
        LOG_FORMAT="plain",
        ACCESS_LOG_LEVEL="WARNING",
    )
    _collect_static(env)
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed when the server stops
    process = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "sendcpp.tests.served_wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--worker-class",
            worker_class,
            "--threads",
            "4",
            "--no-control-socket",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        # A file, not a pipe: nobody reads a pipe while the test runs, and a server whose pipe
        # is full blocks in the middle of a request.
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: stopped whole, workers included
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(f"{base}/healthz", timeout=10).status_code == 200:
                break
        except requests.RequestException:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            _stop(process)
            raise AssertionError(_tail(log))
        time.sleep(0.2)
    try:
        yield base
    finally:
        _stop(process)
        # Shown with the test's output when it fails: what the server said.
        sys.stdout.write(f"--- served ({worker_class}) said ---\n{_tail(log)}\n")
        log.close()


def _tail(log: IO[bytes]) -> str:
    log.seek(0)
    return log.read().decode(errors="replace")[-3000:]


def _stop(process: subprocess.Popen) -> None:
    """Stop gunicorn and its workers (the whole process group), gracefully first."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.mark.parametrize("served", ["gthread", "sync"], indirect=True)
def test_a_task_queued_on_commit_in_a_served_request_reaches_the_worker(
    world,
    redis_worker,  # noqa: F811
    served,
):
    world.coordinator.email = "coordinator@example.org"
    world.coordinator.save()
    # Several at once, so the threaded server answers from several request threads.
    answers = [
        requests.post(
            f"{served}/__test__/notify",
            params={"key": f"served-{n}", "username": world.coordinator.username},
            timeout=30,
        )
        for n in range(4)
    ]
    assert [a.status_code for a in answers] == [200] * 4, [a.text for a in answers]
    _wait_for(lambda: Notification.objects.filter(email_status="sent").count() == 4, 30)
    assert sorted(Notification.objects.values_list("key", flat=True)) == [
        f"served-{n}" for n in range(4)
    ]
