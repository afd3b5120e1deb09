"""Permission-scoped reads that span relations: caseloads, search, the audit trail."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypedDict

from django.apps import apps
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchQuery, TrigramSimilarity
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Count,
    Exists,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, Upper
from django.utils import timezone

from sendcpp import access, performance
from sendcpp.access import Actor
from sendcpp.calendar import add_calendar_months
from sendcpp.deadlines import EXCEPTION_TEXT, FAMILY_WINDOWS, RULES, Party, who_acts
from sendcpp.models import (
    CHILD_NAME_WORDS,
    AccessLog,
    Case,
    Child,
    Deadline,
    DeadlineException,
    User,
)
from sendcpp.shapes import ShapedQuery, Shapes

# A ``CaseFilterForm``'s cleaned data: ``stage``, ``due`` ("overdue" or "week"), ``team``,
# ``coordinator``, and the order: ``sort`` (a key of ``SORTS``) and ``order`` ("asc" or "desc").
CaseFilters = Mapping[str, Any]


class CoordinatorCounts(TypedDict):
    case__team__name: str
    case__coordinator__first_name: str
    case__coordinator__last_name: str
    overdue: int
    this_week: int


#: The filters of a list of cases whose value is one of a few fixed choices: part of the list's
#: shape (``sendcpp.shapes``). The team and the coordinator are ids, given as values; the text
#: typed to search within the cases is neither, so a list filtered by it is built afresh.
_CHOICE_FILTERS = ("need", "setting", "age", "stage", "due", "sort", "order")


def _filter_shape(filters: CaseFilters) -> tuple[Any, ...] | None:
    if (filters.get("q") or "").strip():
        return None
    chosen = tuple((name, str(filters[name])) for name in _CHOICE_FILTERS if filters.get(name))
    return (*chosen, bool(filters.get("team")), bool(filters.get("coordinator")))


def _filter_values(filters: CaseFilters, today: date) -> dict[str, int | date]:
    """The ids and dates the filters compare with, by name, as ``_apply_filters`` reads them."""
    values: dict[str, int | date] = {"today": today, "week_end": today + timedelta(days=7)}
    if filters.get("age"):
        youngest, _, oldest = str(filters["age"]).partition("-")
        # Children aged ``youngest`` to ``oldest`` (inclusive) today.
        # (A birthday on 29 February falls on the 28th in other years.)
        values["born_by"] = add_calendar_months(today, -12 * int(youngest))
        values["born_after"] = add_calendar_months(today, -12 * (int(oldest) + 1))
    if filters.get("team"):
        values["team_chosen"] = filters["team"].pk
    if filters.get("coordinator"):
        values["coordinator_chosen"] = filters["coordinator"].pk
    return values


def _apply_filters(
    cases: QuerySet[Case], filters: CaseFilters, given: Mapping[str, Any]
) -> QuerySet[Case]:
    """``cases`` narrowed by the filters chosen, comparing with the ids and dates in ``given``
    (``_filter_values``)."""
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
        cases = cases.filter(
            child__date_of_birth__lte=given["born_by"], child__date_of_birth__gt=given["born_after"]
        )
    if filters.get("stage"):
        cases = cases.filter(stage=filters["stage"])
    if filters.get("team"):
        cases = cases.filter(team_id=given["team_chosen"])
    if filters.get("coordinator"):
        cases = cases.filter(coordinator_id=given["coordinator_chosen"])
    if filters.get("due") == "overdue":
        cases = cases.filter(next_due_on__lt=given["today"])
    elif filters.get("due") == "week":
        cases = cases.filter(next_due_on__gte=given["today"], next_due_on__lte=given["week_end"])
    return cases


#: The orders a list of cases can be sorted in (``?sort=``): the next deadline (the default),
#: the child's surname, the stage (in the order of the journey) and the date the case opened. Each ends with ``id`` so that
#: keyset paging (``sendcpp.web.paging``) has a unique key, and every one but the surname (a
#: column of another table) is read in order from an index of ``Case`` for a team's or the
#: authority's list (see ``Case.Meta``); one coordinator's caseload is small enough to sort.
SORTS: dict[str, tuple[str, ...]] = {
    "due": ("next_due_on", "id"),
    "surname": ("child__legal_last_name", "id"),
    "stage": ("stage_order", "id"),
    "opened": ("created_at", "id"),
}
DEFAULT_SORT = "due"


def _sorted(cases: QuerySet[Case], filters: CaseFilters) -> QuerySet[Case]:
    """``cases`` in the order the filters' ``sort`` names (``DEFAULT_SORT`` if it names none),
    ascending or descending (``order``): each key the same way, so that an index read backwards
    serves the descending order (cases with no open deadline come last going up, first going
    down). Each order has its index (see ``Case.Meta``)."""
    keys = SORTS.get(filters.get("sort") or "", SORTS[DEFAULT_SORT])
    descending = filters.get("order") == "desc"
    return cases.select_related("child", "coordinator", "team").order_by(
        *(f"-{key}" if descending else key for key in keys)
    )


def caseload(
    user: Actor, *, filters: CaseFilters, today: date, whole_team: bool = False
) -> QuerySet[Case]:
    """A coordinator's own open cases (or their team's), most urgent first unless ``filters``
    sort them otherwise."""
    return caseload_query(user, filters=filters, today=today, whole_team=whole_team).queryset()


def all_cases(user: Actor, *, filters: CaseFilters, today: date) -> QuerySet[Case]:
    """Every open case the user may see (a manager: the whole LA), most urgent first unless
    ``filters`` sort them otherwise."""
    return all_cases_query(user, filters=filters, today=today).queryset()


# The lists of cases are compiled once per shape (``sendcpp.shapes``): who may see what, the
# filters and the order are the shape; the ids, the day's dates and a page's cursor the values.
_CASE_LISTS = Shapes("lists of cases")


def caseload_query(
    user: Actor, *, filters: CaseFilters, today: date, whole_team: bool = False
) -> ShapedQuery:
    """``caseload``, to be paged by the kit (``sendcpp.web.paging``) with each page's query
    compiled once per shape."""
    profile = getattr(access.signed_in_person(user), "staff_profile", None)
    by_team = whole_team and profile is not None and profile.team_id is not None
    return _case_list(user, filters, today, "team" if by_team else "mine" if not whole_team else "")


def all_cases_query(user: Actor, *, filters: CaseFilters, today: date) -> ShapedQuery:
    """``all_cases``, to be paged by the kit with each page's query compiled once per shape."""
    return _case_list(user, filters, today, "")


def _case_list(user: Actor, filters: CaseFilters, today: date, narrowed_to: str) -> ShapedQuery:
    """The open cases ``user`` may see, narrowed to their own (``"mine"``), their team's
    (``"team"``) or not (``""``), filtered and sorted as ``filters`` say."""
    scope, ids = access.scope_values(user)
    person = access.signed_in_person(user)
    values: dict[str, Any] = {**_filter_values(filters, today)}
    if person is not None:
        values["me"] = person.pk
        if narrowed_to == "team":
            values["my_team"] = person.staff_profile.team_id
    filter_shape = _filter_shape(filters)
    shape = None
    if scope is not None and filter_shape is not None:
        shape = (scope, narrowed_to, filter_shape)
        values.update(ids)

    def build(given: Mapping[str, Any]) -> QuerySet[Case]:
        if narrowed_to == "mine" and person is None:
            return _sorted(Case.objects.none(), filters)  # only a person has a caseload
        who = access.scoped(user, given)
        cases = access.cases_for(who).filter(closed_on__isnull=True)
        if narrowed_to == "team":
            # Narrowing to the team lets PostgreSQL walk the (team, next_due_on, id) index in order.
            cases = cases.filter(team_id=given["my_team"])
        elif narrowed_to == "mine":
            cases = cases.filter(coordinator_id=given["me"])
        return _sorted(_apply_filters(cases, filters, given), filters)

    return ShapedQuery(_CASE_LISTS, shape, build, values)


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
    considered. Each child comes with the cases the user may see (``cases``, prefetched)."""
    visible_cases = access.cases_for(user)
    children = Child.objects.filter(
        Exists(visible_cases.filter(child_id=OuterRef("pk")))
    ).prefetch_related(Prefetch("cases", queryset=visible_cases.order_by("id")))
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
    """Open deadlines on the cases ``user`` may see, soonest first: what the council and the
    professionals must do. The family's own windows (``FAMILY_WINDOWS``) are left out: they are
    choices for the family, never a deadline a coordinator is overdue on."""
    return (
        Deadline.objects.filter(
            case__in=access.cases_for(user), met_on__isnull=True, cancelled_on__isnull=True
        )
        .exclude(rule__in=FAMILY_WINDOWS)
        # Only what the deadlines page shows: each joined table multiplies PostgreSQL's planning
        # (joining the unused ``responsible`` too tripled it, to 9 ms at 50,000 cases).
        .select_related("case__child", "case__coordinator", "case__team")
        .order_by("due_on", "id")
    )


def deadlines_due(user: Actor, *, today: date, when: str, mine_only: bool) -> QuerySet[Deadline]:
    """Open deadlines that are overdue, or due within the next 7 days."""
    return deadlines_due_query(user, today=today, when=when, mine_only=mine_only).queryset()


# The deadlines pages' lists, compiled once per shape as the lists of cases are.
_DEADLINE_LISTS = Shapes("lists of deadlines")


def deadlines_due_query(user: Actor, *, today: date, when: str, mine_only: bool) -> ShapedQuery:
    """``deadlines_due``, to be paged by the kit (``sendcpp.web.paging``) with each page's query
    compiled once per shape: who may see what, which deadlines and whose are the shape; the
    ids and the day's dates the values."""
    scope, ids = access.scope_values(user)
    values: dict[str, Any] = {**ids, "today": today, "week_end": today + timedelta(days=7)}

    def build(given: Mapping[str, Any]) -> QuerySet[Deadline]:
        who = access.scoped(user, given)
        deadlines = open_deadlines(who)
        if mine_only:
            deadlines = deadlines.filter(Q(responsible=who) | _unassigned_on_their_cases(who))
        if when == "overdue":
            return deadlines.filter(due_on__lt=given["today"])
        return deadlines.filter(due_on__gte=given["today"], due_on__lte=given["week_end"])

    shape = None if scope is None else (scope, when, mine_only)
    return ShapedQuery(_DEADLINE_LISTS, shape, build, values)


class WorkToday(TypedDict):
    overdue: int
    this_week: int
    waiting_on_others: int


# The counts are built once per shape of the person's access and reused with each person's ids
# and the day's dates: building and compiling them cost more than running them (bench/README.md).
_WORK_TODAY = Shapes("work today")


def work_today(user: Actor, *, today: date, whole_team: bool = False) -> WorkToday:
    """A coordinator's work at a glance (or their team's): open deadlines overdue and due within
    7 days, and the requests for advice still waiting on others. One query."""
    person = access.signed_in_person(user)
    if person is None:
        return WorkToday(overdue=0, this_week=0, waiting_on_others=0)
    profile = getattr(person, "staff_profile", None)
    by_team = whole_team and profile is not None and profile.team_id is not None
    scope, ids = access.scope_values(person)
    values: dict[str, int | date] = {
        **ids,
        "today": today,
        "week_end": today + timedelta(days=7),
    }

    def counts(given: Mapping[str, Any]) -> QuerySet[Any]:
        return _work_today_counts(
            access.scoped(person, given),
            today=given["today"],
            week_end=given["week_end"],
            whole_team=by_team,
        )

    rows = _WORK_TODAY.rows(None if scope is None else (scope, by_team), counts, values)
    if not rows:
        return WorkToday(overdue=0, this_week=0, waiting_on_others=0)
    # Nothing to count is no row of counts (NULL): none of either.
    overdue, this_week = rows[0]["soon"] or (0, 0)
    return WorkToday(overdue=overdue, this_week=this_week, waiting_on_others=rows[0]["waiting"])


def _work_today_counts(
    person: User, *, today: date, week_end: date, whole_team: bool
) -> QuerySet[Any]:
    """The query of ``work_today``: one row, the person's, with the counts as ``soon`` (overdue
    and this week's, as an array) and ``waiting``."""
    deadlines = open_deadlines(person)
    if whole_team:
        team: Any = person.staff_profile.team_id
        deadlines = deadlines.filter(case__team_id=team)
        cases = access.cases_for(person).filter(team_id=team)
    else:
        # Theirs: the deadlines they answer for, and those nobody answers for on the cases they
        # coordinate. Both tests are on the deadline's own indexed columns, so PostgreSQL reads
        # the two from their indexes at once (a BitmapOr of the person's deadlines and each of
        # their cases' deadlines); joined to the cases instead, it read every overdue deadline
        # in the council first (bench/README.md, "work today").
        deadlines = deadlines.filter(Q(responsible=person) | _unassigned_on_their_cases(person))
        cases = access.cases_for(person).filter(coordinator_id=person.pk)
    # The advice requests are ehcp's records, reached by name as ``access`` reaches them.
    advice = apps.get_model("ehcp", "AdviceRequest")
    waiting = advice.objects.filter(
        status="requested", case__in=cases.filter(closed_on__isnull=True)
    )
    # Overdue and this week's deadlines are counted in one pass over those due by the week's end.
    soon = _counts_of(
        deadlines.filter(due_on__lte=week_end), Q(due_on__lt=today), Q(due_on__gte=today)
    )
    return (
        User.objects.filter(id=person.pk)
        .annotate(soon=soon, waiting=_count(waiting))
        .values("soon", "waiting")[:1]
    )


def _unassigned_on_their_cases(user: Actor) -> Q:
    """Deadlines nobody answers for on the cases ``user`` coordinates. Both tests are on the
    deadline's own columns, the cases as an array, so PostgreSQL reads each case's deadlines from
    their index rather than every open deadline in the council first."""
    cases = ArraySubquery(Case.objects.filter(coordinator_id=user.pk).values("id"))
    return Q(_AnyOf(F("case_id"), cases), responsible__isnull=True)


class _AnyOf(Func):
    """``column = ANY(ARRAY(subquery))``: PostgreSQL reads the column's index once for each value
    the subquery gives, where ``column IN (subquery)`` let it scan a wide range and join."""

    template = "(%(expressions)s))"
    arg_joiner = " = ANY("
    output_field = BooleanField()


def _counts_of(rows: QuerySet[Any], *conditions: Q) -> Subquery:
    """How many of ``rows`` meet each of ``conditions``, counted in one pass over them, as one
    array subquery (zeros when there are none)."""
    counted = (
        rows.order_by()
        # A constant to group by, which Django leaves out: one row of counts over all of them.
        .annotate(_all=Value(True))
        .values("_all")
        .annotate(
            n=Func(
                *(Count("id", filter=condition) for condition in conditions),
                template="ARRAY[%(expressions)s]",
                output_field=ArrayField(BigIntegerField()),
            )
        )
        .values("n")
    )
    return Subquery(counted[:1])


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


# --- One account of the case ----------------------------------------------------------------------


@dataclass(frozen=True)
class AccountStep:
    """One statutory step of a case as everyone reads it: who must act, by when, whether it was
    done, and any lawful exception with its reason in plain English."""

    rule: str
    #: The step's name for staff ("Decide whether to carry out an assessment").
    title: str
    #: Who must act, for the family ("The council", "The school or college", "You").
    who: str
    party: Party
    #: The family's wording: for a family's window the choice it offers ("You can appeal to the
    #: tribunal until 5 February 2027."), otherwise the rule in a sentence.
    text: str
    legal_basis: str
    due_on: date
    met_on: date | None
    cancelled_on: date | None
    #: "done", "done_late", "open", "late", "choice", "choice_ended" or "not_needed".
    state: str
    #: The state in plain English ("Done on 3 March 2026", "Late: this was due on ...").
    state_text: str
    exceptions: tuple[str, ...] = ()

    @property
    def is_choice(self) -> bool:
        return self.party == Party.FAMILY


@dataclass(frozen=True)
class CaseAccount:
    """The one account of a case that every family page and staff page reads."""

    #: Every step, in date order.
    steps: list[AccountStep]
    #: What the council and professionals still have to do, from today on (never a past date).
    next_steps: list[AccountStep]
    #: The family's own open windows, from today on, worded as choices.
    choices: list[AccountStep]
    #: The council's and professionals' steps past their date and not done.
    late: list[AccountStep]
    #: The last day to comment on the draft plan or proposed changes now sent, if any: the same
    #: date on every page.
    comments_close_on: date | None

    @property
    def next_step(self) -> AccountStep | None:
        return self.next_steps[0] if self.next_steps else None


def _long(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _state(deadline: Deadline, due_on: date, rule_is_choice: bool, today: date) -> tuple[str, str]:
    if deadline.cancelled_on is not None:
        return "not_needed", "No longer needed"
    if deadline.met_on is not None:
        if rule_is_choice:
            return "done", f"Done on {_long(deadline.met_on)}"
        if deadline.met_on > due_on:
            return "done_late", f"Done late, on {_long(deadline.met_on)}"
        return "done", f"Done on time, on {_long(deadline.met_on)}"
    if rule_is_choice:
        if due_on < today:
            return "choice_ended", f"This ended on {_long(due_on)}"
        return "choice", f"Until {_long(due_on)}"
    if due_on < today:
        return "late", f"Late: this was due on {_long(due_on)}"
    return "open", f"Due by {_long(due_on)}"


# The case's account is read on every family page of a case and on the family's home page:
# its queries are compiled once per process (``sendcpp.shapes``).
_ACCOUNT = Shapes("a case's account")


def _sent_drafts(case: Any) -> QuerySet[Any]:
    """The date the last draft or proposed changes sent to the family gave for comments
    (``ehcp.PlanVersion``, reached by name: the core imports no domain app), for the case with
    the id ``case`` (a value, or ``OuterRef``)."""
    version_model = apps.get_model("ehcp", "PlanVersion")
    return (
        version_model.objects.filter(
            plan__case_id=case,
            kind__in=["draft", "amendment_notice"],
            comments_close_on__isnull=False,
        )
        .order_by("-number")
        .values("comments_close_on")[:1]
    )


def with_sent_draft(cases: QuerySet[Case]) -> QuerySet[Case]:
    """``cases`` each with the date its last draft sent gave for comments (``case_account``
    then asks no query for it)."""
    if not apps.is_installed("ehcp"):
        return cases
    return cases.annotate(sent_draft_closes_on=Subquery(_sent_drafts(OuterRef("pk"))))


def _sent_draft_closes_on(case: Case) -> date | None:
    read: date | None = getattr(case, "sent_draft_closes_on", _NOT_LOADED)
    if read is not _NOT_LOADED:
        return read
    if not apps.is_installed("ehcp"):
        return None
    rows = _ACCOUNT.rows(
        "comments close", lambda given: _sent_drafts(given["case"]), {"case": case.pk}
    )
    return rows[0]["comments_close_on"] if rows else None


def _deadlines_of(given: Mapping[str, Any]) -> QuerySet[Deadline]:
    # Each deadline's exceptions, as the kinds recorded (in order), read with it.
    kinds = DeadlineException.objects.filter(deadline=OuterRef("pk")).order_by("id").values("kind")
    return (
        Deadline.objects.filter(case_id=given["case"], rule__in=list(RULES))
        .annotate(exception_kinds=ArraySubquery(kinds))
        .order_by("due_on", "id")
    )


def case_account(case: Case, *, today: date | None = None) -> CaseAccount:
    """Each statutory step of ``case`` with who must act, its date, whether it was met and any
    exception; what happens next (future dates only); the family's windows worded as choices.
    Two queries, each compiled once: the deadlines with their exceptions, and the draft now
    sent."""
    today = today or timezone.localdate()
    comments_close_on = _sent_draft_closes_on(case)
    steps: list[AccountStep] = []
    for deadline in _ACCOUNT.objects("deadlines", _deadlines_of, {"case": case.pk}):
        rule = RULES[deadline.rule]
        is_choice = rule.party == Party.FAMILY
        due_on = deadline.due_on
        if (
            deadline.rule in {"draft_plan_comments", "amendment_comments"}
            and deadline.is_open
            and comments_close_on is not None
        ):
            # The date the family was told in the letter with the draft, on every page.
            due_on = comments_close_on
        state, state_text = _state(deadline, due_on, is_choice, today)
        text = (
            f"{rule.choice} {_long(due_on)}." if is_choice and rule.choice else rule.plain_english
        )
        steps.append(
            AccountStep(
                rule=deadline.rule,
                title=rule.title,
                who=who_acts(rule),
                party=rule.party,
                text=text,
                legal_basis=rule.legal_basis,
                due_on=due_on,
                met_on=deadline.met_on,
                cancelled_on=deadline.cancelled_on,
                state=state,
                state_text=state_text,
                exceptions=tuple(
                    EXCEPTION_TEXT.get(kind, "A lawful exception applies")
                    for kind in deadline.exception_kinds
                ),
            )
        )
    steps.sort(key=lambda step: step.due_on)
    return CaseAccount(
        steps=steps,
        next_steps=[step for step in steps if step.state == "open"],
        choices=[step for step in steps if step.state == "choice"],
        late=[step for step in steps if step.state == "late"],
        comments_close_on=comments_close_on,
    )


# --- The family's one preference of school or college ---------------------------------------------


@dataclass(frozen=True)
class FamilyPreference:
    """The school or college the family would like, however they told us: on the tailored list
    (``placements.TailoredList``) or in their response to a draft plan or proposed changes
    (``ehcp.SettingPreference``). The latest is the family's preference, shown everywhere."""

    setting_id: int | None
    name: str
    reasons: str
    stated_at: datetime


_NOT_LOADED: Any = object()


# Read on the pages of a plan, a tailored list and a consultation: each query compiled once per
# process (``sendcpp.shapes``).
_PREFERENCES = Shapes("a family's preference of setting")


def family_preference(case: Case, *, tailored_list: Any = _NOT_LOADED) -> FamilyPreference | None:
    """The family's latest stated preference of school or college, or None. Two queries (one if
    the caller passes the case's ``tailored_list``, loaded with its preferred setting, or None when
    the case has none); the apps' models are reached by name (the core imports no domain app)."""
    found: list[FamilyPreference] = []
    if apps.is_installed("ehcp"):
        answers = apps.get_model("ehcp", "SettingPreference")
        stated = _PREFERENCES.first(
            "stated in answer to a draft",
            lambda given: (
                answers.objects.filter(version__plan__case_id=given["case"])
                .select_related("setting")
                .order_by("-created_at", "-id")[:1]
            ),
            {"case": case.pk},
        )
        if stated is not None:
            found.append(
                FamilyPreference(
                    stated.setting_id,
                    stated.setting_name or (stated.setting.name if stated.setting else ""),
                    stated.reasons,
                    stated.created_at,
                )
            )
    if tailored_list is not _NOT_LOADED:
        tailored = tailored_list
    elif apps.is_installed("placements"):
        lists = apps.get_model("placements", "TailoredList")
        tailored = _PREFERENCES.first(
            "stated on a tailored list",
            lambda given: (
                lists.objects.filter(case_id=given["case"], preference_stated_at__isnull=False)
                .select_related("preferred_setting")
                .order_by("-preference_stated_at")[:1]
            ),
            {"case": case.pk},
        )
    else:
        tailored = None
    if (
        tailored is not None
        and tailored.preferred_setting is not None
        and tailored.preference_stated_at is not None
    ):
        found.append(
            FamilyPreference(
                tailored.preferred_setting_id,
                tailored.preferred_setting.name,
                tailored.preference_reasons,
                tailored.preference_stated_at,
            )
        )
    # The latest wins; at the same instant, the answer to the draft (the statutory request).
    return max(found, key=lambda preference: preference.stated_at, default=None)


# --- Who viewed a child's record, as the family reads it ------------------------------------------

_WHAT_WORDS = {
    "case": "the case",
    "plan": "the plan",
    "issued plan": "the plan",
    "document": "a document",
    "advice request": "a request for advice",
    "child record": "your child's details",
    "messages": "your messages",
}


@dataclass(frozen=True)
class Viewer:
    """One read of a child's record, as the family sees it: which organisation and role (a name
    only when the council chooses, ``FAMILY_SEES_STAFF_NAMES``), what, and when."""

    at: datetime
    who: str
    organisation: str
    what: str


def record_views_for_family(child: Child) -> QuerySet[AccessLog]:
    """The reads of ``child``'s record, newest first, for keyset paging (the child index)."""
    return (
        AccessLog.objects.filter(child=child)
        .select_related("user__organisation", "user__staff_profile", "api_client__organisation")
        .order_by("-at", "-id")
    )


def viewer(read: AccessLog, *, me: User, show_names: bool) -> Viewer:
    """Who read the record, worded for the family."""
    what = _WHAT_WORDS.get(read.what, read.what)
    if read.api_client is not None:
        name = read.api_client.organisation.name
        return Viewer(read.at, "A computer system", name, what)
    user = read.user
    if user is None:
        return Viewer(read.at, "Someone at the council", "", what)
    if user.pk == me.pk:
        return Viewer(read.at, "You", "", what)
    organisation = user.organisation.name if user.organisation is not None else ""
    if user.account_type == User.AccountType.FAMILY:
        return Viewer(read.at, "Someone in your family", "", what)
    profile = getattr(user, "staff_profile", None)
    if profile is not None:
        role = profile.get_role_display()
    elif user.account_type == User.AccountType.SETTING:
        role = "Staff at a school or college"
    elif user.account_type == User.AccountType.PROFESSIONAL:
        role = "A professional giving advice"
    else:
        role = "Staff"
    who = f"{user.get_full_name()} ({role})" if show_names and user.get_full_name() else role
    return Viewer(read.at, who, organisation, what)
