"""Recording the panel's decisions (through the EHCP services for statutory ones), the family's
letters, and corrections."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from panels import quorum, selectors
from panels.letters import render_decision_letter_html
from panels.models import (
    OBSERVER_ROLES,
    AgendaItem,
    DecisionAmendment,
    DecisionKind,
    FundingBand,
    ItemStatus,
    MeetingStatus,
    Outcome,
    PanelDecision,
    PanelMeeting,
    SettingType,
)
from panels.services.common import (
    clean_text,
    lock_item,
    require_runs,
)
from panels.workflow import AGENDA_ITEM
from sendcpp import access
from sendcpp.exceptions import DomainError, TransitionNotAllowed
from sendcpp.models import EDUCATION_SETTING_KINDS, Audience, Case, Document, Organisation, User
from sendcpp.notifications import notify
from sendcpp.timeline import record_case_event, record_family_event

# --- Decisions ------------------------------------------------------------------------------------


def _cited(codes: Sequence[str], decision_kind: str) -> list[dict[str, str]]:
    criteria = {c.code: c for c in selectors.criteria_for(decision_kind).filter(code__in=codes)}
    if set(codes) - set(criteria):
        raise DomainError("Choose criteria from the list", field="criteria")
    return [
        {"code": c.code, "title": c.title, "reference": c.reference}
        for c in sorted(criteria.values(), key=lambda c: (c.position, c.code))
    ]


def _funding_details(
    item: AgendaItem, *, agreed: bool, band: FundingBand | None, decided_on: date
) -> dict[str, Any]:
    if not agreed:
        return {}
    if band is None:
        raise DomainError("Choose the funding band", field="band")
    if band.local_authority_id != item.case.local_authority_id or not band.is_in_force_on(
        decided_on
    ):
        raise DomainError(f"Choose a band in force on {decided_on:%-d %B %Y}", field="band")
    # The amount in force now is copied, so later tariff changes never alter this decision.
    return {"band": band, "band_name": band.name, "annual_amount": band.annual_tariff}


def _placement_details(
    *, agreed: bool, placement_type: str, setting: Organisation | None
) -> dict[str, Any]:
    if not agreed:
        return {}
    if placement_type not in SettingType.values:
        raise DomainError("Choose the type of setting", field="placement_type")
    if setting is not None and setting.kind not in EDUCATION_SETTING_KINDS:
        raise DomainError("Choose a school, college or other education setting", field="setting")
    return {"placement_type": placement_type, "setting": setting}


def _kind_details(
    item: AgendaItem,
    *,
    agreed: bool,
    band: FundingBand | None,
    placement_type: str,
    setting: Organisation | None,
    cease_reason: str,
    decided_on: date,
) -> dict[str, Any]:
    if item.decision_kind == DecisionKind.FUNDING:
        return _funding_details(item, agreed=agreed, band=band, decided_on=decided_on)
    if item.decision_kind == DecisionKind.PLACEMENT:
        return _placement_details(agreed=agreed, placement_type=placement_type, setting=setting)
    if item.decision_kind == DecisionKind.CEASE and agreed:
        return {
            "cease_reason": clean_text(
                cease_reason, field="cease_reason", message="Choose the reason the plan is stopping"
            )
        }
    return {}


def _update_case(
    item: AgendaItem, *, agreed: bool, reasons: str, decided_on: date, cease_reason: str, by: User
) -> None:
    """Move the case through the EHCP services: the one path for statutory decisions. The panel
    sends its own decision letter, so the EHCP service does not send a second one."""
    from ehcp import services as ehcp_services
    from letters.services import caller_sends_decision_letter

    case, kind = item.case, item.decision_kind
    common = {"reasons": reasons, "decided_on": decided_on, "by": by}
    with caller_sends_decision_letter():
        if kind == DecisionKind.ASSESS:
            ehcp_services.decide_whether_to_assess(case, agree=agreed, **common)
        elif kind == DecisionKind.ISSUE:
            ehcp_services.decide_whether_to_issue(case, issue=agreed, **common)
        elif kind == DecisionKind.REASSESS:
            ehcp_services.decide_reassessment(case, agree=agreed, **common)
        elif kind == DecisionKind.CEASE and agreed:
            ehcp_services.cease_plan(case, reason_code=cease_reason, **common)


def _reasons_for_case(reasons: str, cited: list[dict[str, str]]) -> str:
    if not cited:
        return reasons
    lines = "\n".join(f"- {c['title']} ({c['reference']})" for c in cited)
    return f"{reasons}\n\nCriteria considered:\n{lines}"


def _present(meeting: PanelMeeting, conflicted: set[int]) -> list[dict[str, Any]]:
    return [
        {
            "name": a.member.user.display_name,
            "role": a.member.role,
            "role_label": a.member.get_role_display(),
            "organisation": a.member.organisation.name if a.member.organisation else "",
            "is_chair": a.member.is_chair,
            "conflicted": a.member_id in conflicted,
            "counted": a.member.role not in OBSERVER_ROLES and a.member_id not in conflicted,
        }
        for a in selectors.attendance(meeting).filter(present=True)
    ]


def _store_letter(decision: PanelDecision, html: str, *, title: str, by: User) -> Document:
    document = Document(
        case=decision.case,
        kind=Document.Kind.LETTER,
        title=title,
        audience=Audience.FAMILY,
        original_filename=f"{title.lower().replace(' ', '-')}.html",
        content_type="text/html; charset=utf-8",
        size_bytes=len(html.encode()),
        uploaded_by=by,
    )
    document.file.save(f"{document.public_id}.html", ContentFile(html.encode()), save=False)
    document.save()
    return document


def _check_next_step(
    owner: User | None, due_on: date | None, *, case: Case, decided_on: date
) -> None:
    if owner is not None and (
        not access.is_la_staff(owner) or owner.organisation_id != case.local_authority_id
    ):
        raise DomainError(
            "Choose someone at the council to own the next step", field="next_step_owner"
        )
    if due_on is not None and due_on < decided_on:
        raise DomainError(
            "The next step's date must be on or after the decision", field="next_step_due_on"
        )


@transaction.atomic
def record_panel_decision(
    item: AgendaItem,
    *,
    outcome: str,
    reasons: str,
    by: User,
    criteria: Sequence[str] = (),
    dissent: str = "",
    next_steps: str = "",
    next_step_owner: User | None = None,
    next_step_due_on: date | None = None,
    band: FundingBand | None = None,
    placement_type: str = "",
    setting: Organisation | None = None,
    cease_reason: str = "",
) -> PanelDecision:
    """Record the panel's decision on an agenda item at a meeting in progress, with reasons,
    criteria, dissent, next steps and who was present; mark it if the panel was not quorate for
    it. A statutory decision moves the case through the EHCP services; every decision sends the
    family a plain-English letter (with appeal and mediation rights when appealable). Final once
    recorded: a correction is an amendment."""
    item = lock_item(item)
    meeting, case = item.meeting, item.case
    require_runs(by, meeting.panel)
    if meeting.status != MeetingStatus.IN_PROGRESS:
        raise TransitionNotAllowed("Start the meeting before recording decisions")
    decided = AGENDA_ITEM.check(
        item.status,
        ItemStatus.DECIDED,
        refusal=f"This item is already {item.get_status_display().lower()}",
    )
    conflicted = selectors.conflicted_member_ids(item)
    own = selectors.current_membership(by, meeting.panel)
    if own is not None and own.pk in conflicted:
        raise DomainError(
            "You declared a conflict of interest on this item: someone else must record it"
        )
    if outcome not in Outcome.values:
        raise DomainError("Choose the panel's decision", field="outcome")
    agreed = outcome == Outcome.AGREED
    reasons = clean_text(reasons, field="reasons", message="Enter the reasons for the decision")
    cited = _cited(list(criteria), item.decision_kind)
    decided_on = meeting.meeting_date
    _check_next_step(next_step_owner, next_step_due_on, case=case, decided_on=decided_on)
    details = _kind_details(
        item,
        agreed=agreed,
        band=band,
        placement_type=placement_type,
        setting=setting,
        cease_reason=cease_reason,
        decided_on=decided_on,
    )
    check = quorum.check_quorum(meeting.panel.kind, selectors.seats(meeting), conflicted)
    _update_case(
        item,
        agreed=agreed,
        reasons=_reasons_for_case(reasons, cited),
        decided_on=decided_on,
        cease_reason=details.get("cease_reason", ""),
        by=by,
    )
    decision = PanelDecision(
        item=item,
        case=case,
        kind=item.decision_kind,
        outcome=outcome,
        reasons=reasons,
        criteria=cited,
        dissent=(dissent or "").strip(),
        next_steps=(next_steps or "").strip(),
        next_step_owner=next_step_owner,
        next_step_due_on=next_step_due_on,
        present=_present(meeting, conflicted),
        is_quorate=check.is_quorate,
        quorum_problems=list(check.problems),
        decided_on=decided_on,
        request_received_on=case.request_received_on,
        primary_need=case.child.primary_need,
        age_at_decision=case.child.age_on(decided_on),
        recorded_by=by,
        **details,
    )
    decision.letter = _store_letter(
        decision, render_decision_letter_html(decision), title="Decision letter", by=by
    )
    decision.save()
    item.status = decided
    item.save(update_fields=["status"])
    _record_decision_events(decision, by=by)
    return decision


def _record_decision_events(decision: PanelDecision, *, by: User) -> None:
    case = decision.case
    quorate = "" if decision.is_quorate else " (the panel was not quorate)"
    record_case_event(
        case=case,
        kind="panel_decision_recorded",
        by=by,
        summary=f"Panel decision: {decision.outcome_label}{quorate}",
        decision=str(decision.public_id),
        is_quorate=decision.is_quorate,
    )
    if decision.kind in {DecisionKind.FUNDING, DecisionKind.PLACEMENT}:
        agreed = decision.outcome == Outcome.AGREED
        summary = {
            DecisionKind.FUNDING: f"Funding band agreed: {decision.band_name}"
            if agreed
            else "No top-up funding needed",
            DecisionKind.PLACEMENT: f"Type of setting agreed: {decision.get_placement_type_display()}"
            if agreed
            else "Type of setting not agreed yet",
        }[decision.kind]
        record_family_event(
            decision, "decision", kind=f"panel_{decision.kind}_decided", by=by, summary=summary
        )
    record_case_event(
        case=case,
        kind="panel_letter_issued",
        by=by,
        summary="Decision letter sent",
        audience=Audience.FAMILY,
        document=str(decision.letter.public_id),
    )
    if decision.next_step_owner is not None:
        notify(
            key=f"panels:next-step:{decision.public_id}",
            recipient=decision.next_step_owner,
            subject=f"Next step from panel on case {case.reference}",
            body=decision.next_steps or "The panel gave you the next step on this case.",
            case=case,
            link=reverse("panels:decision-detail", kwargs={"decision_id": decision.public_id}),
        )


@transaction.atomic
def amend_panel_decision(
    decision: PanelDecision,
    *,
    explanation: str,
    reasons: str,
    by: User,
    dissent: str = "",
    next_steps: str = "",
    next_step_owner: User | None = None,
    next_step_due_on: date | None = None,
) -> DecisionAmendment:
    """Correct how a recorded decision reads (its reasons, dissent or next steps). The original
    stays as it was; the family gets a corrected letter. The outcome cannot be amended: a changed
    decision is a new decision (for example after mediation)."""
    decision = PanelDecision.objects.select_related(
        "item__meeting__panel", "case__child", "case__local_authority"
    ).get(pk=decision.pk)
    require_runs(by, decision.item.meeting.panel)
    explanation = clean_text(
        explanation, field="explanation", message="Enter what is being corrected and why"
    )
    reasons = clean_text(reasons, field="reasons", message="Enter the reasons for the decision")
    _check_next_step(
        next_step_owner, next_step_due_on, case=decision.case, decided_on=decision.decided_on
    )
    current = selectors.decision_as_it_reads(decision)
    proposed = {
        "reasons": reasons,
        "dissent": (dissent or "").strip(),
        "next_steps": (next_steps or "").strip(),
        "next_step_owner": next_step_owner,
        "next_step_due_on": next_step_due_on,
    }
    if all(current[key] == value for key, value in proposed.items()):
        raise DomainError("Nothing has changed: correct the wording before saving")
    amendment = DecisionAmendment(
        decision=decision, explanation=explanation, recorded_by=by, **proposed
    )
    amendment.recorded_at = timezone.now()
    amendment.letter = _store_letter(
        decision,
        render_decision_letter_html(decision, amendment=amendment),
        title="Corrected decision letter",
        by=by,
    )
    amendment.save()
    record_case_event(
        case=decision.case,
        kind="panel_decision_amended",
        by=by,
        summary="Panel decision corrected: a corrected letter was sent",
        audience=Audience.FAMILY,
        decision=str(decision.public_id),
        document=str(amendment.letter.public_id),
    )
    return amendment
