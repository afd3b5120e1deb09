"""The demo and scale seeders, and the production configuration check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from sendcpp.models import Case, Deadline, Relationship, User


def test_seed_demo_loads_every_stage_and_is_idempotent(db, capsys):
    call_command("seed_demo", cases=60)
    assert Case.objects.count() == 60
    assert Case.objects.values("stage").distinct().count() >= 8
    assert Deadline.objects.exists()
    assert Relationship.objects.filter(user__username="parent1", portal_access=True).exists()
    assert User.objects.get(username="coordinator1").staff_profile.role == "coordinator"
    output = capsys.readouterr().out
    assert "coordinator1" in output
    assert "sendcpp-demo-2026" in output
    call_command("seed_demo", cases=60)
    assert Case.objects.count() == 60


def test_seed_scale_builds_cases_with_deadlines(db):
    call_command("seed_scale", cases=300)
    assert Case.objects.count() == 300
    open_cases = Case.objects.filter(next_due_on__isnull=False)
    assert open_cases.exists()
    case = open_cases.first()
    assert case.next_due_on == Deadline.objects.filter(case=case).order_by("due_on").first().due_on


def test_check_deploy_is_clean_with_production_settings():
    # A clean environment, as production has: none of the test settings' variables.
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(Path.home()),
        "DJANGO_SETTINGS_MODULE": "sendcpp.settings.base",
        "DJANGO_SECRET_KEY": "a-production-secret-key-that-is-long-and-random-0123456789-abcdefghij",
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "send.example.gov.uk",
        "DATABASE_URL": os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"
        ),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_fails_at_start_with_a_clear_message():
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SECRET_KEY", "DJANGO_DEBUG"}}
    env["DJANGO_SETTINGS_MODULE"] = "sendcpp.settings.base"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize("path", ["docker-compose.yml", ".env.example", "README.md", ".ci/run"])
def test_project_files_exist(path):
    assert (Path(__file__).resolve().parents[2] / path).is_file()


def test_api_client_command_creates_lists_and_revokes(world, capsys):
    world.school.ukprn = "10001234"
    world.school.save()
    call_command(
        "api_client",
        "create",
        "--name",
        "School MIS",
        "--organisation",
        "10001234",
        "--scopes",
        "cases:read",
    )
    key = capsys.readouterr().out.rsplit(" ", 1)[1].strip()
    from django.test import Client

    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/cases/").status_code == 200
    call_command("api_client", "list")
    assert "School MIS" in capsys.readouterr().out
    call_command("api_client", "revoke", key.split(".")[0])
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/cases/").status_code == 401
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="No active key"):
        call_command("api_client", "revoke", key.split(".")[0])
    with pytest.raises(CommandError, match="No organisation"):
        call_command(
            "api_client",
            "create",
            "--name",
            "x",
            "--organisation",
            "999999",
            "--scopes",
            "cases:read",
        )
    with pytest.raises(CommandError, match="Unknown scopes"):
        call_command(
            "api_client", "create", "--name", "x", "--organisation", "10001234", "--scopes", "all"
        )
