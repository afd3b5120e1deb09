"""Caseload migration: the whole file is checked first (problems by row and column, nothing
created), a dry run reports what would be created and which deadlines open, the import creates
every record with the right open deadlines, and importing again creates nothing."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import Workbook

from ehcp.models import Plan, PlanStatus
from records import migration, services
from records.models import MigratedCase, MigrationRun, MigrationStatus
from records.tests.factories import caseload_csv, caseload_rows
from sendcpp.deadlines import annual_review_due, assessment_decision_due, final_plan_due
from sendcpp.exceptions import DomainError, TransitionNotAllowed
from sendcpp.models import Case, Child, Deadline, Relationship


def _run(world, content: bytes, filename: str = "caseload.csv") -> MigrationRun:
    return services.check_caseload_file(filename, content, by=world.manager)


def _import(world, run: MigrationRun, django_capture_on_commit_callbacks) -> MigrationRun:
    with django_capture_on_commit_callbacks(execute=True):
        services.start_caseload_import(run, by=world.manager)
    run.refresh_from_db()
    return run


def test_the_template_has_the_layout_and_one_example_row():
    lines = migration.template_csv().splitlines()
    assert lines[0].split(",") == list(migration.COLUMNS)
    assert len(lines) == 2
    assert lines[1].startswith("EHC-004512,Sam,Example")


def test_a_large_file_with_one_bad_row_is_refused_naming_it(world):
    rows = caseload_rows(20_000)
    rows[12_344]["date_of_birth"] = "31/02/2015"
    run = _run(world, caseload_csv(rows))
    assert run.status == MigrationStatus.REFUSED
    assert run.rows == 20_000
    assert run.problems == [
        {
            "row": 12_346,
            "column": "date_of_birth",
            "message": "Must be a real date written as YYYY-MM-DD or DD/MM/YYYY",
        }
    ]
    assert not Case.objects.filter(migrated_from__isnull=False).exists()
    assert Child.objects.count() == 2  # the world's own


def test_every_kind_of_problem_is_named(world):
    rows = caseload_rows(6)
    rows[0]["council_id"] = ""
    rows[1]["team"] = "Nowhere team"
    rows[2]["stage"] = "ceased"
    rows[3]["plan_made_on"] = ""
    rows[4]["council_id"] = rows[5]["council_id"]
    rows[5]["contact_email"] = "not an email"
    run = _run(world, caseload_csv(rows))
    assert {(problem["row"], problem["column"]) for problem in run.problems} == {
        (2, "council_id"),
        (3, "team"),
        (4, "stage"),
        (5, "plan_made_on"),
        (7, "council_id"),
        (7, "contact_email"),
    }


def test_a_missing_column_and_an_unreadable_file_are_refused(world):
    run = _run(world, b"council_id,first_name\nA,B\n")
    assert {problem["column"] for problem in run.problems} >= {"last_name", "team", "stage"}
    assert _run(world, b"\xff\xfe\x00bad").problems[0]["row"] == 0
    assert (
        _run(world, b"junk", filename="caseload.xlsx")
        .problems[0]["message"]
        .startswith("The file is not a readable Excel")
    )


def test_the_dry_run_reports_what_would_be_created_and_what_is_overdue(world):
    run = _run(world, caseload_csv(caseload_rows(8)))
    assert run.status == MigrationStatus.CHECKED
    report = run.report
    assert report["cases"] == 8
    assert report["plans"] == 4  # drafting and maintained
    rules = {line["rule"]: line["count"] for line in report["deadlines"]}
    assert rules == {
        "Decide whether to carry out an assessment": 2,
        "Issue the final plan": 4,
        "Review the plan": 2,
    }
    assert report["overdue"] == len(report["overdue_rows"]) > 0
    assert not Case.objects.filter(migrated_from__isnull=False).exists()


def test_the_import_creates_the_caseload_with_its_open_deadlines(
    world, django_capture_on_commit_callbacks
):
    rows = caseload_rows(8)
    run = _import(world, _run(world, caseload_csv(rows)), django_capture_on_commit_callbacks)
    assert run.status == MigrationStatus.DONE
    assert services.import_progress(run) == 8
    migrated = {m.council_id: m.case for m in MigratedCase.objects.select_related("case")}
    assert len(migrated) == 8
    request = migrated["OLD-000000"]
    assert request.stage == "request"
    deadline = Deadline.objects.get(case=request)
    assert deadline.rule == "assessment_decision"
    assert deadline.due_on == assessment_decision_due(
        date.fromisoformat(rows[0]["request_received_on"])
    )
    assert request.next_due_on == deadline.due_on
    assessment = migrated["OLD-000001"]
    assert Deadline.objects.get(case=assessment).due_on == final_plan_due(
        date.fromisoformat(rows[1]["request_received_on"])
    )
    assert Plan.objects.get(case=migrated["OLD-000002"]).status == PlanStatus.DRAFTING
    maintained = migrated["OLD-000003"]
    plan = Plan.objects.get(case=maintained)
    assert plan.status == PlanStatus.FINAL
    assert plan.made_on == date.fromisoformat(rows[3]["plan_made_on"])
    assert Deadline.objects.get(case=maintained).due_on == annual_review_due(
        date.fromisoformat(rows[3]["plan_made_on"]), date(2026, 3, 2)
    )
    assert Relationship.objects.filter(child=maintained.child, full_name="Parent 3").exists()
    assert maintained.team.name == "North team"


def test_importing_again_creates_nothing_and_new_ids_are_added(
    world, django_capture_on_commit_callbacks
):
    rows = caseload_rows(4)
    _import(world, _run(world, caseload_csv(rows)), django_capture_on_commit_callbacks)
    again = _run(world, caseload_csv(rows + caseload_rows(2, start=100)))
    assert again.report["cases"] == 2
    assert again.report["already_imported"] == 4
    _import(world, again, django_capture_on_commit_callbacks)
    assert MigratedCase.objects.count() == 6
    # Starting a finished run again is refused; the task run again does nothing.
    with pytest.raises(TransitionNotAllowed):
        services.start_caseload_import(again, by=world.manager)
    assert services.import_caseload(again.pk).status == MigrationStatus.DONE
    assert MigratedCase.objects.count() == 6


def test_a_run_overtaken_by_another_import_creates_nothing(
    world, django_capture_on_commit_callbacks
):
    rows = caseload_rows(4)
    first = _run(world, caseload_csv(rows))
    second = _run(world, caseload_csv(rows))
    _import(world, first, django_capture_on_commit_callbacks)
    before = Case.objects.count()
    second = _import(world, second, django_capture_on_commit_callbacks)
    assert second.status == MigrationStatus.FAILED
    assert "imported since the file was checked" in second.problems[0]["message"]
    assert Case.objects.count() == before


def test_an_xlsx_file_is_read_like_a_csv(world):
    book = Workbook()
    sheet = book.active
    rows = caseload_rows(3)
    sheet.append(list(migration.COLUMNS))
    for row in rows:
        values = [row[name] for name in migration.COLUMNS]
        values[migration.COLUMNS.index("date_of_birth")] = date.fromisoformat(row["date_of_birth"])
        sheet.append(values)
    import io

    out = io.BytesIO()
    book.save(out)
    run = _run(world, out.getvalue(), filename="caseload.xlsx")
    assert run.status == MigrationStatus.CHECKED, run.problems
    assert run.report["cases"] == 3


def test_only_a_manager_imports_the_caseload(world):
    with pytest.raises(DomainError):
        services.check_caseload_file("c.csv", caseload_csv(caseload_rows(1)), by=world.coordinator)
    run = _run(world, caseload_csv(caseload_rows(1)))
    with pytest.raises(DomainError):
        services.start_caseload_import(run, by=world.other_la_manager)


SEN2_XML = b"""<?xml version='1.0' encoding='utf-8'?>
<Message>
  <Header><CollectionDetails><Collection>SEN2</Collection><Year>2026</Year></CollectionDetails></Header>
  <Persons>
    <Person>
      <Surname>Okafor</Surname><Forename>Ada</Forename><PersonBirthDate>2015-03-02</PersonBirthDate>
      <Sex>F</Sex>
      <Requests>
        <ReceivedDate>2023-01-10</ReceivedDate><RequestOutcome>A</RequestOutcome>
        <Assessment><AssessmentOutcome>Y</AssessmentOutcome>
          <NamedPlan><StartDate>2023-05-30</StartDate></NamedPlan></Assessment>
        <ActivePlans><SENneed><SENtype>ASD</SENtype><SENtypeRank>1</SENtypeRank></SENneed></ActivePlans>
      </Requests>
    </Person>
    <Person>
      <Surname>Brown</Surname><Forename>Ben</Forename><PersonBirthDate>2017-13-01</PersonBirthDate>
      <Requests><ReceivedDate>2026-10-01</ReceivedDate></Requests>
    </Person>
    <Person>
      <Surname>Cole</Surname><Forename>Cy</Forename><PersonBirthDate>2016-06-01</PersonBirthDate>
      <Requests><ReceivedDate>2025-02-01</ReceivedDate><RequestOutcome>N</RequestOutcome></Requests>
    </Person>
  </Persons>
</Message>"""


def test_a_sen2_return_is_read_with_problems_by_xml_path(world, django_capture_on_commit_callbacks):
    team = world.case.team
    refused = services.check_caseload_file("sen2.xml", SEN2_XML, team=team, by=world.manager)
    assert refused.status == MigrationStatus.REFUSED
    assert refused.problems == [
        {
            "row": 2,
            "column": "Message/Persons/Person[2]/PersonBirthDate",
            "message": "Must be a real date written as YYYY-MM-DD or DD/MM/YYYY",
        }
    ]
    fixed = SEN2_XML.replace(b"2017-13-01", b"2017-12-01")
    assert (
        services.check_caseload_file("sen2.xml", fixed, by=world.manager).problems[0]["column"]
        == "team"
    )
    run = _run_with_team = services.check_caseload_file(
        "sen2.xml", fixed, team=team, by=world.manager
    )
    assert run.report["cases"] == 2  # the request decided against is not open
    run = _import(world, _run_with_team, django_capture_on_commit_callbacks)
    assert run.status == MigrationStatus.DONE
    ada = MigratedCase.objects.get(council_id="SEN2-Okafor-2015-03-02-2023-01-10").case
    assert ada.stage == "maintained"
    assert ada.child.primary_need == "ASD"
    assert Plan.objects.get(case=ada).made_on == date(2023, 5, 30)
