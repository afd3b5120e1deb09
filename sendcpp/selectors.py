"""Permission-scoped reads that span relations: caseloads, search, the audit trail."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any, TypedDict

from django.apps import apps
from django.contrib.postgres.search import SearchQuery, TrigramSimilarity
from django.db.models import Count, Exists, F, Func, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, Upper

from sendcpp import access, performance
from sendcpp.access import Actor
from sendcpp.models import CHILD_NAME_WORDS, AccessLog, Case, Child, Deadline, User

# A ``CaseFilterForm``'s cleaned data: ``stage``, ``due`` ("overdue" or "week"), ``team``, ``coordinator``.
CaseFilters = Mapping[str, Any]


class CoordinatorCounts(TypedDict):
    case__team__name: str
    case__coordinator__first_name: str
    case__coordinator__last_name: str
    overdue: int
    this_week: int


def _born_between(today: date, youngest: int, oldest: int) -> Q:
    """Children aged ``youngest`` to ``oldest`` (inclusive) today."""

    def years_ago(years: int) -> date:
        try:
            return today.replace(year=today.year - years)
        except ValueError:  # 29 February
            return today.replace(year=today.year - years, day=28)

    return Q(child__date_of_birth__lte=years_ago(youngest)) & Q(
        child__date_of_birth__gt=years_ago(oldest + 1)
    )


def _apply_filters(cases: QuerySet[Case], filters: CaseFilters, today: date) -> QuerySet[Case]:
    text = (filters.get("q") or "").strip()
    if text:
        cases = cases.filter(
            Q(reference__iexact=text)
            | Q(child__legal_last_name__istartswith=text)
            | Q(child__legal_first_name__istartswith=text)
            | Q(child__preferred_name__istartswith=text)
        )
    if filters.get("need"):
        cases = cases.filter(child__primary_need=filters["need"])
    if filters.get("setting"):
        cases = cases.filter(child__setting__kind=filters["setting"])
    if filters.get("age"):
        youngest, _, oldest = str(filters["age"]).partition("-")
        cases = cases.filter(_born_between(today, int(youngest), int(oldest)))
    if filters.get("stage"):
        cases = cases.filter(stage=filters["stage"])
    if filters.get("team"):
        cases = cases.filter(team=filters["team"])
    if filters.get("coordinator"):
        cases = cases.filter(coordinator=filters["coordinator"])
    if filters.get("due") == "overdue":
        cases = cases.filter(next_due_on__lt=today)
    elif filters.get("due") == "week":
        cases = cases.filter(next_due_on__gte=today, next_due_on__lte=today + timedelta(days=7))
    return cases


def _deadline_order(cases: QuerySet[Case]) -> QuerySet[Case]:
    # Overdue first, then soonest due; cases with no open deadline last. Indexed (see Case.Meta).
    return cases.select_related("child", "coordinator", "team").order_by(
        F("next_due_on").asc(nulls_last=True), "id"
    )


def caseload(
    user: Actor, *, filters: CaseFilters, today: date, whole_team: bool = False
) -> QuerySet[Case]:
    """A coordinator's own open cases (or their team's), most urgent first."""
    cases = access.cases_for(user).filter(closed_on__isnull=True)
    profile = getattr(user, "staff_profile", None)
    if whole_team and profile is not None and profile.team_id is not None:
        # Narrowing to the team lets PostgreSQL walk the (team, next_due_on, id) index in order.
        cases = cases.filter(team_id=profile.team_id)
    elif not whole_team:
        if not isinstance(user, User):
            return Case.objects.none()  # only a person has a caseload of their own
        cases = cases.filter(coordinator=user)
    return _deadline_order(_apply_filters(cases, filters, today))


def all_cases(user: Actor, *, filters: CaseFilters, today: date) -> QuerySet[Case]:
    """Every open case the user may see (a manager: the whole LA), most urgent first."""
    cases = access.cases_for(user).filter(closed_on__isnull=True)
    return _deadline_order(_apply_filters(cases, filters, today))


_REFERENCE = re.compile(r"^[A-Z0-9]{1,5}-[A-Z0-9-]{3,}$")
_UPN = re.compile(r"^[A-Z][0-9]{11}[0-9A-Z]$")


def _words(text: str) -> list[str]:
    # Split as PostgreSQL's parser splits names ("O'Brien" is "o" and "brien"), keeping only
    # letters and digits, so nothing typed can be read as query syntax.
    return [word for word in re.split(r"[^\w]+|_", text.lower()) if word]


def _prefixes(words: list[str], weight: str = "") -> str:
    return " & ".join(f"{word}:*{weight}" for word in words)


def _named(children: QuerySet[Child], text: str) -> QuerySet[Child]:
    """Children whose names hold every word typed, each from a word's start: "Surname, First"
    names the parts; otherwise a word may be in any name ("Zara Clarke", "Clarke Zara")."""
    if "," in text:
        surname, _, first = text.partition(",")
        parts = [_prefixes(_words(surname), "A"), _prefixes(_words(first), "B")]
        query = " & ".join(part for part in parts if part)
    else:
        query = _prefixes(_words(text))
    return children.annotate(name_words=CHILD_NAME_WORDS).filter(
        name_words=SearchQuery(query, search_type="raw", config="simple")
    )


def _named_like(children: QuerySet[Child], text: str) -> QuerySet[Child]:
    """For typos: each surname word spelt nearly the same as the child's surname (trigram
    similarity, from the surname's trigram index), first names still from their start; the
    closest surnames first."""
    surname, comma, first = text.partition(",")
    surnames = _words(surname)
    firsts = _words(first)
    children = children.annotate(last_upper=Upper("legal_last_name"), name_words=CHILD_NAME_WORDS)
    for word in surnames:
        similar = Q(last_upper__trigram_similar=word.upper())
        if not comma:  # without a comma, a word may also be a first name
            first_name = SearchQuery(f"{word}:*B", search_type="raw", config="simple")
            similar |= Q(name_words=first_name)
        children = children.filter(similar)
    if firsts:
        children = children.filter(
            name_words=SearchQuery(_prefixes(firsts, "B"), search_type="raw", config="simple")
        )
    closeness = Greatest(
        *(TrigramSimilarity("last_upper", word.upper()) for word in surnames), Value(0.0)
    )
    return children.annotate(closeness=closeness).order_by(
        "-closeness", "legal_last_name", "legal_first_name", "id"
    )


def search_children(user: Actor, *, text: str, date_of_birth: date | None) -> QuerySet[Child]:
    """Children the user may see, found by case reference, UPN, or name, optionally with the
    date of birth. Names: "Surname, First" or "First Surname", each word from the start of a word
    of the names (legal or preferred; "Lewis" finds "Okafor-Lewis"). Only when nothing matches so
    are typos allowed: surnames spelt nearly the same (trigram similarity), closest first; those
    results carry a ``closeness`` annotation. Each form of search uses its own index (case
    reference, UPN, the names' words, the surname's trigrams), and only visible children are
    considered."""
    visible_cases = access.cases_for(user)
    children = Child.objects.filter(Exists(visible_cases.filter(child_id=OuterRef("pk"))))
    text = text.strip().upper()
    if date_of_birth:
        children = children.filter(date_of_birth=date_of_birth)
    if _REFERENCE.match(text):
        children = children.filter(id__in=visible_cases.filter(reference=text).values("child_id"))
    elif _UPN.match(text):
        children = children.filter(upn=text)
    elif _words(text):
        exact = _named(children, text)
        if not exact.exists():
            return _named_like(children, text)
        children = exact
    return children.order_by("legal_last_name", "legal_first_name", "id")


def read_log(*, child: Child | None = None) -> QuerySet[AccessLog]:
    log = AccessLog.objects.select_related("user", "api_client", "child", "case")
    if child is not None:
        log = log.filter(child=child)
    return log


def open_deadlines(user: Actor) -> QuerySet[Deadline]:
    """Open deadlines on the cases ``user`` may see, soonest first."""
    return (
        Deadline.objects.filter(
            case__in=access.cases_for(user), met_on__isnull=True, cancelled_on__isnull=True
        )
        .select_related("case", "case__child", "case__coordinator", "case__team", "responsible")
        .order_by("due_on", "id")
    )


def deadlines_due(user: Actor, *, today: date, when: str, mine_only: bool) -> QuerySet[Deadline]:
    """Open deadlines that are overdue, or due within the next 7 days."""
    deadlines = open_deadlines(user)
    if mine_only:
        # Both tests on the deadline's own columns (the coordinator's cases as a subquery), so
        # PostgreSQL reads the deadlines from their index rather than joining every case first.
        deadlines = deadlines.filter(
            Q(responsible=user)
            | Q(responsible__isnull=True, case__in=Case.objects.filter(coordinator_id=user.pk))
        )
    if when == "overdue":
        return deadlines.filter(due_on__lt=today)
    return deadlines.filter(due_on__gte=today, due_on__lte=today + timedelta(days=7))


class WorkToday(TypedDict):
    overdue: int
    this_week: int
    waiting_on_others: int


def work_today(user: Actor, *, today: date, whole_team: bool = False) -> WorkToday:
    """A coordinator's work at a glance (or their team's): open deadlines overdue and due within
    7 days, and the requests for advice still waiting on others. One query."""
    deadlines = open_deadlines(user)
    profile = getattr(user, "staff_profile", None)
    if whole_team and profile is not None and profile.team_id is not None:
        deadlines = deadlines.filter(case__team_id=profile.team_id)
        cases = access.cases_for(user).filter(team_id=profile.team_id)
    else:
        deadlines = deadlines.filter(
            Q(responsible=user)
            | Q(responsible__isnull=True, case__in=Case.objects.filter(coordinator_id=user.pk))
        )
        cases = access.cases_for(user).filter(coordinator_id=user.pk)
    # The advice requests are ehcp's records, reached by name as ``access`` reaches them.
    advice = apps.get_model("ehcp", "AdviceRequest")
    waiting = advice.objects.filter(
        status="requested", case__in=cases.filter(closed_on__isnull=True)
    )
    week_end = today + timedelta(days=7)
    person = access.signed_in_person(user)
    if person is None:
        return WorkToday(overdue=0, this_week=0, waiting_on_others=0)
    row = (
        User.objects.filter(id=person.id)
        .annotate(
            overdue=_count(deadlines.filter(due_on__lt=today)),
            this_week=_count(deadlines.filter(due_on__gte=today, due_on__lte=week_end)),
            waiting=_count(waiting),
        )
        .values("overdue", "this_week", "waiting")
        .first()
    ) or {"overdue": 0, "this_week": 0, "waiting": 0}
    return WorkToday(
        overdue=row["overdue"], this_week=row["this_week"], waiting_on_others=row["waiting"]
    )


def _count(rows: QuerySet[Any]) -> Coalesce:
    """How many ``rows``, as a subquery (so several counts are read in one query)."""
    counted = rows.order_by().annotate(n=Func(F("id"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted[:1]), 0)


def deadline_counts_by_coordinator(user: Actor, *, today: date) -> list[CoordinatorCounts]:
    """For managers: per coordinator and team, how many open deadlines are overdue or due this week."""
    week_end = today + timedelta(days=7)
    return list(
        open_deadlines(user)
        .filter(due_on__lte=week_end)
        .order_by()
        .values("case__team__name", "case__coordinator__first_name", "case__coordinator__last_name")
        .annotate(
            overdue=Count("id", filter=Q(due_on__lt=today)),
            this_week=Count("id", filter=Q(due_on__gte=today)),
        )
        .order_by(
            "case__team__name", "case__coordinator__last_name", "case__coordinator__first_name"
        )
    )


def timeliness(user: Actor, *, rule: str, met_from: date, met_to: date) -> dict[str, object]:
    """Deadlines of ``rule`` met in a period on the cases ``user`` may see: how many on time, with
    and without those that had a lawful exception (as the DfE publishes 20-week timeliness). The
    counting is ``sendcpp.performance``'s, as in every report and the public live figures."""
    measure = performance.Measure(rule, rule, "Deadlines met", (rule,))
    counted = performance.counts(
        performance.items(measure, access.cases_for(user), start=met_from, end=met_to)
    )
    return {
        "total": counted.total,
        "on_time": counted.on_time,
        "total_without": counted.total_without,
        "on_time_without": counted.on_time_without,
        "percent_including_exceptions": counted.percent_including,
        "percent_excluding_exceptions": counted.percent_excluding,
    }
