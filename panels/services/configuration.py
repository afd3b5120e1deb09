"""Configuring panels, their members, funding bands and decision criteria (SEND managers and
administrators of the LA)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from panels.models import (
    OBSERVER_ROLES,
    DecisionCriterion,
    DecisionKind,
    FundingBand,
    MeetingAttendance,
    MeetingStatus,
    MemberRole,
    Panel,
    PanelKind,
    PanelMember,
)
from panels.services.common import (
    clean_text,
    require_configure,
)
from sendcpp import access
from sendcpp.exceptions import DomainError, DuplicateSubmission
from sendcpp.models import Organisation, StaffProfile, User

# --- Panels and members ---------------------------------------------------------------------------


@transaction.atomic
def create_panel(
    *, local_authority: Organisation, name: str, kind: str, papers_days_before: int, by: User
) -> Panel:
    """Set up a panel for the LA (managers and administrators)."""
    require_configure(by, local_authority.pk)
    name = clean_text(name, field="name", message="Enter the panel's name")
    if kind not in PanelKind.values:
        raise DomainError("Choose what the panel decides", field="kind")
    if not 0 <= papers_days_before <= 28:
        raise DomainError(
            "Papers must be published between 0 and 28 days before", field="papers_days_before"
        )
    if Panel.objects.filter(local_authority=local_authority, name__iexact=name).exists():
        raise DuplicateSubmission("There is already a panel with this name", field="name")
    return Panel.objects.create(
        local_authority=local_authority, name=name, kind=kind, papers_days_before=papers_days_before
    )


@transaction.atomic
def update_panel(
    panel: Panel,
    *,
    by: User,
    name: str | None = None,
    kind: str | None = None,
    papers_days_before: int | None = None,
    is_active: bool | None = None,
) -> Panel:
    """Change a panel's settings. Meetings already held keep their decisions as recorded."""
    require_configure(by, panel.local_authority_id)
    if kind is not None and kind not in PanelKind.values:
        raise DomainError("Choose what the panel decides", field="kind")
    if papers_days_before is not None and not 0 <= papers_days_before <= 28:
        raise DomainError(
            "Papers must be published between 0 and 28 days before", field="papers_days_before"
        )
    changes = {
        "name": name.strip() if name is not None else None,
        "kind": kind,
        "papers_days_before": papers_days_before,
        "is_active": is_active,
    }
    for field, value in changes.items():
        if value is not None:
            setattr(panel, field, value)
    if not panel.name:
        raise DomainError("Enter the panel's name", field="name")
    panel.save()
    return panel


def _check_member_can_sit(panel: Panel, user: User) -> None:
    profile = getattr(user, "staff_profile", None) if access.is_la_staff(user) else None
    if (
        profile is None
        or not user.is_active
        or user.organisation_id != panel.local_authority_id
        or profile.role not in {StaffProfile.Role.PANEL_MEMBER, StaffProfile.Role.MANAGER}
    ):
        raise DomainError(
            "Only people with the panel member or SEND manager role at this council can sit on "
            "a panel. Ask an administrator to give them the panel member role.",
            field="user",
        )


@transaction.atomic
def add_panel_member(
    panel: Panel,
    *,
    user: User,
    role: str,
    by: User,
    organisation: Organisation | None = None,
    is_chair: bool = False,
) -> PanelMember:
    """Put someone on a panel, in a professional role. Making them chair replaces the chair."""
    require_configure(by, panel.local_authority_id)
    _check_member_can_sit(panel, user)
    if role not in MemberRole.values:
        raise DomainError("Choose the member's role on the panel", field="role")
    if is_chair and role in OBSERVER_ROLES:
        raise DomainError("An observer cannot chair the panel", field="is_chair")
    if PanelMember.objects.filter(panel=panel, user=user, left_on__isnull=True).exists():
        raise DuplicateSubmission(f"{user.display_name} is already on this panel", field="user")
    if is_chair:
        PanelMember.objects.filter(panel=panel, is_chair=True, left_on__isnull=True).update(
            is_chair=False
        )
    member = PanelMember.objects.create(
        panel=panel,
        user=user,
        role=role,
        organisation=organisation,
        is_chair=is_chair,
        receives_papers=role not in OBSERVER_ROLES,
    )
    for meeting in panel.meetings.filter(status=MeetingStatus.SCHEDULED):
        MeetingAttendance.objects.create(meeting=meeting, member=member)
    return member


@transaction.atomic
def make_chair(member: PanelMember, *, by: User) -> PanelMember:
    """Make a current member the panel's chair (the previous chair stays a member)."""
    require_configure(by, member.panel.local_authority_id)
    if member.left_on is not None:
        raise DomainError("This person is no longer on the panel")
    if member.is_observer:
        raise DomainError("An observer cannot chair the panel")
    PanelMember.objects.filter(panel=member.panel, is_chair=True, left_on__isnull=True).update(
        is_chair=False
    )
    member.is_chair = True
    member.save(update_fields=["is_chair"])
    return member


@transaction.atomic
def remove_panel_member(
    member: PanelMember, *, by: User, left_on: date | None = None
) -> PanelMember:
    """Take someone off a panel. Their past attendance and decisions stay as recorded."""
    require_configure(by, member.panel.local_authority_id)
    if member.left_on is not None:
        raise DomainError("This person has already left the panel")
    if member.is_chair:
        raise DomainError("Make someone else the chair before the chair leaves the panel")
    member.left_on = left_on or timezone.localdate()
    member.save(update_fields=["left_on"])
    MeetingAttendance.objects.filter(
        member=member, meeting__status=MeetingStatus.SCHEDULED
    ).delete()
    return member


# --- Bands and criteria ---------------------------------------------------------------------------


def _check_no_overlap(band: FundingBand) -> None:
    others = FundingBand.objects.filter(
        local_authority_id=band.local_authority_id, name__iexact=band.name
    ).exclude(pk=band.pk)
    for other in others:
        starts_before_other_ends = (
            other.effective_to is None or band.effective_from <= other.effective_to
        )
        ends_after_other_starts = (
            band.effective_to is None or band.effective_to >= other.effective_from
        )
        if starts_before_other_ends and ends_after_other_starts:
            raise DomainError(
                f"{band.name} already has a tariff from {other.effective_from:%-d %B %Y}"
                f"{f' to {other.effective_to:%-d %B %Y}' if other.effective_to else ''}. "
                "End that period first, or choose other dates.",
                field="effective_from",
            )


def _save_band(band: FundingBand) -> FundingBand:
    _check_no_overlap(band)
    try:
        with transaction.atomic():
            band.save()
    except IntegrityError as error:
        # Someone else saved an overlapping period at the same moment.
        raise DomainError(
            "These dates overlap another period of this band", field="effective_from"
        ) from error
    return band


@transaction.atomic
def create_funding_band(
    *,
    local_authority: Organisation,
    name: str,
    need_level: str,
    annual_tariff: Decimal,
    effective_from: date,
    by: User,
    descriptor: str = "",
    effective_to: date | None = None,
) -> FundingBand:
    """Add a band (or a new tariff period of a band) to the LA's banding framework. Periods of
    the same band never overlap."""
    require_configure(by, local_authority.pk)
    if annual_tariff is None or annual_tariff < 0:
        raise DomainError("Enter the annual tariff in pounds, 0 or more", field="annual_tariff")
    if effective_to is not None and effective_to < effective_from:
        raise DomainError("The end date must be on or after the start date", field="effective_to")
    band = FundingBand(
        local_authority=local_authority,
        name=clean_text(name, field="name", message="Enter the band's name"),
        need_level=clean_text(need_level, field="need_level", message="Enter the level of need"),
        descriptor=(descriptor or "").strip(),
        annual_tariff=annual_tariff,
        effective_from=effective_from,
        effective_to=effective_to,
        created_by=by,
    )
    return _save_band(band)


@transaction.atomic
def end_funding_band(band: FundingBand, *, effective_to: date, by: User) -> FundingBand:
    """Set the last day a band's tariff is in force (decisions already made keep their amount)."""
    band = FundingBand.objects.select_for_update().get(pk=band.pk)
    require_configure(by, band.local_authority_id)
    if effective_to < band.effective_from:
        raise DomainError("The end date must be on or after the start date", field="effective_to")
    if band.decisions.filter(decided_on__gt=effective_to).exists():
        raise DomainError(
            "Decisions after that date used this band: choose a later end date",
            field="effective_to",
        )
    band.effective_to = effective_to
    return _save_band(band)


@transaction.atomic
def add_decision_criterion(
    *, code: str, title: str, reference: str, decision_kinds: Sequence[str], by: User
) -> DecisionCriterion:
    """Add a criterion panels can cite in their reasons."""
    if not access.can_configure(by):
        raise DomainError("Only a SEND manager or an administrator can change the criteria")
    code = clean_text(code, field="code", message="Enter a short code").lower()
    if DecisionCriterion.objects.filter(code=code).exists():
        raise DuplicateSubmission("There is already a criterion with this code", field="code")
    kinds = [k for k in decision_kinds if k in DecisionKind.values]
    if not kinds or len(kinds) != len(decision_kinds):
        raise DomainError("Choose the decisions it applies to", field="decision_kinds")
    last = DecisionCriterion.objects.aggregate(last=Max("position"))["last"] or 0
    return DecisionCriterion.objects.create(
        code=code,
        title=clean_text(title, field="title", message="Enter the criterion"),
        reference=clean_text(
            reference,
            field="reference",
            message="Enter the Code of Practice paragraph or other source",
        ),
        decision_kinds=kinds,
        position=last + 1,
    )


@transaction.atomic
def set_criterion_active(
    criterion: DecisionCriterion, *, is_active: bool, by: User
) -> DecisionCriterion:
    """Offer (or stop offering) a criterion; decisions that cited it keep it as it read."""
    if not access.can_configure(by):
        raise DomainError("Only a SEND manager or an administrator can change the criteria")
    criterion.is_active = is_active
    criterion.save(update_fields=["is_active"])
    return criterion
