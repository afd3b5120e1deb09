"""Placements: where a child is educated (main and dual placements, day or residential), and
alternative provision in the three-tier model with its reintegration reviews (spec 4.10)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse

from placements.models import (
    ApTier,
    Consultation,
    Placement,
    ProvisionType,
    ReintegrationReview,
    ResidentialPattern,
    SenSetting,
    Setting,
)
from placements.services.casework import acting_user, notify_coordinator, require
from sendcpp.access import Action, Actor
from sendcpp.exceptions import DomainError, TransitionNotAllowed
from sendcpp.models import EDUCATION_SETTING_KINDS, Case, Organisation
from sendcpp.timeline import record_family_event


def _check_where(setting: Organisation | None, sen_setting: str) -> None:
    if (setting is None) == (not sen_setting):
        raise DomainError(
            "Choose a setting, or a SEN2 setting code when no setting applies", field="setting"
        )
    if setting is not None and setting.kind not in EDUCATION_SETTING_KINDS:
        raise DomainError("Choose a school, college or other education setting", field="setting")
    if sen_setting and sen_setting not in SenSetting.values:
        raise DomainError("Choose a SEN2 setting code from the list", field="sen_setting")


#: Mainstream schools: where tier 1 support is given, and where no tier 2 or 3 placement is.
MAINSTREAM = frozenset(
    {ProvisionType.MAINSTREAM, ProvisionType.RESOURCED, ProvisionType.INDEPENDENT}
)


def _check_ap(
    *,
    ap_tier: int | None,
    starts_on: date,
    home_setting: Organisation | None,
    planned_return_on: date | None,
    next_review_on: date | None,
    provision_type: str = "",
) -> None:
    if ap_tier is None:
        if home_setting or planned_return_on or next_review_on:
            raise DomainError(
                "A home school, return date and reviews apply only to alternative provision",
                field="ap_tier",
            )
        return
    if ap_tier not in ApTier.values:
        raise DomainError("Choose the alternative provision tier", field="ap_tier")
    if ap_tier == ApTier.TIME_LIMITED and planned_return_on is None:
        raise DomainError(
            "A time-limited (tier 2) placement needs a planned return date",
            field="planned_return_on",
        )
    if planned_return_on is not None and planned_return_on <= starts_on:
        raise DomainError("The return date must be after the start", field="planned_return_on")
    if ap_tier in {ApTier.TIME_LIMITED, ApTier.TRANSITIONAL} and next_review_on is None:
        raise DomainError("Set the date of the first reintegration review", field="next_review_on")
    if next_review_on is not None and next_review_on < starts_on:
        raise DomainError("The review must be on or after the start", field="next_review_on")
    _check_tier_setting(ap_tier, home_setting, provision_type)


def _check_tier_setting(
    ap_tier: int, home_setting: Organisation | None, provision_type: str
) -> None:
    """Tier 1 is support in the pupil's own mainstream school; tiers 2 and 3 are placements
    away from the mainstream school, never at one."""
    if ap_tier == ApTier.TIME_LIMITED and home_setting is None:
        raise DomainError("Choose the home school the pupil is to return to", field="home_setting")
    if ap_tier == ApTier.TARGETED_SUPPORT and home_setting is None:
        raise DomainError(
            "Choose the mainstream school where the targeted support (tier 1) is given",
            field="home_setting",
        )
    if ap_tier in {ApTier.TIME_LIMITED, ApTier.TRANSITIONAL} and provision_type in MAINSTREAM:
        raise DomainError(
            "A tier 2 or tier 3 placement is in alternative provision: choose an alternative "
            "provision setting, or record this as a placement without a tier",
            field="setting",
        )


def _provision_type(setting: Organisation | None, provision_type: str) -> str:
    if provision_type:
        if provision_type not in ProvisionType.values:
            raise DomainError("Choose the type of placement from the list", field="provision_type")
        return provision_type
    entry = Setting.objects.filter(organisation=setting).first() if setting else None
    return entry.provision_type if entry else ""


@transaction.atomic
def record_placement(
    case: Case,
    *,
    starts_on: date,
    by: Actor,
    setting: Organisation | None = None,
    sen_setting: str = "",
    rank: int = 1,
    provision_type: str = "",
    sen_unit: bool = False,
    resourced_provision: bool = False,
    residential: str = ResidentialPattern.DAY,
    ap_tier: int | None = None,
    home_setting: Organisation | None = None,
    planned_return_on: date | None = None,
    next_review_on: date | None = None,
    consultation: Consultation | None = None,
) -> Placement:
    """Record where the child is (or will be) educated. Rank 1 is the main placement; a dual
    placement gets rank 2 (SEN2 PlacementRank). One current placement per rank: end the old
    one first. Alternative provision records its tier; tier 2 needs a planned return date and a
    home school, and tiers 2 and 3 a first reintegration review date."""
    Case.objects.select_for_update(no_key=True, of=("self",)).get(pk=case.pk)
    require(by, Action.EDIT, case, "You cannot record placements on this case")
    _check_where(setting, sen_setting)
    if not 1 <= rank <= 9:
        raise DomainError("The placement rank must be between 1 and 9", field="rank")
    if residential not in ResidentialPattern.values:
        raise DomainError("Choose day or residential", field="residential")
    provision_type = _provision_type(setting, provision_type)
    _check_ap(
        ap_tier=ap_tier,
        starts_on=starts_on,
        home_setting=home_setting,
        planned_return_on=planned_return_on,
        next_review_on=next_review_on,
        provision_type=provision_type,
    )
    if Placement.objects.filter(case=case, rank=rank, ends_on__isnull=True).exists():
        raise TransitionNotAllowed(
            "The child already has a current placement of this rank: end it first, or record "
            "this one as a dual placement (rank 2)"
        )
    if consultation is not None and consultation.case_id != case.pk:
        raise DomainError("Choose a consultation on this case", field="consultation")
    placement = Placement.objects.create(
        case=case,
        setting=setting,
        sen_setting=sen_setting if setting is None else "",
        rank=rank,
        provision_type=provision_type,
        sen_unit=sen_unit,
        resourced_provision=resourced_provision,
        residential=residential,
        starts_on=starts_on,
        ap_tier=ap_tier,
        home_setting=home_setting,
        planned_return_on=planned_return_on,
        next_review_on=next_review_on,
        consultation=consultation,
        created_by=acting_user(by),
    )
    where = setting.name if setting else placement.get_sen_setting_display()
    record_family_event(
        placement,
        "placement",
        kind="placements_placement_recorded",
        by=by,
        summary=f"Placement recorded: {where} from {starts_on:%-d %B %Y}",
    )
    return placement


def _end(placement: Placement, *, ends_on: date, reason: str) -> None:
    if ends_on < placement.starts_on:
        raise DomainError("The end date must be on or after the start", field="ends_on")
    Placement.objects.filter(pk=placement.pk).update(ends_on=ends_on, end_reason=reason[:200])
    placement.ends_on = ends_on
    placement.end_reason = reason[:200]


@transaction.atomic
def end_placement(placement: Placement, *, ends_on: date, reason: str, by: Actor) -> Placement:
    """The placement ends (the child left, moved on or returned to their home school)."""
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("case", "setting")
        .get(pk=placement.pk)
    )
    require(by, Action.EDIT, placement.case, "You cannot change placements on this case")
    if not placement.is_current:
        raise TransitionNotAllowed("This placement has already ended")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Give the reason the placement ended", field="reason")
    _end(placement, ends_on=ends_on, reason=reason)
    record_family_event(
        placement,
        "placement",
        kind="placements_placement_ended",
        by=by,
        summary=f"Placement ended: {placement}",
    )
    return placement


@transaction.atomic
def record_reintegration_review(
    placement: Placement,
    *,
    reviewed_on: date,
    outcome: str,
    by: Actor,
    notes: str = "",
    next_review_on: date | None = None,
    planned_return_on: date | None = None,
) -> ReintegrationReview:
    """Review an alternative provision placement: continue it (with the next review date),
    extend it to a new return date, or end it because the pupil returns to their home school
    or moves on."""
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("case__coordinator", "setting", "home_setting")
        .get(pk=placement.pk)
    )
    case = placement.case
    require(by, Action.EDIT, case, "You cannot review placements on this case")
    if not placement.is_alternative_provision or not placement.is_current:
        raise TransitionNotAllowed("Only a current alternative provision placement is reviewed")
    if outcome not in ReintegrationReview.Outcome.values:
        raise DomainError("Choose the outcome of the review", field="outcome")
    if reviewed_on < placement.starts_on:
        raise DomainError("The review must be on or after the start", field="reviewed_on")
    ends = outcome in {ReintegrationReview.Outcome.RETURN, ReintegrationReview.Outcome.MOVE_ON}
    if not ends and (next_review_on is None or next_review_on <= reviewed_on):
        raise DomainError("Set the date of the next review, after this one", field="next_review_on")
    if outcome == ReintegrationReview.Outcome.EXTEND and (
        planned_return_on is None or planned_return_on <= reviewed_on
    ):
        raise DomainError("Set the new return date, after the review", field="planned_return_on")
    review = ReintegrationReview.objects.create(
        placement=placement,
        reviewed_on=reviewed_on,
        outcome=outcome,
        notes=(notes or "").strip(),
        next_review_on=None if ends else next_review_on,
        reviewed_by=acting_user(by),
    )
    if ends:
        _end(placement, ends_on=reviewed_on, reason=review.get_outcome_display())
    else:
        changes = {"next_review_on": next_review_on}
        if outcome == ReintegrationReview.Outcome.EXTEND:
            changes["planned_return_on"] = planned_return_on
        Placement.objects.filter(pk=placement.pk).update(**changes)
    record_family_event(
        placement,
        "placement",
        kind="placements_reintegration_reviewed",
        by=by,
        summary=f"Alternative provision reviewed: {review.get_outcome_display().lower()}",
    )
    if ends:
        notify_coordinator(
            case,
            key=f"placements:ap-ended:{placement.pk}",
            subject=f"Alternative provision ended on case {case.reference}",
            body=review.get_outcome_display(),
            link=reverse("placements:case", kwargs={"case_id": case.public_id}),
        )
    return review
