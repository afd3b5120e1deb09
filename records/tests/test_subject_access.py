"""Subject access: the bundle holds every kind of record about the child, nothing about another
child, withheld items and redacted words stay out, and the release meets the one-month clock."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest

from ehcp.tests.factories import final_issued
from records import services
from records.models import SubjectAccessStatus
from sendcpp import audit
from sendcpp.calendar import bank_holidays
from sendcpp.deadlines import subject_access_due
from sendcpp.exceptions import DomainError, TransitionNotAllowed
from sendcpp.models import Deadline, Notification
from sendcpp.tests.factories import DocumentFactory


def _everything_about(case, by, *, words: str):
    final_issued(case, by)
    DocumentFactory(
        case=case, title=f"School report {words}", file__data=f"Report {words}".encode()
    )
    Notification.objects.create(
        recipient=by, case=case, key=f"t:{case.pk}", subject="Plan issued", body=f"About {words}"
    )
    audit.record_read(by, child_id=case.child_id, case=case, what="case")


@pytest.fixture
def bundle_world(world):
    _everything_about(world.case, world.coordinator, words="Zebedee")
    _everything_about(world.other_case, world.other_team_coordinator, words="Quixote")
    request = services.record_subject_access_request(
        world.case,
        requester_name="Jo Parent",
        requester_relationship="Mother",
        received_on=date(2026, 12, 1),
        by=world.coordinator,
    )
    return world, request


def _files(request) -> dict[str, bytes]:
    with request.bundle.open("rb") as stored, zipfile.ZipFile(io.BytesIO(stored.read())) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_the_clock_is_the_deadline_engines(bundle_world):
    world, request = bundle_world
    deadline = Deadline.objects.get(rule="subject_access", subject=request.deadline_subject)
    assert deadline.due_on == subject_access_due(date(2026, 12, 1), bank_holidays())
    assert deadline.case == world.case


def test_the_bundle_holds_every_kind_and_nothing_about_another_child(bundle_world):
    world, request = bundle_world
    request = services.assemble_subject_access_bundle(request, by=world.coordinator)
    assert request.status == SubjectAccessStatus.ASSEMBLED
    kinds = {entry["kind"] for entry in request.index}
    assert kinds == {
        "Personal details",
        "Case record and timeline",
        "Plan version",
        "Decision letter",
        "Messages",
        "Document",
        "People recorded with the child",
        "Who has read the record",
    }
    files = _files(request)
    assert files["index.pdf"].startswith(b"%PDF-")
    everything = b"".join(content for name, content in files.items() if name != "index.pdf")
    everything = everything.lower()
    assert b"zebedee" in everything
    assert world.case.child.legal_last_name.lower().encode() in everything
    assert b"quixote" not in everything
    assert world.other_case.child.legal_last_name.lower().encode() not in everything
    assert world.other_case.reference.lower().encode() not in everything


def test_withheld_items_and_redacted_words_stay_out(bundle_world):
    world, request = bundle_world
    request = services.assemble_subject_access_bundle(request, by=world.coordinator)
    contacts = next(entry for entry in request.index if entry["key"] == "contacts")
    with pytest.raises(DomainError):
        services.assemble_subject_access_bundle(
            request, by=world.coordinator, withheld={"contacts": " "}
        )
    request = services.assemble_subject_access_bundle(
        request,
        by=world.coordinator,
        withheld={"contacts": "Another person's contact details"},
        redact_words="Zebedee",
    )
    files = _files(request)
    assert contacts["filename"] not in files
    assert b"Zebedee" not in b"".join(
        content for name, content in files.items() if name != "index.pdf"
    )


def test_the_release_is_recorded_and_meets_the_clock(bundle_world):
    world, request = bundle_world
    with pytest.raises(TransitionNotAllowed):
        services.release_subject_access_bundle(
            request, released_on=date(2026, 12, 8), method="Secure email", by=world.coordinator
        )
    request = services.assemble_subject_access_bundle(request, by=world.coordinator)
    request = services.release_subject_access_bundle(
        request, released_on=date(2026, 12, 8), method="Secure email", by=world.coordinator
    )
    assert request.released_by == world.coordinator
    deadline = Deadline.objects.get(rule="subject_access", subject=request.deadline_subject)
    assert deadline.met_on == date(2026, 12, 8)
    with pytest.raises(TransitionNotAllowed):
        services.assemble_subject_access_bundle(request, by=world.coordinator)


def test_nobody_else_can_work_on_the_request(bundle_world):
    world, request = bundle_world
    for who in (world.other_team_coordinator, world.other_la_manager, world.family):
        with pytest.raises(DomainError):
            services.assemble_subject_access_bundle(request, by=who)
    with pytest.raises(DomainError):
        services.record_subject_access_request(
            world.case,
            requester_name="X",
            requester_relationship="",
            received_on=date(2026, 12, 1),
            by=world.other_team_coordinator,
        )
