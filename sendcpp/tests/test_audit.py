"""Row history of every change (bulk updates too), append-only logs, and nobody editing them."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.db.utils import ProgrammingError

from sendcpp.models import AccessLog, Case, CaseEvent
from sendcpp.timeline import record_case_event


def test_every_change_to_a_case_is_in_its_history_including_bulk_updates(world):
    before = world.case.history.count()
    Case.objects.filter(pk=world.case.pk).update(stage="assessment")
    Case.objects.filter(team=world.case.team).update(next_due_label="Bulk change")
    history = list(world.case.history.order_by("pgh_id").values_list("stage", "next_due_label"))
    assert len(history) == before + 2
    assert history[-2][0] == "assessment"
    assert history[-1][1] == "Bulk change"


def test_the_timeline_cannot_be_changed_or_deleted(world):
    event = record_case_event(case=world.case, kind="note_added", by=world.coordinator)
    with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
        CaseEvent.objects.filter(pk=event.pk).update(summary="rewritten")
    with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
        CaseEvent.objects.filter(pk=event.pk).delete()


def test_the_read_log_cannot_be_changed(world):
    from sendcpp.audit import record_read

    record_read(world.coordinator, child_id=world.case.child_id, case=world.case, what="case")
    with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
        AccessLog.objects.update(what="nothing")


def test_unknown_event_kinds_are_refused(world):
    with pytest.raises(ValueError, match="Unknown case event kind"):
        record_case_event(case=world.case, kind="made_up", by=None)


def test_event_kinds_cannot_be_registered_twice_differently():
    from sendcpp.timeline import register_event_kinds

    register_event_kinds({"note_added": "Note added"})
    with pytest.raises(ValueError, match="already registered"):
        register_event_kinds({"note_added": "Something else"})


def test_history_names_the_user_who_made_a_change_through_the_web(world, client_for):
    client_for(world.coordinator).post(
        f"/cases/{world.case.public_id}/coordinator/", {"coordinator": world.teammate.pk}
    )
    latest = world.case.history.order_by("-pgh_id").first()
    assert latest.coordinator_id == world.teammate.pk
    assert latest.pgh_context.metadata["user"] == world.coordinator.pk


def test_reads_are_not_logged_for_anonymous_visitors(world):
    from django.contrib.auth.models import AnonymousUser

    from sendcpp.audit import record_read

    record_read(AnonymousUser(), child_id=world.case.child_id, case=None, what="case")
    assert not AccessLog.objects.exists()


# Outside a test's own transaction, as in production: a BEGIN and COMMIT would show.
@pytest.mark.django_db(transaction=True)
def test_a_page_that_reads_a_case_logs_it_in_one_statement(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.coordinator)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/cases/{world.case.public_id}/").status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    writes = [n for n, statement in enumerate(sql) if "sendcpp_accesslog" in statement]
    assert len(writes) == 1
    assert sql[writes[0]].startswith("INSERT")
    # No transaction opened around it: the one INSERT is atomic on its own.
    assert sql[writes[0] - 1] != "BEGIN"
    assert sql[writes[0] + 1 : writes[0] + 2] != ["COMMIT"]
    (entry,) = AccessLog.objects.filter(user=world.coordinator)
    assert (entry.case_id, entry.child_id, entry.what) == (
        world.case.pk,
        world.case.child_id,
        "case",
    )
