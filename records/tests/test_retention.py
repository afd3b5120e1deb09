"""Retention and disposal: the monthly list of records past their retention date, nothing
destroyed without a named officer's approval, a legal hold stops it, and disposal leaves an
anonymous remainder and a destruction certificate."""

from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps
from django.db import models
from django.test import override_settings

from ehcp.models import Plan, PlanRow, PlanStatus
from ehcp.tests.factories import GOOD_ROW
from records import retention, services
from records.models import DisposalBatch, DisposalItem, DisposalStatus, DisposedCase
from sendcpp.exceptions import DomainError, DuplicateSubmission, TransitionNotAllowed
from sendcpp.models import CaseEvent, Child, Document, Relationship, Stage
from sendcpp.tests.factories import CaseFactory, DocumentFactory, RelationshipFactory

TODAY = date(2026, 12, 9)
SURNAME = "Featherstonehaugh"


def _old_case(world, *, born=date(1990, 5, 1), plan=True, stage=Stage.CEASED, surname=SURNAME):
    case = CaseFactory(
        team=world.case.team,
        stage=stage,
        closed_on=None if stage == Stage.MAINTAINED else date(2015, 7, 1),
        plan_issued_on=date(2005, 3, 1) if plan else None,
        child__date_of_birth=born,
        child__legal_last_name=surname,
        child__address="1 Long Lane",
    )
    RelationshipFactory(child=case.child, full_name=f"Pat {surname}", email="pat@example.org")
    DocumentFactory(case=case, title=f"Report about {surname}")
    CaseEvent.objects.create(case=case, kind="note_added", summary=f"Spoke to {surname}")
    if plan:
        made = Plan.objects.create(
            case=case,
            status=PlanStatus.CEASED,
            made_on=date(2005, 3, 1),
            history=f"{surname} likes trains",
        )
        PlanRow.objects.create(plan=made, **{**GOOD_ROW, "need": f"{surname} needs help"})
    return case


def _texts_mentioning(word: str) -> list[str]:
    """Every live row of every model whose text mentions ``word`` (the row history aside)."""
    from pghistory.models import Event

    found = []
    for model in apps.get_models():
        if issubclass(model, Event) or not model._meta.managed or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            text = isinstance(field, models.CharField | models.TextField)
            if text and model._default_manager.filter(**{f"{field.name}__icontains": word}):
                found.append(f"{model._meta.label}.{field.name}")
    return found


def test_the_schedule_is_configuration():
    assert retention.schedule()["ehc_case"].years == 31
    with override_settings(RECORDS_RETENTION={"ehc_case": 35}):
        assert retention.schedule()["ehc_case"].years == 35
    assert retention.add_years(date(2000, 2, 29), 31) == date(2031, 3, 1)


def test_the_monthly_job_lists_only_ended_cases_past_their_date_once(world):
    due = _old_case(world)  # plan: born 1990 + 31 = 2021
    no_plan = _old_case(world, born=date(2000, 6, 1), plan=False, stage=Stage.NOT_ASSESSED)  # +25
    _old_case(world, born=date(1996, 6, 1), surname="Young")  # plan: due 2027
    _old_case(world, born=date(1990, 1, 1), stage=Stage.MAINTAINED, surname="Open")  # not ended
    batches = services.list_due_disposals(today=TODAY)
    assert {(b.record_class, b.items.get().case_id) for b in batches} == {
        ("ehc_case", due.pk),
        ("no_plan_case", no_plan.pk),
    }
    assert services.list_due_disposals(today=TODAY) == []
    assert DisposalItem.objects.count() == 2


def test_nothing_is_destroyed_without_approval(world, django_capture_on_commit_callbacks):
    case = _old_case(world)
    (batch,) = services.list_due_disposals(today=TODAY)
    # The task run before approval does nothing.
    assert services.dispose_batch(batch.pk).status == DisposalStatus.LISTED
    assert Child.objects.get(pk=case.child_id).legal_last_name == SURNAME
    with pytest.raises(DomainError):
        services.approve_disposal(batch, by=world.coordinator)
    with pytest.raises(DomainError):
        services.approve_disposal(batch, by=world.other_la_manager)
    assert _texts_mentioning(SURNAME)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_disposal(batch, by=world.manager)
    batch.refresh_from_db()
    assert batch.status == DisposalStatus.DISPOSED
    assert batch.approved_by == world.manager
    assert (batch.disposed_count, batch.held_count) == (1, 0)
    assert _texts_mentioning(SURNAME) == []
    assert not Relationship.objects.filter(child=case.child, email="pat@example.org").exists()
    document = Document.objects.get(case=case)
    assert not document.file
    remainder = DisposedCase.objects.get(case=case)
    assert (remainder.birth_year, remainder.plan_made_year, remainder.final_stage) == (
        1990,
        2005,
        "ceased",
    )
    assert Child.objects.get(pk=case.child_id).date_of_birth == date(1990, 1, 1)
    # Approving again is refused.
    with pytest.raises(TransitionNotAllowed):
        services.approve_disposal(batch, by=world.manager)


def test_a_rejected_list_destroys_nothing_and_lists_again_next_month(world):
    _old_case(world)
    (batch,) = services.list_due_disposals(today=TODAY)
    with pytest.raises(DomainError):
        services.reject_disposal(batch, note=" ", by=world.manager)
    services.reject_disposal(batch, note="Check the list with legal", by=world.manager)
    assert services.dispose_batch(batch.pk).status == DisposalStatus.REJECTED
    assert _texts_mentioning(SURNAME)
    (again,) = services.list_due_disposals(today=date(2027, 1, 4))
    assert again.month == date(2027, 1, 1)


def test_a_legal_hold_stops_disposal_even_after_approval(world, django_capture_on_commit_callbacks):
    held = _old_case(world)
    other = _old_case(world, surname="Otherington")
    (batch,) = services.list_due_disposals(today=TODAY)
    hold = services.place_legal_hold(held, reason="Ombudsman complaint open", by=world.manager)
    with pytest.raises(DuplicateSubmission):
        services.place_legal_hold(held, reason="Again", by=world.manager)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_disposal(batch, by=world.manager)
    batch.refresh_from_db()
    assert (batch.disposed_count, batch.held_count) == (1, 1)
    assert Child.objects.get(pk=held.child_id).legal_last_name == SURNAME
    assert Child.objects.get(pk=other.child_id).legal_last_name == "Destroyed"
    assert not DisposedCase.objects.filter(case=held).exists()
    # Released, the case is listed again in a later month.
    services.release_legal_hold(hold, reason="Complaint closed", by=world.manager)
    (later,) = services.list_due_disposals(today=date(2027, 2, 1))
    assert later.items.get().case == held


def test_only_a_manager_places_a_hold(world):
    case = _old_case(world)
    with pytest.raises(DomainError):
        services.place_legal_hold(case, reason="x", by=world.coordinator)
    with pytest.raises(DomainError):
        services.place_legal_hold(case, reason="x", by=world.other_la_manager)
    assert DisposalBatch.objects.count() == 0
