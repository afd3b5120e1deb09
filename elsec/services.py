"""Every write to ELSEC: one function per use-case, atomic, with the acting person as ``by``.
Each checks who may do it through ``sendcpp.access`` (refused looks like missing: Http404) and
the rule it enforces (a ``DomainError`` with a message for the person). Row history of every
change is kept by pghistory triggers on the models."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from elsec import selectors
from elsec.checklist import CHECKLIST, ITEM_KEYS
from elsec.models import (
    ChildRecord,
    CoachingVisit,
    Consent,
    EnvironmentAudit,
    Episode,
    EpisodeStatus,
    FundingPeriod,
    Pathfinder,
    PathfinderSetting,
    Phase,
    Referral,
    ReferralStatus,
    Screening,
    ScreeningTool,
    TrainingSession,
    WorkforceMember,
    WorkforceRole,
)
from elsec.workflow import EPISODE, REFERRAL
from sendcpp import access
from sendcpp.access import Action
from sendcpp.exceptions import DomainError, DuplicateSubmission
from sendcpp.models import Case, Child, Organisation, User

#: The kinds of organisation in the setting directory that can take part, by phase.
PHASE_KINDS = {
    Phase.EARLY_YEARS: {Organisation.Kind.EARLY_YEARS, Organisation.Kind.SCHOOL},
    Phase.PRIMARY: {Organisation.Kind.SCHOOL},
}
#: Who can employ the workforce: health bodies and the local authority.
EMPLOYER_KINDS = {Organisation.Kind.HEALTH, Organisation.Kind.LOCAL_AUTHORITY}


def _today() -> date:
    return timezone.localdate()


def _not_future(day: date, field: str, what: str) -> None:
    if day > _today():
        raise DomainError(f"{what} must be today or in the past", field=field)


def _require(user: User, queryset: QuerySet, record: object, action: Action) -> None:
    access.require(access.records_for(user, queryset.filter(pk=record.pk), action).exists())  # type: ignore[attr-defined]


def _lead(pathfinder: Pathfinder, by: User) -> None:
    _require(by, Pathfinder.objects.all(), pathfinder, Action.EDIT)


def _worker(setting: PathfinderSetting, by: User) -> WorkforceMember:
    """The acting person's place in the workforce covering ``setting`` (else Http404). The
    setting's row is locked until the change commits, so that the same thing sent twice at
    once is recorded once."""
    _require(by, PathfinderSetting.objects.all(), setting, Action.EDIT)
    PathfinderSetting.objects.select_for_update().filter(pk=setting.pk).first()
    return WorkforceMember.objects.get(pathfinder_id=setting.pathfinder_id, user=by)


def _record_worker(record: ChildRecord, by: User) -> WorkforceMember:
    _require(by, ChildRecord.objects.all(), record, Action.EDIT)
    return WorkforceMember.objects.get(pathfinder_id=record.pathfinder_id, user=by)


# --- The pathfinder's shape ------------------------------------------------------------------


@transaction.atomic
def set_up_pathfinder(*, name: str, area: str, starts_on: date, by: User) -> Pathfinder:
    access.require(access.may_create(by, Pathfinder))
    return Pathfinder.objects.create(
        name=name, area=area, starts_on=starts_on, local_authority_id=by.organisation_id
    )


@transaction.atomic
def add_funding_period(
    pathfinder: Pathfinder, *, name: str, starts_on: date, ends_on: date, by: User
) -> FundingPeriod:
    _lead(pathfinder, by)
    if ends_on < starts_on:
        raise DomainError("The end date must be on or after the start date", field="ends_on")
    overlapping = pathfinder.funding_periods.filter(starts_on__lte=ends_on, ends_on__gte=starts_on)
    if overlapping.exists():
        raise DomainError(
            f"This period overlaps “{overlapping.first()}”: funding periods cannot overlap",
            field="starts_on",
        )
    return FundingPeriod.objects.create(
        pathfinder=pathfinder, name=name, starts_on=starts_on, ends_on=ends_on
    )


@transaction.atomic
def add_setting(
    pathfinder: Pathfinder, *, organisation: Organisation, phase: str, joined_on: date, by: User
) -> PathfinderSetting:
    """Add a setting from the setting directory to the pathfinder."""
    _lead(pathfinder, by)
    if organisation.kind not in PHASE_KINDS[Phase(phase)]:
        raise DomainError(
            f"{organisation.name} is not an early years setting or primary school",
            field="organisation",
        )
    if pathfinder.settings.filter(organisation=organisation).exists():
        raise DomainError(f"{organisation.name} is already in the pathfinder", field="organisation")
    return PathfinderSetting.objects.create(
        pathfinder=pathfinder, organisation=organisation, phase=phase, joined_on=joined_on
    )


@transaction.atomic
def add_workforce_member(
    pathfinder: Pathfinder,
    *,
    user: User,
    role: str,
    employer: Organisation,
    settings: Iterable[PathfinderSetting],
    by: User,
) -> WorkforceMember:
    _lead(pathfinder, by)
    WorkforceRole(role)
    if employer.kind not in EMPLOYER_KINDS:
        raise DomainError("The employer must be a health body or the council", field="employer")
    # The workforce signs in as professionals, or as the council's own staff.
    own_staff = user.is_staff_member and user.organisation_id == pathfinder.local_authority_id
    if user.account_type != User.AccountType.PROFESSIONAL and not own_staff:
        raise DomainError(
            "Choose a professional's account or one of the council's staff", field="user"
        )
    if pathfinder.workforce.filter(user=user).exists():
        raise DomainError(f"{user.display_name} is already in the workforce", field="user")
    chosen = list(settings)
    if any(setting.pathfinder_id != pathfinder.pk for setting in chosen):
        raise DomainError("Choose settings in this pathfinder", field="settings")
    member = WorkforceMember.objects.create(
        pathfinder=pathfinder, user=user, role=role, employer=employer
    )
    member.settings.set(chosen)
    return member


@transaction.atomic
def set_coverage(
    member: WorkforceMember, *, settings: Iterable[PathfinderSetting], is_active: bool, by: User
) -> WorkforceMember:
    """Change the settings a member of the workforce covers, or stop their access."""
    _lead(member.pathfinder, by)
    chosen = list(settings)
    if any(setting.pathfinder_id != member.pathfinder_id for setting in chosen):
        raise DomainError("Choose settings in this pathfinder", field="settings")
    member.is_active = is_active
    member.save(update_fields=["is_active"])
    member.settings.set(chosen)
    return member


# --- Setting support (universal level) -------------------------------------------------------


@transaction.atomic
def record_training(
    setting: PathfinderSetting, *, held_on: date, topic: str, attendees: str, by: User
) -> TrainingSession:
    worker = _worker(setting, by)
    _not_future(held_on, "held_on", "The date of the session")
    names = [line.strip() for line in attendees.splitlines() if line.strip()]
    if not names:
        raise DomainError("Enter the names of the staff who attended", field="attendees")
    if setting.training_sessions.filter(held_on=held_on, topic__iexact=topic.strip()).exists():
        raise DuplicateSubmission("This training session is already recorded")
    return TrainingSession.objects.create(
        setting=setting,
        held_on=held_on,
        topic=topic.strip(),
        attendees="\n".join(names),
        delivered_by=worker,
    )


@transaction.atomic
def record_coaching_visit(
    setting: PathfinderSetting, *, visited_on: date, focus: str, by: User
) -> CoachingVisit:
    worker = _worker(setting, by)
    _not_future(visited_on, "visited_on", "The date of the visit")
    if setting.coaching_visits.filter(visited_on=visited_on, focus=focus.strip()).exists():
        raise DuplicateSubmission("This coaching visit is already recorded")
    return CoachingVisit.objects.create(
        setting=setting, visited_on=visited_on, focus=focus.strip(), delivered_by=worker
    )


@transaction.atomic
def record_audit(
    setting: PathfinderSetting,
    *,
    audited_on: date,
    items_in_place: Iterable[str],
    notes: str = "",
    by: User,
) -> EnvironmentAudit:
    """Record a communication-friendly setting audit: one point for each checklist item in
    place."""
    worker = _worker(setting, by)
    _not_future(audited_on, "audited_on", "The date of the audit")
    items = sorted(set(items_in_place))
    if not set(items) <= ITEM_KEYS:
        raise DomainError("Choose items from the checklist", field="items_in_place")
    if setting.audits.filter(audited_on=audited_on).exists():
        raise DuplicateSubmission(
            "An audit of this setting is already recorded for this date", field="audited_on"
        )
    return EnvironmentAudit.objects.create(
        setting=setting,
        audited_on=audited_on,
        items_in_place=items,
        score=len(items),
        max_score=len(CHECKLIST),
        notes=notes,
        audited_by=worker,
    )


# --- Children --------------------------------------------------------------------------------


@transaction.atomic
def add_child(
    setting: PathfinderSetting,
    *,
    first_name: str,
    last_name: str,
    date_of_birth: date,
    by: User,
) -> ChildRecord:
    """Start a child's ELSEC record at a setting the acting person covers."""
    _worker(setting, by)
    _not_future(date_of_birth, "date_of_birth", "The date of birth")
    if date_of_birth.year < _today().year - 12:
        raise DomainError(
            "ELSEC is for children in early years and primary school", field="date_of_birth"
        )
    pathfinder = setting.pathfinder
    same = setting.children.filter(
        child__legal_first_name__iexact=first_name.strip(),
        child__legal_last_name__iexact=last_name.strip(),
        child__date_of_birth=date_of_birth,
    )
    if same.exists():
        raise DuplicateSubmission("This child already has a record at this setting")
    child = Child.objects.create(
        legal_first_name=first_name.strip(),
        legal_last_name=last_name.strip(),
        date_of_birth=date_of_birth,
        responsible_la_id=pathfinder.local_authority_id,
        setting_id=setting.organisation_id,
    )
    return ChildRecord.objects.create(pathfinder=pathfinder, child=child, setting=setting)


@transaction.atomic
def record_consent(
    record: ChildRecord,
    *,
    given_by: str,
    given_on: date,
    share_with_send_service: bool,
    by: User,
) -> Consent:
    record = ChildRecord.objects.select_for_update().get(pk=record.pk)
    _record_worker(record, by)
    _not_future(given_on, "given_on", "The date consent was given")
    # One consent in force at a time: a change (say, to sharing) is a withdrawal, then a new one.
    if consent_in_force(record, given_on) is not None:
        raise DuplicateSubmission(
            "Consent is already in force on this date. To change what the parent agreed to, "
            "record that it was withdrawn first",
            field="given_on",
        )
    return Consent.objects.create(
        record=record,
        given_by=given_by.strip(),
        given_on=given_on,
        share_with_send_service=share_with_send_service,
        recorded_by=by,
    )


@transaction.atomic
def withdraw_consent(consent: Consent, *, withdrawn_on: date, by: User) -> Consent:
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    _record_worker(consent.record, by)
    _not_future(withdrawn_on, "withdrawn_on", "The date consent was withdrawn")
    if consent.withdrawn_on is not None:
        raise DomainError("This consent was already withdrawn")
    if withdrawn_on < consent.given_on:
        raise DomainError("Consent cannot be withdrawn before it was given", field="withdrawn_on")
    consent.withdrawn_on = withdrawn_on
    consent.save(update_fields=["withdrawn_on"])
    return consent


def consent_in_force(record: ChildRecord, day: date) -> Consent | None:
    """The latest consent in force on ``day``, if any."""
    for consent in record.consents.filter(given_on__lte=day).order_by("-given_on", "-id"):
        if consent.in_force_on(day):
            return consent
    return None


@transaction.atomic
def record_screening(
    record: ChildRecord,
    *,
    tool: ScreeningTool,
    screened_on: date,
    score: int,
    notes: str = "",
    after_episode: Episode | None = None,
    by: User,
) -> Screening:
    """Record a screening. Refused without the parent's consent in force on the day."""
    record = ChildRecord.objects.select_for_update().get(pk=record.pk)
    worker = _record_worker(record, by)
    _not_future(screened_on, "screened_on", "The date of the screening")
    consent = consent_in_force(record, screened_on)
    if consent is None:
        raise DomainError(
            "Record the parent's consent before screening: there is no consent for this date",
            field="screened_on",
        )
    if not tool.is_active:
        raise DomainError("This screening measure is no longer used", field="tool")
    if not tool.lowest_score <= score <= tool.highest_score:
        raise DomainError(
            f"The score must be between {tool.lowest_score} and {tool.highest_score}",
            field="score",
        )
    if after_episode is not None:
        if after_episode.record_id != record.pk:
            raise DomainError("Choose one of this child's support episodes", field="after_episode")
        if after_episode.starts_on > screened_on:
            raise DomainError(
                "A re-screening must be after the episode started", field="after_episode"
            )
    duplicate = record.screenings.filter(tool=tool, screened_on=screened_on, score=score)
    if duplicate.exists():
        raise DomainError("This screening is already recorded")
    return Screening.objects.create(
        record=record,
        setting=record.setting,
        tool=tool,
        screened_on=screened_on,
        score=score,
        at_expected_level=tool.at_expected_level(score),
        screened_by=worker,
        consent=consent,
        after_episode=after_episode,
        notes=notes,
    )


@transaction.atomic
def link_to_case(record: ChildRecord, *, case: Case, by: User) -> ChildRecord:
    """Staff working on ``case`` confirm that ``record`` (a possible match: same council, names
    and date of birth, shared with the SEND service) is the case's child: the record then
    belongs to that child."""
    access.require(access.can(by, Action.EDIT, case))
    record = ChildRecord.objects.select_for_update().get(pk=record.pk)
    if not selectors.possible_matches(case.child).filter(pk=record.pk).exists():
        raise DomainError("This early language record cannot be linked to this child")
    if ChildRecord.objects.filter(pathfinder=record.pathfinder, child=case.child).exists():
        raise DomainError("This child already has an early language record in this pathfinder")
    record.child = case.child
    record.save(update_fields=["child"])
    return record


# --- Targeted and specialist support ---------------------------------------------------------


def _require_consent(record: ChildRecord, day: date, field: str) -> None:
    if consent_in_force(record, day) is None:
        raise DomainError("The parent's consent is needed for this support", field=field)


@transaction.atomic
def start_episode(
    record: ChildRecord, *, programme: str, format: str, starts_on: date, by: User
) -> Episode:
    record = ChildRecord.objects.select_for_update().get(pk=record.pk)
    worker = _record_worker(record, by)
    _require_consent(record, starts_on, "starts_on")
    if record.episodes.filter(status=EpisodeStatus.ACTIVE, programme=programme.strip()).exists():
        raise DomainError("The child is already taking part in this programme", field="programme")
    return Episode.objects.create(
        record=record,
        setting=record.setting,
        programme=programme.strip(),
        format=format,
        starts_on=starts_on,
        started_by=worker,
    )


@transaction.atomic
def end_episode(episode: Episode, *, ends_on: date, sessions_attended: int, by: User) -> Episode:
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    _record_worker(episode.record, by)
    episode.status = EPISODE.check(episode.status, EpisodeStatus.ENDED)
    _not_future(ends_on, "ends_on", "The end date")
    if ends_on < episode.starts_on:
        raise DomainError("The end date must be on or after the start date", field="ends_on")
    episode.ends_on = ends_on
    episode.sessions_attended = sessions_attended
    episode.save(update_fields=["status", "ends_on", "sessions_attended"])
    return episode


@transaction.atomic
def refer(
    record: ChildRecord, *, service: str, referred_on: date, reason: str, by: User
) -> Referral:
    """Refer a child to the specialist speech and language therapy service."""
    record = ChildRecord.objects.select_for_update().get(pk=record.pk)
    worker = _record_worker(record, by)
    _not_future(referred_on, "referred_on", "The date of the referral")
    _require_consent(record, referred_on, "referred_on")
    if record.referrals.filter(status=ReferralStatus.WAITING).exists():
        raise DomainError("The child is already waiting for the specialist service")
    return Referral.objects.create(
        record=record,
        setting=record.setting,
        service=service.strip(),
        referred_on=referred_on,
        reason=reason,
        referred_by=worker,
    )


@transaction.atomic
def record_referral_outcome(
    referral: Referral, *, status: str, decided_on: date, outcome: str, by: User
) -> Referral:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _record_worker(referral.record, by)
    referral.status = REFERRAL.check(referral.status, ReferralStatus(status))
    _not_future(decided_on, "decided_on", "The date")
    if decided_on < referral.referred_on:
        raise DomainError("The date must be on or after the referral", field="decided_on")
    referral.decided_on = decided_on
    referral.outcome = outcome
    referral.save(update_fields=["status", "decided_on", "outcome"])
    return referral
