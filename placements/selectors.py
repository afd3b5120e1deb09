"""Permission-scoped reads of the placements app, and the facts matching works from. Records a
user may not see answer 404, exactly like missing ones (``sendcpp.access``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from placements.locations import GridPoint, point_for_postcode
from placements.matching import (
    ONLY_WHEN_ASKED,
    Assessment,
    ChildFacts,
    Criteria,
    SettingFacts,
    age_at_start_of_school_year,
    match_settings,
)
from placements.models import (
    Consultation,
    ConsultationAnswer,
    Phase,
    Placement,
    ProvisionType,
    RefusalReason,
    Setting,
    SettingStatus,
    TailoredList,
    TailoredListEntry,
    TailoredListVersion,
)
from sendcpp import access
from sendcpp.access import Action, Actor
from sendcpp.audit import record_read
from sendcpp.models import Case, Child, Organisation, Stage
from sendcpp.needs import BroadArea, broad_area_of

PROPOSALS = 20


def cases_with_records(user: Actor, action: Action = Action.VIEW) -> QuerySet[Case]:
    """The cases whose tailored list, consultations and placements ``user`` may read or act on."""
    if not access.sees_placement_records(user):
        return Case.objects.none()
    return access.cases_for(user, action)


# --- The directory --------------------------------------------------------------------------------


def directory() -> QuerySet[Setting]:
    """Every setting in the directory with its organisation (public facts)."""
    return Setting.objects.select_related("organisation")


def search_directory(
    *,
    text: str = "",
    provision_type: str = "",
    phase: str = "",
    broad_area: str = "",
    need_type: str = "",
    include_closed: bool = False,
    with_vacancies: bool = False,
) -> QuerySet[Setting]:
    """The directory filtered as on the directory page and the API, in name order."""
    settings = directory()
    if not include_closed:
        settings = settings.exclude(status=SettingStatus.CLOSED)
    if text:
        settings = settings.filter(
            Q(organisation__name__icontains=text)
            | Q(organisation__urn=text)
            | Q(organisation__ukprn=text)
            | Q(organisation__postcode__istartswith=text)
            | Q(town__icontains=text)
        )
    if provision_type:
        settings = settings.filter(provision_type=provision_type)
    if phase:
        settings = settings.filter(phase=phase)
    if broad_area:
        settings = settings.filter(broad_areas__contains=[broad_area])
    if need_type:
        settings = settings.filter(need_types__contains=[need_type])
    if with_vacancies:
        settings = settings.filter(vacancies__gt=0)
    return settings.order_by("organisation__name", "id")


def get_setting_or_404(public_id: UUID | str) -> Setting:
    """A directory entry by its organisation's public id (the directory is public)."""
    try:
        return directory().get(organisation__public_id=public_id)
    except (Setting.DoesNotExist, ValueError, TypeError, ValidationError) as error:
        raise Http404("No such setting") from error


def settings_for_choice() -> QuerySet[Organisation]:
    """Organisations in the directory that are not closed, for choosing a setting."""
    return (
        Organisation.objects.filter(directory_entry__isnull=False)
        .exclude(directory_entry__status=SettingStatus.CLOSED)
        .order_by("name", "id")
    )


# --- Matching -------------------------------------------------------------------------------------


def _point(setting: Setting | None) -> GridPoint | None:
    if setting is None or not setting.has_location:
        return None
    return GridPoint(setting.easting, setting.northing)  # type: ignore[arg-type]


def child_facts(child: Child) -> ChildFacts:
    """The child as matching sees them. Distance is measured from the centre of the home
    postcode's district; failing that, from their current setting (and the list says so)."""
    home = point_for_postcode(child.postcode)
    from_setting = False
    if home is None and child.setting_id is not None:
        home = _point(Setting.objects.filter(organisation_id=child.setting_id).first())
        from_setting = home is not None
    return ChildFacts(
        date_of_birth=child.date_of_birth,
        primary_need=child.primary_need,
        secondary_need=child.secondary_need,
        home=home,
        home_is_current_setting=from_setting,
    )


def setting_facts(setting: Setting) -> SettingFacts:
    return SettingFacts(
        key=setting.organisation_id,
        name=setting.organisation.name,
        provision_type=setting.provision_type,
        status=setting.status,
        low_age=setting.low_age,
        high_age=setting.high_age,
        need_types=tuple(setting.need_types),
        broad_areas=tuple(setting.broad_areas),
        vacancies=setting.vacancies,
        vacancies_on=setting.vacancies_on,
        location=_point(setting),
    )


def criteria_of(tailored_list: TailoredList) -> Criteria:
    return Criteria(
        starts_on=tailored_list.starts_on,
        max_distance_km=float(tailored_list.max_distance_km)
        if tailored_list.max_distance_km is not None
        else None,
        provision_types=frozenset(tailored_list.provision_types),
        only_with_vacancies=tailored_list.only_with_vacancies,
    )


@dataclass(frozen=True)
class Proposal:
    """A setting matching proposes, with its directory entry and the reasons."""

    setting: Setting
    assessment: Assessment


def propose_settings(tailored_list: TailoredList, *, limit: int = PROPOSALS) -> list[Proposal]:
    """The settings that may meet the child's needs and are not on the list yet, best first."""
    child = tailored_list.case.child
    age = age_at_start_of_school_year(child.date_of_birth, tailored_list.starts_on)
    candidates = (
        directory()
        .exclude(status=SettingStatus.CLOSED)
        .exclude(organisation_id__in=tailored_list.entries.values("setting_id"))
        # Narrow by age and type in the database; matching checks both again and explains them.
        .filter(Q(low_age__isnull=True) | Q(low_age__lte=age))
        .filter(
            Q(high_age__isnull=True) | Q(high_age__gt=age) | Q(provision_type=ProvisionType.COLLEGE)
        )
    )
    if tailored_list.provision_types:
        candidates = candidates.filter(provision_type__in=tailored_list.provision_types)
    else:
        candidates = candidates.exclude(provision_type__in=ONLY_WHEN_ASKED)
    by_key = {s.organisation_id: s for s in candidates}
    matches = match_settings(
        child_facts(child),
        [setting_facts(s) for s in by_key.values()],
        criteria_of(tailored_list),
        limit=limit,
    )
    return [Proposal(by_key[m.setting.key], m) for m in matches]


# --- Tailored lists -------------------------------------------------------------------------------


def tailored_list_for(case: Case) -> TailoredList | None:
    """The case's list (the case itself already checked)."""
    return (
        TailoredList.objects.filter(case=case)
        .select_related("preferred_setting", "case__child")
        .first()
    )


def latest_version(tailored_list: TailoredList | None) -> TailoredListVersion | None:
    if tailored_list is None:
        return None
    return tailored_list.versions.select_related("document").order_by("-number").first()


def get_version_or_404(case: Case, number: int) -> TailoredListVersion:
    """A published version of the case's list (the case itself already checked)."""
    version = (
        TailoredListVersion.objects.filter(tailored_list__case=case, number=number)
        .select_related("tailored_list", "document")
        .first()
    )
    if version is None:
        raise Http404("No such version")
    return version


def lists_without_preference(user: Actor) -> QuerySet[TailoredList]:
    """Published lists on cases ``user`` may see where the family has not stated a preference."""
    return (
        TailoredList.objects.filter(
            case__in=cases_with_records(user),
            preference_stated_at__isnull=True,
            versions__number=1,
        )
        .select_related("case__child")
        .order_by("created_at", "id")
    )


# --- Consultations --------------------------------------------------------------------------------


def consultations_for(user: Actor) -> QuerySet[Consultation]:
    """Consultations ``user`` may read: LA staff and partner systems on the cases they may see
    (families read a summary on their list instead), and a setting's staff those sent to their
    setting (``placements.access``: the pack only)."""
    if access.is_family(user):
        return Consultation.objects.none()
    on_cases = Q(case__in=cases_with_records(user))
    sent_to_setting = Q(pk__in=access.records_for(user, Consultation.objects.all()).values("pk"))
    return Consultation.objects.filter(on_cases | sent_to_setting)


def get_consultation_or_404(
    user: Actor, public_id: UUID | str, action: Action = Action.VIEW
) -> Consultation:
    """A consultation ``user`` may read (or, for LA staff, act on), else Http404. Reading one
    writes a read-access log entry for the child."""
    if action == Action.VIEW:
        visible = consultations_for(user)
    else:
        visible = Consultation.objects.filter(case__in=cases_with_records(user, action))
    try:
        consultation = visible.select_related(
            "case__child", "case__coordinator", "setting", "sent_by", "answered_by", "decided_by"
        ).get(public_id=public_id)
    except (Consultation.DoesNotExist, ValueError, TypeError, ValidationError) as error:
        raise Http404("No such consultation") from error
    if action == Action.VIEW:
        record_read(
            user, child_id=consultation.case.child_id, case=consultation.case, what="consultation"
        )
    return consultation


def is_setting_reader(user: Actor, consultation: Consultation) -> bool:
    """Whether ``user`` reads this consultation as the setting (the pack only)."""
    return not access.is_la_staff(user) and (
        access.records_for(user, Consultation.objects.filter(pk=consultation.pk)).exists()
    )


# --- Placements -----------------------------------------------------------------------------------


def placements_for(user: Actor) -> QuerySet[Placement]:
    """Placements on the cases ``user`` may see."""
    return Placement.objects.filter(case__in=cases_with_records(user))


def get_placement_or_404(
    user: Actor, public_id: UUID | str, action: Action = Action.VIEW
) -> Placement:
    try:
        placement = (
            Placement.objects.filter(case__in=cases_with_records(user, action))
            .select_related("case__child", "setting", "home_setting")
            .get(public_id=public_id)
        )
    except (Placement.DoesNotExist, ValueError, TypeError, ValidationError) as error:
        raise Http404("No such placement") from error
    if action == Action.VIEW:
        record_read(user, child_id=placement.case.child_id, case=placement.case, what="placement")
    return placement


def alternative_provision(user: Actor) -> QuerySet[Placement]:
    """Current alternative provision placements on cases ``user`` may see, the most overdue
    reintegration review first."""
    return (
        placements_for(user)
        .filter(ends_on__isnull=True, ap_tier__isnull=False)
        .select_related("case__child", "setting", "home_setting")
        .order_by("next_review_on", "id")
    )


# --- Sufficiency ----------------------------------------------------------------------------------

#: The phases demand is counted in, by age on 31 August (as year groups are).
DEMAND_PHASES = (
    ("early_years", "Early years", range(0, 4)),
    ("primary", "Primary", range(4, 11)),
    ("secondary", "Secondary", range(11, 16)),
    ("post16", "16 to 25", range(16, 26)),
)
#: Which GIAS phases count as which demand phase; the rest (special schools, AP, all-through)
#: take several phases and are shown on their own row.
SETTING_PHASE_TO_DEMAND = {
    Phase.NURSERY: "early_years",
    Phase.PRIMARY: "primary",
    Phase.SECONDARY: "secondary",
    Phase.POST_16: "post16",
}
SEVERAL_PHASES = ("several", "Several phases (special, all-through, AP)")
ALL_PHASES = ("all", "All phases together")
NO_AREA = ("none", "No broad area (other difficulty or not recorded)")
#: Cases that are counted as demand: open, not refused or ended.
DEMAND_STAGES = frozenset(
    {
        Stage.ASSESSMENT,
        Stage.DRAFTING,
        Stage.DRAFT_ISSUED,
        Stage.CONSULTATION,
        Stage.PLAN_ISSUED,
        Stage.MAINTAINED,
        Stage.ANNUAL_REVIEW,
    }
)


@dataclass
class SufficiencyRow:
    area: str
    area_label: str
    phase: str
    phase_label: str
    places: int = 0
    vacancies: int = 0
    settings: int = 0
    children: int = 0
    # Places in settings that take several phases (special schools, AP, all-through) whose
    # age range includes this phase: they can take these children too.
    shared_places: int = 0

    @property
    def shortfall(self) -> int | None:
        """Children without a designated place: in a phase, net of the places of settings
        taking several phases that take its ages; for all phases together, against every place.
        None on the row of settings taking several phases (their places are counted in the
        phases they take)."""
        if self.phase == SEVERAL_PHASES[0]:
            return None
        return max(0, self.children - self.places - self.shared_places)


def _demand_phase(age: int) -> str:
    for key, _label, ages in DEMAND_PHASES:
        if age in ages:
            return key
    return "post16"


def sufficiency(user: Actor, *, today: date) -> list[SufficiencyRow]:
    """Places and vacancies in designated provision against demand (children on open cases of
    the user's LA by primary need's broad area and phase), for each broad area and phase.
    A setting designated for several areas counts in each."""
    areas = [(a.value, a.label) for a in BroadArea] + [NO_AREA]
    phases = [(k, label) for k, label, _ in DEMAND_PHASES] + [SEVERAL_PHASES, ALL_PHASES]
    rows = {(a, p): SufficiencyRow(a, al, p, pl) for a, al in areas for p, pl in phases}
    designated = Setting.objects.exclude(status=SettingStatus.CLOSED).exclude(broad_areas=[])
    fields = ("broad_areas", "phase", "places", "vacancies", "low_age", "high_age")
    for setting in designated.only(*fields):
        phase = SETTING_PHASE_TO_DEMAND.get(setting.phase, SEVERAL_PHASES[0])
        for area in setting.broad_areas:
            for key in (phase, ALL_PHASES[0]):
                row = rows[(area, key)]
                row.settings += 1
                row.places += setting.places or 0
                row.vacancies += setting.vacancies or 0
            if phase == SEVERAL_PHASES[0]:
                for taken in _phases_taken(setting.low_age, setting.high_age):
                    rows[(area, taken)].shared_places += setting.places or 0
    cases = cases_with_records(user).filter(stage__in=DEMAND_STAGES, closed_on__isnull=True)
    for birth, need in cases.values_list("child__date_of_birth", "child__primary_need"):
        area = broad_area_of(need) if need else None
        phase = _demand_phase(age_at_start_of_school_year(birth, today))
        key = area.value if area else NO_AREA[0]
        rows[(key, phase)].children += 1
        rows[(key, ALL_PHASES[0])].children += 1
    return list(rows.values())


def _phases_taken(low: int | None, high: int | None) -> list[str]:
    """The demand phases a setting's age range reaches (all of them when it is not known)."""
    low = 0 if low is None else low
    high = 25 if high is None else high
    return [key for key, _label, ages in DEMAND_PHASES if low <= ages[-1] and high >= ages[0]]


def refusals(user: Actor) -> list[dict[str, Any]]:
    """Consultations where a setting said it could not meet the needs, on cases ``user`` may
    see, counted by setting and reason."""
    counts = (
        Consultation.objects.filter(
            case__in=cases_with_records(user), answer=ConsultationAnswer.CANNOT_MEET
        )
        .values("setting__name", "refusal_reason")
        .annotate(count=Count("id"))
        .order_by("setting__name", "refusal_reason")
    )
    return [
        {
            "setting": row["setting__name"],
            "reason": RefusalReason(row["refusal_reason"]).label,
            "count": row["count"],
        }
        for row in counts
    ]


def refusal_totals(user: Actor) -> list[dict[str, Any]]:
    """Refusals by reason, with how many consultations were answered at all."""
    totals: dict[str, int] = defaultdict(int)
    for row in refusals(user):
        totals[row["reason"]] += row["count"]
    return [{"reason": reason, "count": count} for reason, count in sorted(totals.items())]


def get_entry_or_404(tailored_list: TailoredList, public_id: UUID | str) -> Any:
    """An entry of the list (the case itself already checked)."""
    try:
        return tailored_list.entries.select_related("setting").get(public_id=public_id)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError) as error:
        raise Http404("No such entry") from error


def list_entries_queryset() -> QuerySet[TailoredListEntry]:
    return TailoredListEntry.objects.select_related("setting").order_by("added_at", "id")


def get_list_or_404(
    user: Actor, public_id: UUID | str, action: Action = Action.VIEW
) -> TailoredList:
    """A tailored list on a case ``user`` may ``action``, else Http404 (reads are logged)."""
    try:
        tailored_list = (
            TailoredList.objects.filter(case__in=cases_with_records(user, action))
            .select_related("case__child", "case__coordinator")
            .get(public_id=public_id)
        )
    except (TailoredList.DoesNotExist, ValueError, TypeError, ValidationError) as error:
        raise Http404("No such list") from error
    if action == Action.VIEW:
        record_read(
            user,
            child_id=tailored_list.case.child_id,
            case=tailored_list.case,
            what="tailored list",
        )
    return tailored_list


def list_entries(tailored_list: TailoredList) -> QuerySet[Any]:
    return tailored_list.entries.select_related("setting__directory_entry", "added_by").order_by(
        "added_at", "id"
    )


def sen2_placements(case_ids: list[int]) -> list[dict[str, Any]]:
    """Every placement of ``case_ids``, as the SEN2 return reports it (plain values), main
    placement first. The caller has already scoped the cases."""
    rows = (
        Placement.objects.filter(case_id__in=case_ids)
        .select_related("setting")
        .order_by("rank", "starts_on", "id")
    )
    return [
        {
            "case_id": p.case_id,
            "setting": p.setting,
            "sen_setting": p.sen_setting,
            "rank": p.rank,
            "starts_on": p.starts_on,
            "ends_on": p.ends_on,
            "sen_unit": p.sen_unit,
            "resourced_provision": p.resourced_provision,
            "residential": p.residential if p.residential in {"A", "B"} else "",
        }
        for p in rows
    ]
