"""The demo and scale seeders, and the production configuration check."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from sendcpp.management.commands._scale_names import NamePicker, rare_surnames
from sendcpp.models import AccessLog, Case, Child, Deadline, Organisation, Relationship, Stage, User


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


def test_seed_scale_spreads_names_and_stages_as_a_real_authority(db):
    call_command("seed_scale", cases=600, region_settings=120)
    surnames = Counter(Child.objects.values_list("legal_last_name", flat=True))
    # Hundreds of distinct surnames: the commonest holds a few percent, not a fifth of children.
    assert len(surnames) > 250
    assert surnames.most_common(1)[0][1] < 600 * 0.05
    stages = Counter(Case.objects.values_list("stage", flat=True))
    assert stages[Stage.MAINTAINED] + stages[Stage.ANNUAL_REVIEW] > 600 / 2
    settings = Organisation.objects.exclude(kind__in=["la", "health", "social_care", "other"])
    assert settings.count() == 120
    assert settings.values("la_code").distinct().count() == 12
    assert not AccessLog.objects.exists()  # the access log is off unless asked for


def test_seed_scale_copies_its_built_cases_past_the_template(db):
    # 100 cases built through the ORM, 250 more copied by PostgreSQL from them.
    call_command("seed_scale", cases=350, region_settings=40, template=100)
    cases = list(Case.objects.order_by("id").select_related("child"))
    assert len(cases) == 350
    assert len({c.reference for c in cases}) == len({c.public_id for c in cases}) == 350
    assert len({c.child_id for c in cases}) == len({c.child.public_id for c in cases}) == 350
    built, copy = cases[7], cases[207]  # copy 2 of built case 7
    assert (copy.stage, copy.stage_order, copy.next_due_on, copy.coordinator_id) == (
        built.stage,
        built.stage_order,
        built.next_due_on,
        built.coordinator_id,
    )
    assert copy.reference == f"{built.reference[:-7]}{int(built.reference[-7:]) + 200:07d}"
    assert list(Deadline.objects.filter(case=copy).values_list("rule", "due_on")) == list(
        Deadline.objects.filter(case=built).values_list("rule", "due_on")
    )
    assert Relationship.objects.get(child=copy.child).full_name == (
        f"Parent {copy.child.legal_last_name}"
    )
    # The copies' children have names drawn afresh from the same spread.
    surnames = Counter(c.child.legal_last_name for c in cases[100:])
    assert len(surnames) > 120
    assert abs((copy.child.date_of_birth - built.child.date_of_birth).days) <= 30
    # Every copied row has its history row, as the insert trigger would have written.
    child_history = apps.get_model("sendcpp", "ChildEvent").objects
    case_history = apps.get_model("sendcpp", "CaseHistory").objects
    assert child_history.filter(pgh_obj_id=copy.child_id, pgh_label="insert").count() == 1
    assert case_history.filter(pgh_obj_id=copy.pk, pgh_label="insert").count() == 1
    assert case_history.count() == 350
    # The id sequences carry on after the copies: a case made the usual way still saves.
    call_command("seed_scale", cases=5, region_settings=40)
    assert Case.objects.count() == 355


def test_seed_scale_draws_the_same_names_every_run():
    def draw() -> list[tuple[str, str]]:
        picker = NamePicker(random.Random(50))
        return [(picker.first_name(), picker.surname()) for _ in range(200)]

    assert draw() == draw()
    assert len(rare_surnames()) > 2000


def test_seed_scale_writes_a_period_of_access_log_reads_on_request(db):
    call_command("seed_scale", cases=40, region_settings=20, access_log_days=30)
    reads = AccessLog.objects.all()
    # 80 reads a case a year is about 6 a case in 30 days, for each case with a coordinator.
    assert reads.count() == 6 * Case.objects.filter(coordinator__isnull=False).count()
    oldest = reads.order_by("at").first().at
    assert timezone.now() - oldest <= timedelta(days=30)
    assert set(reads.values_list("route", flat=True)) == {"sendcpp:case-detail"}


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
