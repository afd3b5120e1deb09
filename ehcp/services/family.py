"""The family's voice: their views, comments on the draft, the setting they prefer."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ehcp.models import (
    DraftComment,
    FamilyView,
    Plan,
    PlanStatus,
    PlanVersion,
    SettingPreference,
)
from ehcp.services.casework import (
    acting_user,
    case_link,
    clean_text,
    current_date,
    lock_case,
    lock_plan,
    notify_coordinator,
    require,
    require_decision_maker,
)
from ehcp.services.plans import latest_sent_version
from sendcpp import access, clock
from sendcpp import services as sendcpp_services
from sendcpp.access import Action, Actor
from sendcpp.exceptions import DomainError, TransitionNotAllowed
from sendcpp.models import (
    EDUCATION_SETTING_KINDS,
    Audience,
    Case,
    Organisation,
    Stage,
)
from sendcpp.timeline import record_case_event

#: Whole broad areas: no longer offered (comments name section B, E or F of an area).
WHOLE_AREAS = frozenset(
    {
        DraftComment.Section.COMMUNICATION,
        DraftComment.Section.COGNITION,
        DraftComment.Section.SEMH,
        DraftComment.Section.SENSORY,
    }
)

#: The most files given with one set of views.
MAX_VIEW_FILES = 5


# --- The family's voice ---------------------------------------------------------------------------


@transaction.atomic
def record_family_view(
    case: Case,
    *,
    about: str,
    text: str,
    by: Actor,
    how_gathered: str = "",
    files: Sequence[UploadedFile] = (),
) -> FamilyView:
    """The child's or young person's own views, or the parent's, for section A of the plan, in
    words or as pictures, short recordings or videos, or documents (``files``: checked and stored
    as staff uploads are; all or nothing). Words or at least one file are needed."""
    case = lock_case(case)
    require(by, Action.CONTRIBUTE, case, "You cannot add views on this case")
    if about not in FamilyView.About.values:
        raise DomainError("Choose whose views these are", field="about")
    if case.stage in {Stage.CLOSED, Stage.CEASED}:
        raise TransitionNotAllowed("This case has ended")
    if len(files) > MAX_VIEW_FILES:
        raise DomainError(f"Choose {MAX_VIEW_FILES} files or fewer", field="files")
    words = (text or "").strip()
    if not files:
        words = clean_text(text, field="text", message="Enter the views, or add a file")
    view = FamilyView.objects.create(
        case=case,
        about=about,
        text=words,
        how_gathered=(how_gathered or "").strip()[:300],
        given_by=acting_user(by),
    )
    person = acting_user(by)
    for number, upload in enumerate(files, start=1):
        if person is None:
            raise DomainError("Only a person can add files", field="files")
        title = f"{view.get_about_display()}, {timezone.localdate():%-d %B %Y}"
        try:
            document = sendcpp_services.add_contributed_document(
                case,
                upload=upload,
                title=title if len(files) == 1 else f"{title} ({number})",
                by=person,
            )
        except DomainError as error:
            raise DomainError(f"{upload.name}: {error.message}", field="files") from error
        view.attachments.add(document)
    record_case_event(
        case=case,
        kind="ehcp_family_view_added",
        by=by,
        summary=f"{view.get_about_display()} added",
        audience=Audience.FAMILY,
    )
    if access.is_family(by):
        notify_coordinator(
            case,
            key=f"ehcp:family-view:{view.public_id}",
            subject=f"New views from the family on case {case.reference}",
            body="The family added their views for the plan.",
            link=case_link(case),
        )
    return view


def _open_window(plan: Plan, *, what: str) -> PlanVersion:
    if plan.status not in {PlanStatus.DRAFT_ISSUED, PlanStatus.AMENDMENT_ISSUED}:
        raise TransitionNotAllowed(f"There is no draft plan to {what} at the moment")
    sent = latest_sent_version(plan)
    if sent is None or not sent.window_open_on(current_date()):
        closed = f" ended on {sent.comments_close_on:%-d %B %Y}" if sent else " has ended"
        raise DomainError(
            f"The time to {what}{closed}. Contact your coordinator if you still want to tell us "
            "something."
        )
    return sent


def _finish_commenting(plan: Plan, *, by: Actor) -> None:
    if plan.family_response_complete_at is not None:
        return
    Plan.objects.filter(pk=plan.pk).update(family_response_complete_at=timezone.now())
    for rule in ("draft_plan_comments", "amendment_comments"):
        clock.meet_deadline(plan.case, rule=rule, met_on=current_date(), by=acting_user(by))
    record_case_event(
        case=plan.case, kind="ehcp_comments_finished", by=by, audience=Audience.FAMILY
    )


@transaction.atomic
def comment_on_draft(plan: Plan, *, section: str, text: str, by: Actor) -> DraftComment:
    """The family's comment on one section of the draft plan (reg 13(1): within the window)."""
    plan = lock_plan(plan)
    require(by, Action.CONTRIBUTE, plan.case, "You cannot comment on this plan")
    version = _open_window(plan, what="comment on the draft plan")
    if section not in DraftComment.Section.values or section in WHOLE_AREAS:
        raise DomainError("Choose the part of the plan you are commenting on", field="section")
    comment = DraftComment.objects.create(
        version=version,
        section=section,
        text=clean_text(text, field="text", message="Enter your comment"),
        given_by=acting_user(by),
    )
    record_case_event(
        case=plan.case,
        kind="ehcp_draft_commented",
        by=by,
        summary=f"Comment on the draft plan: {comment.get_section_display()}",
        audience=Audience.FAMILY,
    )
    notify_coordinator(
        plan.case,
        key=f"ehcp:comment:{comment.pk}",
        subject=f"The family commented on the draft plan for case {plan.case.reference}",
        body=comment.get_section_display(),
        link=reverse("ehcp:plan", kwargs={"plan_id": plan.public_id}),
    )
    return comment


@transaction.atomic
def state_setting_preference(
    plan: Plan,
    *,
    by: Actor,
    setting: Organisation | None = None,
    setting_name: str = "",
    reasons: str = "",
    wants_meeting: bool = False,
    finished_commenting: bool = False,
) -> SettingPreference:
    """The family asks for a particular school or college to be named (CFA s38(2)(b)), within
    the window after the draft was served; after it closes the request is refused with a clear
    message. Only the person who makes decisions on the case (a young person 16+ for
    themself) may ask."""
    plan = lock_plan(plan)
    require(by, Action.CONTRIBUTE, plan.case, "You cannot respond to this plan")
    require_decision_maker(by, plan.case, "ask for a school or college")
    version = _open_window(plan, what="ask for a school or college")
    if setting is not None and setting.kind not in EDUCATION_SETTING_KINDS:
        raise DomainError("Choose a school, college or other education setting", field="setting")
    setting_name = (setting_name or "").strip()
    if setting is None and not setting_name:
        raise DomainError("Choose a school or college, or enter its name", field="setting")
    preference = SettingPreference.objects.create(
        version=version,
        setting=setting,
        setting_name=setting_name or (setting.name if setting else ""),
        reasons=(reasons or "").strip(),
        wants_meeting=wants_meeting,
        given_by=acting_user(by),
    )
    record_case_event(
        case=plan.case,
        kind="ehcp_preference_stated",
        by=by,
        summary=f"Preferred setting: {preference.setting_name}",
        audience=Audience.FAMILY,
    )
    if finished_commenting:
        _finish_commenting(plan, by=by)
    notify_coordinator(
        plan.case,
        key=f"ehcp:preference:{preference.pk}",
        subject=f"The family said which setting they prefer for case {plan.case.reference}",
        body=preference.setting_name,
        link=reverse("ehcp:plan", kwargs={"plan_id": plan.public_id}),
    )
    return preference


@transaction.atomic
def finish_commenting(plan: Plan, *, by: Actor) -> Plan:
    """The family tells the LA they have finished commenting, so the final plan need not wait for
    the rest of the window."""
    plan = lock_plan(plan)
    require(by, Action.CONTRIBUTE, plan.case, "You cannot respond to this plan")
    require_decision_maker(by, plan.case, "say you have finished commenting")
    _open_window(plan, what="respond to the draft plan")
    _finish_commenting(plan, by=by)
    plan.refresh_from_db()
    return plan
