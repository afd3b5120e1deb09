"""The audit trail as a data protection officer uses it: who changed what about a child, when and
through which route; who viewed the child's record; one council only; CSV; unalterable."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sendcpp import audit
from sendcpp.api.authentication import issue_api_client
from sendcpp.models import AccessLog, Case
from sendcpp.tests.factories import (
    CaseFactory,
    DocumentFactory,
    LocalAuthorityFactory,
    StaffFactory,
)

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def elsewhere(world):
    """A second council with its own case, coordinator and manager."""
    return CaseFactory(team__local_authority=world.other_la_manager.organisation)


def _changes(manager, **filters):
    return audit.change_rows(audit.changes_for(manager, audit.AuditFilters(**filters)))


def _latest_case_change(manager, case):
    rows = [r for r in _changes(manager, child=case.child) if r.record == "Case"]
    return rows[0]


# --- Who acted, and through which route --------------------------------------------------------


def test_a_change_through_a_page_names_the_person_and_the_route(world, client_for, frozen):
    response = client_for(world.coordinator).post(
        f"/cases/{world.case.public_id}/coordinator/", {"coordinator": world.teammate.pk}
    )
    assert response.status_code == 302
    change = _latest_case_change(world.manager, world.case)
    assert change.actor == world.coordinator.display_name
    assert change.route == "Web page"
    assert change.route_name == "sendcpp:assign-coordinator"
    assert ("Coordinator", world.coordinator.display_name, world.teammate.display_name) in (
        change.changes
    )
    # Stored as ids and names, never the URL with its ids.
    latest = world.case.history.order_by("-pgh_id").first()
    assert latest.pgh_context.metadata["user"] == world.coordinator.pk
    assert "url" not in latest.pgh_context.metadata
    assert str(world.case.public_id) not in str(latest.pgh_context.metadata)


def test_a_change_through_a_partner_key_names_the_key(world, frozen):
    client, key = issue_api_client(
        name="LA case system", organisation=world.la, scopes=["cases:read", "cases:write"]
    )
    response = Client(HTTP_AUTHORIZATION=f"Bearer {key}").post(
        "/api/v1/ehcp/requests/",
        {"case": str(world.case.public_id), "source": "health", "received_on": "2026-11-20"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    rows = _changes(world.manager, child=world.case.child)
    added = next(r for r in rows if r.action == "added" and "request" in r.record.lower())
    assert added.actor == "Partner system: LA case system"
    assert added.route == "Partner API key"
    assert added.route_name.endswith("-list")
    # Using a key is not itself a change: no history row per call.
    assert not [
        r for r in _changes(world.manager) if r.record == "Partner key" and r.action == "changed"
    ]
    assert audit.changes_for(world.manager, audit.AuditFilters(api_client=client)).count() >= 1


def test_a_change_from_a_background_task_names_the_task(world):
    from ehcp.documents import PLAN_VERSION_PDF
    from ehcp.tests.factories import draft_issued
    from sendcpp.tasks import render_pdf

    # Issuing the draft stores its PDF as a pending document of the case; the task makes it.
    # (The family's own windows no longer move the case's next due date, so closing an appeal
    # window changes no tracked row: the PDF is the background change here.)
    with time_machine.travel(datetime(2026, 9, 10, 10, tzinfo=ZoneInfo("Europe/London"))):
        version = draft_issued(world.case, world.coordinator)
    with time_machine.travel(NOW, tick=False):
        assert render_pdf.delay(PLAN_VERSION_PDF, version.pk).get() in {"ready", "already ready"}
    rows = _changes(world.manager, child=world.case.child)
    by_task = [r for r in rows if r.route == "Background task"]
    assert by_task
    assert all(r.actor == "Automatic task" for r in by_task)
    assert {r.route_name for r in by_task} == {"sendcpp.tasks.render_pdf"}
    opened = next(r for r in rows if r.action == "added" and "document" in r.record.lower())
    assert opened.route == "Not recorded"  # called directly, outside any request or task


def test_changes_are_in_plain_words_with_old_and_new_values(world, frozen):
    Case.objects.filter(pk=world.case.pk).update(next_due_on=date(2026, 12, 3))
    change = _latest_case_change(world.manager, world.case)
    assert change.record == "Case"
    assert change.action == "changed"
    assert [c[0] for c in change.changes] == ["Next statutory deadline date"]
    assert change.changes[0][2] == "3 Dec 2026"
    assert "sendcpp." not in change.summary


def test_changes_in_a_row_to_one_record_each_say_what_that_change_did(world):
    # Each event on a page is compared with the one just before it, which may be on the page too
    # (read once for both) or only before it; another record's changes in between do not count.
    for day in (3, 4, 5):
        Case.objects.filter(pk=world.case.pk).update(next_due_on=date(2026, 12, day))
        Case.objects.filter(pk=world.other_case.pk).update(next_due_on=date(2026, 11, day))
    cases = [r for r in audit.changes_for(world.manager, audit.AuditFilters()) if r[5]]
    updates = [r for r in cases if r[1] == "sendcpp.CaseHistory" and r[3] == "update"]
    page = updates[:3]  # newest first: both cases' last change, and one case's change before
    assert [r[5] for r in page] == [world.other_case.pk, world.case.pk, world.other_case.pk]
    assert [r.changes for r in audit.change_rows(page)] == [
        [("Next statutory deadline date", "4 Nov 2026", "5 Nov 2026")],
        [("Next statutory deadline date", "4 Dec 2026", "5 Dec 2026")],
        [("Next statutory deadline date", "3 Nov 2026", "4 Nov 2026")],
    ]


def test_secrets_and_long_text_are_shown_changed_without_their_values(world):
    client, _key = issue_api_client(name="Warehouse", organisation=world.la, scopes=[])
    type(client).objects.filter(pk=client.pk).update(key_hash="0" * 64, name="Renamed")
    rows = [
        r for r in _changes(world.manager) if r.record == "Partner key" and r.action == "changed"
    ]
    changes = {label: (old, new) for label, old, new in rows[0].changes}
    assert changes["Key hash"] == ("", "")
    assert changes["Name"] == ("Warehouse", "Renamed")


# --- One council only ---------------------------------------------------------------------------


def test_a_manager_sees_only_their_own_councils_changes_and_reads(world, elsewhere, client_for):
    Case.objects.filter(pk__in=[world.case.pk, elsewhere.pk]).update(next_due_label="Moved")
    audit.record_read(world.coordinator, child_id=world.case.child_id, case=world.case, what="case")
    audit.record_read(
        world.other_la_manager, child_id=elsewhere.child_id, case=elsewhere, what="case"
    )
    mine = {r.case for r in _changes(world.manager) if r.case}
    theirs = {r.case for r in _changes(world.other_la_manager) if r.case}
    assert world.case in mine
    assert elsewhere not in mine
    assert elsewhere in theirs
    assert world.case not in theirs
    assert list(
        audit.reads_for(world.manager, audit.AuditFilters()).values_list("case", flat=True)
    ) == [world.case.pk]
    page = client_for(world.manager).get("/audit/?tab=changes").content.decode()
    assert world.case.reference in page
    assert elsewhere.reference not in page
    page = client_for(world.manager).get("/audit/").content.decode()
    assert elsewhere.child.full_name not in page


def test_another_councils_child_cannot_be_asked_for(world, elsewhere, client_for):
    response = client_for(world.manager).get(f"/audit/?tab=changes&child={elsewhere.reference}")
    assert response.status_code == 200
    assert "Enter a case reference or child ID from your council" in response.content.decode()
    response = client_for(world.manager).get(f"/audit/?child={elsewhere.child.public_id}")
    assert "Enter a case reference or child ID from your council" in response.content.decode()


@pytest.mark.parametrize(
    "who", ["coordinator", "administrator", "family", "professional", "setting_user"]
)
def test_only_managers_read_the_audit_log(world, client_for, who):
    client = client_for(getattr(world, who))
    assert client.get("/audit/").status_code == 404
    assert client.get("/audit/export/").status_code == 404


# --- Filters ------------------------------------------------------------------------------------


def test_filters_by_child_person_and_date_range(world, client_for):
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("Europe/London"))):
        audit.record_read(
            world.coordinator, child_id=world.case.child_id, case=world.case, what="case"
        )
    with time_machine.travel(datetime(2026, 3, 20, 9, tzinfo=ZoneInfo("Europe/London"))):
        audit.record_read(
            world.teammate, child_id=world.case.child_id, case=world.case, what="case"
        )
        audit.record_read(
            world.other_team_coordinator,
            child_id=world.other_case.child_id,
            case=world.other_case,
            what="case",
        )
    f = audit.AuditFilters
    assert audit.reads_for(world.manager, f(child=world.case.child)).count() == 2
    assert audit.reads_for(world.manager, f(user=world.teammate)).get().user == world.teammate
    in_march = f(since=date(2026, 3, 1), until=date(2026, 3, 2))
    assert audit.reads_for(world.manager, in_march).get().user == world.coordinator

    client = client_for(world.manager)
    with time_machine.travel(NOW, tick=False):
        page = client.get(
            "/audit/",
            {
                "child": world.case.reference,
                "person": f"user:{world.teammate.public_id}",
                "date_from-day": "20",
                "date_from-month": "3",
                "date_from-year": "2026",
                "date_to-day": "20",
                "date_to-month": "3",
                "date_to-year": "2026",
            },
        ).content.decode()
    assert world.teammate.display_name in page
    assert world.other_team_coordinator.display_name not in page.split("<table")[1]
    # Looking at a child's audit trail is itself logged as a read of their record.
    assert AccessLog.objects.filter(user=world.manager, what="audit trail").count() == 1


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"date_from-day": "31", "date_from-month": "2", "date_from-year": "2026"},
            "Date from must be a real date",
        ),
        ({"date_from-day": "3", "date_from-year": "2026"}, "Date from must include a month"),
        (
            {
                "date_from-day": "3",
                "date_from-month": "3",
                "date_from-year": "2026",
                "date_to-day": "1",
                "date_to-month": "3",
                "date_to-year": "2026",
            },
            "Date to must be the same as or after date from",
        ),
    ],
)
def test_bad_dates_get_a_clear_message_and_no_rows(world, client_for, query, message):
    audit.record_read(world.coordinator, child_id=world.case.child_id, case=world.case, what="case")
    response = client_for(world.manager).get("/audit/", query)
    body = response.content.decode()
    assert "There is a problem" in body
    assert message in body
    assert "No records viewed match." in body


# --- Reads: one entry per view, with what was viewed -------------------------------------------


def test_a_case_page_view_is_logged_once_with_its_route(world, client_for):
    client_for(world.coordinator).get(f"/cases/{world.case.public_id}/")
    entry = AccessLog.objects.get()
    assert (entry.user, entry.case, entry.what, entry.via) == (
        world.coordinator,
        world.case,
        "case",
        "web",
    )
    assert entry.route == "sendcpp:case-detail"


def test_a_document_download_is_logged_once_as_that_document(world, client_for):
    document = DocumentFactory(case=world.case, title="Educational psychology advice")
    client_for(world.coordinator).get(f"/documents/{document.public_id}/")
    entry = AccessLog.objects.get()
    assert (entry.what, entry.item) == ("document", "Educational psychology advice")


def test_a_plan_page_is_logged_once_as_the_plan_not_also_as_the_case(world, client_for):
    from ehcp.tests import factories as ehcp_factories

    plan = ehcp_factories.drafting(world.case, world.coordinator)
    before = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client_for(world.coordinator).get(f"/ehcp/plans/{plan.public_id}/")
    assert response.status_code == 200
    logged = AccessLog.objects.filter(pk__gt=before)
    assert list(logged.values_list("what", "case", "route")) == [
        ("plan", world.case.pk, "ehcp:plan")
    ]


def test_an_advice_request_page_is_logged_once_as_the_advice(world, client_for):
    from ehcp.tests import factories as ehcp_factories

    ehcp_factories.agreed_to_assess(world.case, world.coordinator)
    advice = ehcp_factories.advice_asked(world.case, world.coordinator)
    before = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client_for(world.coordinator).get(f"/ehcp/advice/{advice.public_id}/")
    assert response.status_code == 200
    logged = AccessLog.objects.filter(pk__gt=before)
    assert list(logged.values_list("what", "case")) == [("advice request", world.case.pk)]


def test_a_partner_key_read_is_logged_as_api(world, partner_keys):
    _client, key = partner_keys["la_reader"]
    response = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(
        f"/api/v1/cases/{world.case.public_id}/"
    )
    assert response.status_code == 200
    entry = AccessLog.objects.get()
    assert (entry.api_client, entry.via, entry.what) == (
        partner_keys["la_reader"][0],
        "api",
        "case",
    )
    assert entry.route


def test_reads_outside_a_request_are_written_at_once(world):
    audit.record_read(
        world.coordinator, child_id=world.case.child_id, case=None, what="child record"
    )
    assert AccessLog.objects.get().what == "child record"


# --- CSV export ---------------------------------------------------------------------------------


def _csv(response):
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_changes_export_has_a_header_and_the_same_rows(world, client_for, elsewhere):
    Case.objects.filter(pk=world.case.pk).update(next_due_label='=HYPERLINK("http://x")')
    Case.objects.filter(pk=elsewhere.pk).update(next_due_label="Elsewhere")
    rows = _csv(
        client_for(world.manager).get(
            "/audit/export/", {"tab": "changes", "child": world.case.reference}
        )
    )
    assert rows[0][:4] == ["When", "Who", "Route", "Route name"]
    body = rows[1:]
    assert body
    assert all(row[4] == world.case.child.full_name for row in body)
    assert world.case.reference in {row[5] for row in body}
    label = next(row for row in body if row[8] == "Next statutory deadline")
    assert label[10].startswith("'=")  # formula injection neutralised
    assert not any("Elsewhere" in cell for row in body for cell in row)


def test_the_reads_export_is_streamed_and_formula_safe(world, client_for):
    world.coordinator.first_name = "@Sam"
    world.coordinator.save()
    audit.record_read(world.coordinator, child_id=world.case.child_id, case=world.case, what="case")
    response = client_for(world.manager).get("/audit/export/")
    rows = _csv(response)
    assert rows[0] == [
        "When",
        "Who",
        "Child",
        "Case reference",
        "What was viewed",
        "Which",
        "Route",
    ]
    assert rows[1][1].startswith("'@Sam")
    assert rows[1][3] == world.case.reference


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "plain"])
def test_csv_cells_starting_a_formula_are_quoted(value):
    assert audit.csv_safe(value) == (value if value == "plain" else f"'{value}")


# --- Unalterable --------------------------------------------------------------------------------


def test_every_history_table_refuses_update_and_delete(world):
    Case.objects.filter(pk=world.case.pk).update(next_due_label="Changed")
    event = world.case.history.order_by("-pgh_id").first()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        type(event).objects.filter(pk=event.pk).update(next_due_label="Rewritten")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        type(event).objects.filter(pk=event.pk).delete()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = %s",
            [audit.APPEND_ONLY_TRIGGER],
        )
        protected = {row[0] for row in cursor.fetchall()}
    assert {m._meta.db_table for m in audit.event_models()} | {"pghistory_context"} <= protected


def test_who_acted_cannot_be_rewritten(world, client_for):
    client_for(world.coordinator).post(
        f"/cases/{world.case.public_id}/coordinator/", {"coordinator": world.teammate.pk}
    )
    context = world.case.history.order_by("-pgh_id").first().pgh_context
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        type(context).objects.filter(pk=context.pk).update(metadata={"user": world.manager.pk})
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        type(context).objects.filter(pk=context.pk).delete()


def test_the_read_log_refuses_delete(world):
    audit.record_read(world.coordinator, child_id=world.case.child_id, case=world.case, what="case")
    with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
        AccessLog.objects.all().delete()


# --- The registry -------------------------------------------------------------------------------


def test_every_tracked_model_is_tied_to_a_council_or_declared_shared():
    unscoped = [
        m.pgh_tracked_model._meta.label
        for m in audit.event_models()
        if audit.scope_for(m).la is None and not audit.labels_for(m).shared
    ]
    assert unscoped == []


def test_every_tracked_model_with_a_case_is_tied_to_its_child():
    for model in audit.event_models():
        scope = audit.scope_for(model)
        if scope.case is not None:
            assert scope.child is not None, model


def test_a_new_council_sees_nothing(world):
    Case.objects.filter(pk=world.case.pk).update(next_due_label="Changed")
    newcomer = StaffFactory(
        organisation=LocalAuthorityFactory(name="New Council"), profile__role="manager"
    )
    # Only the newcomer's own staff record: nothing of the first council.
    seen = _changes(newcomer)
    assert [(r.record, r.action, r.child) for r in seen] == [("Staff role", "added", None)]
    assert audit.changes_for(world.manager, audit.AuditFilters()).count() > 0


def test_the_case_page_links_managers_to_the_childs_audit_trail(world, client_for):
    link = f"/audit/?tab=changes&amp;child={world.case.child.public_id}"
    assert link in client_for(world.manager).get(f"/cases/{world.case.public_id}/").content.decode()
    page = client_for(world.coordinator).get(f"/cases/{world.case.public_id}/").content.decode()
    assert link not in page
    followed = client_for(world.manager).get(
        "/audit/", {"tab": "changes", "child": str(world.case.child.public_id)}
    )
    assert "There is a problem" not in followed.content.decode()
    assert world.case.reference in followed.content.decode()


@pytest.mark.parametrize("tab", ["changes", "reads"])
def test_audit_page_queries_do_not_grow_with_rows(world, client_for, tab):
    from django.test.utils import CaptureQueriesContext

    from sendcpp.tests.factories import RelationshipFactory

    def add(n):
        for _ in range(n):
            case = CaseFactory(team=world.case.team, coordinator=world.coordinator)
            RelationshipFactory(child=case.child)
            DocumentFactory(case=case)
            Case.objects.filter(pk=case.pk).update(coordinator=world.teammate)
            audit.record_read(world.coordinator, child_id=case.child_id, case=case, what="case")

    client = client_for(world.manager)
    add(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/audit/?tab={tab}").status_code == 200
    add(20)
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"/audit/?tab={tab}").status_code == 200
    # A page costs two queries per kind of record on it, never one per row.
    assert len(many) <= len(few) <= 25


def test_the_first_actor_named_stays_and_later_details_are_added(world):
    with audit.acting(audit.ROUTE_PAGE, actor=world.coordinator):
        Case.objects.filter(pk=world.case.pk).update(next_due_label="First")
        # Details learnt later are added to the stored context; a second person never
        # replaces the first (the database would refuse it anyway).
        audit.route_resolved("sendcpp:case-detail")
        audit.person_signed_in(world.manager)
        Case.objects.filter(pk=world.case.pk).update(next_due_label="Second")
    metadata = world.case.history.order_by("-pgh_id").first().pgh_context.metadata
    assert metadata["user"] == world.coordinator.pk
    assert metadata["route_name"] == "sendcpp:case-detail"


def test_shared_records_show_only_changes_by_the_councils_own_people(world):
    from sendcpp.models import Organisation

    with audit.acting(audit.ROUTE_PAGE, "admin:sendcpp_organisation_change", world.coordinator):
        Organisation.objects.filter(pk=world.school.pk).update(name="Riverside Academy")
    with audit.acting(
        audit.ROUTE_PAGE, "admin:sendcpp_organisation_change", world.other_la_manager
    ):
        Organisation.objects.filter(pk=world.school.pk).update(name="Riverside Academy Trust")

    def renames(manager):
        return [
            change.changes
            for change in _changes(manager)
            if change.record == "Organisation" and change.action == "changed"
        ]

    assert renames(world.manager) == [[("Name", "Riverside Primary School", "Riverside Academy")]]
    assert renames(world.other_la_manager) == [
        [("Name", "Riverside Academy", "Riverside Academy Trust")]
    ]


def test_an_api_list_logs_each_child_it_shows_once(world, partner_keys):
    from django.test import Client

    from sendcpp.models import AccessLog

    client = Client(HTTP_AUTHORIZATION=f"Bearer {partner_keys['la_reader'][1]}")
    assert client.get("/api/v1/cases/").status_code == 200
    logged = AccessLog.objects.filter(api_client=partner_keys["la_reader"][0])
    assert {(log.child_id, log.case_id) for log in logged} == {
        (world.case.child_id, world.case.pk),
        (world.other_case.child_id, world.other_case.pk),
    }
    assert {log.what for log in logged} == {"case list"}
    assert logged.count() == 2


def test_several_reads_are_written_whole_in_one_statement(world, partner_keys):
    """Several reads in one request (the API's list of cases) are written in one INSERT, each
    entry whole: who (a key or a person), the child and case, what, how, the route and one
    time for all; long words cut to their columns' lengths."""
    from sendcpp.audit import _Read, _write

    client, key = partner_keys["la_reader"]
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/cases/").status_code == 200
    listed = AccessLog.objects.filter(api_client=client)
    assert {(e.user_id, e.what, e.via, e.route) for e in listed} == {
        (None, "case list", "api", "api-case-list")
    }
    assert listed.count() == 2
    assert len({entry.at for entry in listed}) == 1
    before = list(AccessLog.objects.values_list("pk", flat=True))

    reads = [
        _Read(world.coordinator, world.case.child_id, world.case.pk, "case", "x" * 300),
        _Read(client, world.other_case.child_id, None, "child record", ""),
    ]
    with CaptureQueriesContext(connection) as queries:
        _write(reads, route_name="r" * 150, via="web")
    assert len(queries) == 1
    written = AccessLog.objects.exclude(pk__in=before).order_by("id")
    assert list(written.values_list("user", "api_client", "child", "case", "what", "via")) == [
        (world.coordinator.pk, None, world.case.child_id, world.case.pk, "case", "web"),
        (None, client.pk, world.other_case.child_id, None, "child record", "api"),
    ]
    assert [len(e.item) for e in written] == [200, 0]
    assert {len(e.route) for e in written} == {100}
