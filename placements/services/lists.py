"""Advisory Tailored Lists (spec 4.4): the coordinator draws one up from the directory with the
family during the assessment, publishes it (each published version frozen, with its PDF), the
family adds or asks about settings, says what matters to them and states a preference; families
who leave a list without a preference are followed up."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from ehcp import services as ehcp_services
from ehcp.models import Plan, PlanStatus
from placements import selectors
from placements.matching import assess
from placements.models import (
    NO_GUARANTEE,
    ProvisionType,
    Setting,
    TailoredList,
    TailoredListEntry,
    TailoredListVersion,
)
from placements.services.casework import (
    acting_user,
    notify_coordinator,
    require,
)
from sendcpp import access, pdf
from sendcpp.access import Action, Actor
from sendcpp.exceptions import DomainError, StaleEdit, TransitionNotAllowed
from sendcpp.models import Audience, Case, Document, Notification, Organisation, Stage
from sendcpp.notifications import notify, notify_family
from sendcpp.timeline import record_case_event

#: A family who has not stated a preference this many days after a list was published is
#: followed up by their coordinator (once per list).
FOLLOW_UP_AFTER_DAYS = 14

#: The family's rights, stated on every list (CFA 2014 s38(2)(b), s38(3), s39; CoP 9.78-9.79).
RIGHTS = (
    "You have the right to ask for a particular school or college to be named in the plan: a "
    "maintained school or nursery, an academy or free school (mainstream or special), a "
    "non-maintained special school, a further education or sixth form college, or an "
    "independent school or specialist college approved under section 41. The council must name "
    "it unless it is unsuitable for your child's age, ability, aptitude or special educational "
    "needs, or your child being there would be incompatible with the efficient education of "
    "others or the efficient use of resources."
)

#: Cases still in the journey before a plan is made: where a list is drawn up.
LIST_STAGES = frozenset(
    {
        Stage.REQUEST,
        Stage.ASSESSMENT,
        Stage.DRAFTING,
        Stage.DRAFT_ISSUED,
        Stage.CONSULTATION,
        Stage.ANNUAL_REVIEW,
    }
)


def _list_link(case: Case) -> str:
    return reverse("placements:tailored-list", kwargs={"case_id": case.public_id})


def _tell_coordinator_of_family_step(
    case: Case, *, kind: str, by: Actor, summary: str, key: str, what: str, body: str, link: str
) -> None:
    """Put what the family did on the case's timeline (they see it too) and tell the
    coordinator: "The family <what> for case <reference>"."""
    record_case_event(case=case, kind=kind, by=by, summary=summary, audience=Audience.FAMILY)
    notify_coordinator(
        case,
        key=key,
        subject=f"The family {what} for case {case.reference}",
        body=body,
        link=link,
    )


def _lock(tailored_list: TailoredList) -> TailoredList:
    return (
        TailoredList.objects.select_for_update(of=("self",))
        .select_related("case__child", "case__coordinator")
        .get(pk=tailored_list.pk)
    )


def _criteria_values(
    *,
    starts_on: date,
    max_distance_km: Decimal | float | None,
    provision_types: Iterable[str],
    only_with_vacancies: bool,
) -> dict[str, object]:
    types = list(dict.fromkeys(provision_types))
    if any(t not in ProvisionType.values for t in types):
        raise DomainError("Choose types of setting from the list", field="provision_types")
    if max_distance_km is not None and not 0 < Decimal(str(max_distance_km)) <= 500:
        raise DomainError(
            "The furthest distance must be between 0 and 500 km", field="max_distance_km"
        )
    today = timezone.localdate()
    if starts_on < today - timedelta(days=365) or starts_on > today + timedelta(days=3 * 365):
        raise DomainError(
            "The expected start date must be within a year before or 3 years after today",
            field="starts_on",
        )
    return {
        "starts_on": starts_on,
        "max_distance_km": max_distance_km,
        "provision_types": types,
        "only_with_vacancies": only_with_vacancies,
    }


@transaction.atomic
def start_tailored_list(
    case: Case,
    *,
    starts_on: date,
    by: Actor,
    max_distance_km: Decimal | float | None = None,
    provision_types: Iterable[str] = (),
    only_with_vacancies: bool = False,
) -> TailoredList:
    """Start drawing up a child's Advisory Tailored List, with what it is drawn from: when the
    child would start, how far from home, and the types of setting the family is interested in.
    One list per case; it is published as numbered versions."""
    require(by, Action.EDIT, case, "You cannot draw up a list for this case")
    if case.stage not in LIST_STAGES:
        raise TransitionNotAllowed("A tailored list is drawn up while the case is open")
    if TailoredList.objects.filter(case=case).exists():
        raise DomainError("This case already has a tailored list")
    values = _criteria_values(
        starts_on=starts_on,
        max_distance_km=max_distance_km,
        provision_types=provision_types,
        only_with_vacancies=only_with_vacancies,
    )
    tailored_list = TailoredList.objects.create(case=case, created_by=acting_user(by), **values)
    record_case_event(case=case, kind="placements_list_started", by=by)
    return tailored_list


@transaction.atomic
def update_list_criteria(
    tailored_list: TailoredList,
    *,
    revision: int,
    starts_on: date,
    by: Actor,
    max_distance_km: Decimal | float | None = None,
    provision_types: Iterable[str] = (),
    only_with_vacancies: bool = False,
) -> TailoredList:
    """Change what the list is drawn from. Refused if someone else changed it since ``revision``
    was read (no lost updates)."""
    tailored_list = _lock(tailored_list)
    require(by, Action.EDIT, tailored_list.case, "You cannot change this list")
    if tailored_list.revision != revision:
        raise StaleEdit(
            "Someone else changed this list after you opened it. Your changes have not been "
            "saved: check the list below, then make them again."
        )
    values = _criteria_values(
        starts_on=starts_on,
        max_distance_km=max_distance_km,
        provision_types=provision_types,
        only_with_vacancies=only_with_vacancies,
    )
    TailoredList.objects.filter(pk=tailored_list.pk).update(
        revision=F("revision") + 1, updated_at=timezone.now(), **values
    )
    tailored_list.refresh_from_db()
    return tailored_list


def _directory_entry(setting: Organisation) -> Setting:
    entry = Setting.objects.select_related("organisation").filter(organisation=setting).first()
    if entry is None:
        raise DomainError("Choose a setting from the directory", field="setting")
    return entry


def _check_family_or_staff(by: Actor, case: Case, message: str) -> bool:
    """True for the family (contributing), False for staff (editing); otherwise refused."""
    if access.is_family(by):
        require(by, Action.CONTRIBUTE, case, message)
        return True
    require(by, Action.EDIT, case, message)
    return False


@transaction.atomic
def add_to_list(
    tailored_list: TailoredList, *, setting: Organisation, by: Actor, note: str = ""
) -> TailoredListEntry:
    """Put a setting on the list, with the reasons matching gives for it (and against it). The
    coordinator adds proposals or any setting; the family can add a setting they want
    considered."""
    tailored_list = _lock(tailored_list)
    case = tailored_list.case
    is_family = _check_family_or_staff(by, case, "You cannot change this list")
    entry = _directory_entry(setting)
    if tailored_list.entries.filter(setting=setting).exists():
        raise DomainError(f"{setting.name} is already on the list", field="setting")
    facts = selectors.child_facts(case.child)
    result = assess(facts, selectors.setting_facts(entry), selectors.criteria_of(tailored_list))
    if is_family:
        source = TailoredListEntry.Source.FAMILY
    elif result.fits:
        source = TailoredListEntry.Source.MATCHED
    else:
        source = TailoredListEntry.Source.COORDINATOR
    added = TailoredListEntry.objects.create(
        tailored_list=tailored_list,
        setting=setting,
        source=source,
        reasons=[r.as_dict() for r in result.reasons],
        distance_km=result.distance_km,
        coordinator_note="" if is_family else note.strip(),
        family_question=note.strip() if is_family else "",
        added_by=acting_user(by),
    )
    if is_family:
        _tell_coordinator_of_family_step(
            case,
            kind="placements_list_family_added",
            by=by,
            summary=f"The family asked for {setting.name} to be considered",
            key=f"placements:list-added:{added.pk}",
            what="added a setting to the tailored list",
            body=setting.name,
            link=_list_link(case),
        )
    return added


@transaction.atomic
def remove_from_list(entry: TailoredListEntry, *, by: Actor) -> None:
    """Take a setting off the working list. The coordinator removes the LA's entries; a setting
    the family added stays until they remove it themselves (answer their question instead)."""
    tailored_list = _lock(entry.tailored_list)
    is_family = _check_family_or_staff(by, tailored_list.case, "You cannot change this list")
    entry = TailoredListEntry.objects.select_related("setting").get(pk=entry.pk)
    if is_family != (entry.source == TailoredListEntry.Source.FAMILY):
        raise DomainError(
            "The family added this setting: answer their question instead"
            if not is_family
            else "Only the coordinator can take this setting off the list"
        )
    entry.delete()


@transaction.atomic
def ask_about_setting(
    tailored_list: TailoredList, *, setting: Organisation, question: str, by: Actor
) -> TailoredListEntry:
    """The family asks about a setting (on the list or not): their question goes to the
    coordinator, who answers it on the list."""
    question = (question or "").strip()
    if not question:
        raise DomainError("Enter your question", field="question")
    existing = tailored_list.entries.filter(setting=setting).first()
    if existing is None:
        return add_to_list(tailored_list, setting=setting, by=by, note=question)
    tailored_list = _lock(tailored_list)
    case = tailored_list.case
    require(by, Action.CONTRIBUTE, case, "You cannot ask about settings on this list")
    if not access.is_family(by):
        raise DomainError("Only the family asks questions about settings")
    TailoredListEntry.objects.filter(pk=existing.pk).update(family_question=question, answer="")
    existing.refresh_from_db()
    notify_coordinator(
        case,
        key=f"placements:list-question:{existing.pk}:{timezone.now():%Y%m%d%H%M%S}",
        subject=f"The family asked about a setting on the tailored list for case {case.reference}",
        body=f"{setting.name}: {question}",
        link=_list_link(case),
    )
    return existing


@transaction.atomic
def answer_family_question(
    entry: TailoredListEntry, *, answer: str, by: Actor
) -> TailoredListEntry:
    """The coordinator answers the family's question about a setting on the list."""
    tailored_list = _lock(entry.tailored_list)
    case = tailored_list.case
    require(by, Action.EDIT, case, "You cannot change this list")
    answer = (answer or "").strip()
    if not answer:
        raise DomainError("Enter your answer", field="answer")
    TailoredListEntry.objects.filter(pk=entry.pk).update(answer=answer)
    entry.refresh_from_db()
    notify_family(
        case,
        "list_answer",
        on=timezone.localdate(),
        key=f"placements:list-answer:{entry.pk}:{timezone.now():%Y%m%d%H%M%S}",
        link=_list_link(case),
    )
    return entry


@transaction.atomic
def record_family_priorities(
    tailored_list: TailoredList, *, priorities: str, by: Actor
) -> TailoredList:
    """What matters to the family in a setting (their words), shown on the list."""
    tailored_list = _lock(tailored_list)
    _check_family_or_staff(by, tailored_list.case, "You cannot change this list")
    TailoredList.objects.filter(pk=tailored_list.pk).update(
        family_priorities=(priorities or "").strip(), updated_at=timezone.now()
    )
    tailored_list.refresh_from_db()
    return tailored_list


def _entry_snapshot(entry: TailoredListEntry) -> dict[str, object]:
    setting = entry.setting
    directory = getattr(setting, "directory_entry", None)
    return {
        "setting_id": str(setting.public_id),
        "name": setting.name,
        "urn": setting.urn,
        "ukprn": setting.ukprn,
        "type": directory.get_provision_type_display() if directory else setting.get_kind_display(),
        "phase": directory.get_phase_display() if directory else "",
        "ages": directory.age_range if directory else "",
        "address": directory.address if directory else setting.postcode,
        "website": directory.website if directory else "",
        "telephone": directory.telephone if directory else "",
        "designed_for": (directory.need_type_labels + directory.broad_area_labels)
        if directory
        else [],
        "distance_km": float(entry.distance_km) if entry.distance_km is not None else None,
        "reasons": entry.reasons,
        "source": entry.get_source_display(),
        "note": entry.coordinator_note,
        "question": entry.family_question,
        "answer": entry.answer,
    }


def snapshot(tailored_list: TailoredList, *, by: Actor) -> dict[str, object]:
    """The list as the family receives it: frozen into a version when published."""
    case = tailored_list.case
    entries = tailored_list.entries.select_related("setting__directory_entry").order_by(
        "added_at", "id"
    )
    return {
        "child_name": case.child.full_name,
        "case_reference": case.reference,
        "local_authority": case.local_authority.name,
        "published_on": timezone.localdate().isoformat(),
        "published_by": acting_user(by).display_name if acting_user(by) else "",
        "starts_on": tailored_list.starts_on.isoformat(),
        "max_distance_km": float(tailored_list.max_distance_km)
        if tailored_list.max_distance_km is not None
        else None,
        "provision_types": [ProvisionType(t).label for t in tailored_list.provision_types],
        "only_with_vacancies": tailored_list.only_with_vacancies,
        "family_priorities": tailored_list.family_priorities,
        "entries": [_entry_snapshot(e) for e in entries],
        "no_guarantee": NO_GUARANTEE,
        "rights": RIGHTS,
    }


@transaction.atomic
def publish_tailored_list(tailored_list: TailoredList, *, by: Actor) -> TailoredListVersion:
    """Publish the list to the family: a new numbered version, frozen (the database refuses to
    change it), on the family portal and as an accessible PDF. Every version says it guarantees
    no place and states the family's right to ask for any setting."""
    tailored_list = _lock(tailored_list)
    case = tailored_list.case
    require(by, Action.EDIT, case, "You cannot publish this list")
    if not tailored_list.entries.exists():
        raise DomainError("Add at least one setting to the list before publishing it")
    number = (
        tailored_list.versions.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    document = Document.objects.create(
        case=case,
        kind=Document.Kind.OTHER,
        title=f"Advisory tailored list (version {number})",
        audience=Audience.FAMILY,
        status=Document.Status.PENDING,
        original_filename=f"advisory-tailored-list-v{number}.pdf",
        content_type="application/pdf",
        uploaded_by=acting_user(by),
    )
    version = TailoredListVersion.objects.create(
        tailored_list=tailored_list,
        number=number,
        content=snapshot(tailored_list, by=by),
        published_by=acting_user(by),
        document=document,
    )
    record_case_event(
        case=case,
        kind="placements_list_published",
        by=by,
        summary=f"Advisory tailored list published (version {number})",
        audience=Audience.FAMILY,
        version=number,
    )
    notify_family(
        case,
        "tailored_list",
        on=timezone.localdate(),
        key=f"placements:list-published:{version.pk}",
        link=_list_link(case),
    )
    from placements.documents import TAILORED_LIST_PDF

    pdf.prepare(TAILORED_LIST_PDF, version.pk)
    return version


@transaction.atomic
def state_list_preference(
    tailored_list: TailoredList, *, setting: Organisation, by: Actor, reasons: str = ""
) -> TailoredList:
    """The family says which setting they prefer (on the list or not: the list is advisory). The
    coordinator is told, and consults the setting."""
    tailored_list = _lock(tailored_list)
    case = tailored_list.case
    _check_family_or_staff(by, case, "You cannot state a preference on this list")
    if not tailored_list.versions.exists():
        raise TransitionNotAllowed("A preference is stated once the list has been published")
    _directory_entry(setting)
    TailoredList.objects.filter(pk=tailored_list.pk).update(
        preferred_setting=setting,
        preference_reasons=(reasons or "").strip(),
        preference_stated_at=timezone.now(),
        updated_at=timezone.now(),
    )
    tailored_list.refresh_from_db()
    _also_answer_open_draft(case, setting=setting, reasons=reasons, by=by)
    _tell_coordinator_of_family_step(
        case,
        kind="placements_preference_stated",
        by=by,
        summary=f"Preferred setting: {setting.name}",
        key=f"placements:preference:{tailored_list.pk}:{setting.pk}",
        what="stated a preferred setting",
        body=f"{setting.name}. Consult the setting on being named in the plan.",
        link=reverse("placements:case", kwargs={"case_id": case.public_id}),
    )
    return tailored_list


def _also_answer_open_draft(case: Case, *, setting: Organisation, reasons: str, by: Actor) -> None:
    # One preference, asked once: while the family may answer a draft plan or proposed changes,
    # the school or college they choose on the list is also their request to name it (CFA s38),
    # recorded on the draft as if they had answered there.
    plan = Plan.objects.filter(case=case).first()
    if plan is None or plan.status not in {PlanStatus.DRAFT_ISSUED, PlanStatus.AMENDMENT_ISSUED}:
        return
    if not access.is_family(by):
        return
    try:
        ehcp_services.state_setting_preference(plan, setting=setting, reasons=reasons, by=by)
    except DomainError:
        # The window has closed or this person does not make the case's decisions: the list
        # keeps the preference and the coordinator is told, as before.
        return


def follow_up_lists_without_preference(
    *, today: date, after_days: int = FOLLOW_UP_AFTER_DAYS
) -> list[Notification]:
    """Tell each coordinator, once per list, about families who have had a published list for
    ``after_days`` or more without stating a preference. Safe to run any number of times (the
    notification key makes each message exist once)."""
    cutoff = timezone.make_aware(datetime.combine(today - timedelta(days=after_days), time.max))
    waiting = (
        TailoredList.objects.filter(
            preference_stated_at__isnull=True,
            versions__number=1,
            versions__published_at__lte=cutoff,
            case__closed_on__isnull=True,
            case__coordinator__isnull=False,
        )
        .select_related("case__coordinator")
        .order_by("id")
    )
    sent = []
    for tailored_list in waiting.iterator(chunk_size=500):
        case = tailored_list.case
        notification = notify(
            key=f"placements:list-no-preference:{tailored_list.pk}",
            recipient=case.coordinator,
            subject=f"No preferred setting yet for case {case.reference}",
            body=(
                f"The family has had their advisory tailored list for {after_days} days or more "
                "without saying which setting they prefer. Contact them to talk it through."
            ),
            case=case,
            link=_list_link(case),
        )
        if notification is not None:
            sent.append(notification)
    return sent
