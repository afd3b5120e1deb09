"""HTML views for the shared case model. Thin: parse input, ask ``access``/selectors, call one
service, render."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.views.decorators.http import require_http_methods, require_POST

from sendcpp import access, evidence, rows, selectors, services
from sendcpp.access import Action
from sendcpp.calendar import bank_holidays, coverage_warning
from sendcpp.deadlines import EXCEPTION_TEXT
from sendcpp.exceptions import DomainError
from sendcpp.forms import (
    AssignCoordinatorForm,
    CaseFilterForm,
    ChildSearchForm,
    ContactPreferencesForm,
    DeadlineExceptionForm,
    DocumentUploadForm,
    FamilySharingForm,
    NoteForm,
    ReassignCasesForm,
)
from sendcpp.models import (
    FAMILY_STAGE_TEXT,
    ApiClient,
    Case,
    Deadline,
    Relationship,
    SavedView,
    StaffProfile,
    Team,
    User,
)
from sendcpp.shapes import ShapedQuery, Shapes
from sendcpp.web.handling import handle_form, posted
from sendcpp.web.paging import paginate


def _case_url(case: Any) -> str:
    return reverse("sendcpp:case-detail", kwargs={"case_id": case.public_id})


def _case_form_context(case: Any) -> dict[str, Any]:
    """What a form page about one case shows around the form."""
    return {
        "case": case,
        "caption": f"Case {case.reference}",
        "back_url": _case_url(case),
        "back_text": "Back to the case",
    }


def home(request: HttpRequest) -> HttpResponse:
    """Each person lands where their work is: a caseload, their children, or their requests."""
    user = request.user
    if access.is_family(user):
        return family_home(request)
    if access.is_la_staff(user):
        return caseload(request)
    return render(
        request,
        "sendcpp/home_other.html",
        {"cases": access.cases_for(user)[:50], "advice": _advice_waiting(user)},
    )


def _advice_waiting(user: Any) -> list[Any]:
    """A professional's or setting's requests for advice still waiting for them, oldest first
    (``ehcp``'s records, reached by name as ``access`` does, through its access clause)."""
    from django.apps import apps

    model = apps.get_model("ehcp", "AdviceRequest")
    waiting = access.records_for(user, model.objects.filter(status="requested"))
    return list(waiting.select_related("case__child").order_by("requested_on", "id")[:11])


#: How each order of a list of cases is described: (the column, ascending, descending).
_SORT_WORDS = {
    "due": ("next deadline", "soonest first", "latest first"),
    "surname": ("child's surname", "A to Z", "Z to A"),
    "stage": ("stage", "from the request to the end", "from the end back to the request"),
    "opened": ("date the case opened", "oldest first", "newest first"),
}


def _sorting(request: HttpRequest, filters: Any) -> dict[str, Any]:
    """The sortable column headers of a list of cases (``aria-sort`` and the link that sorts by
    the column, the other way round if it is the current sort; back to the first page), and the
    sentence that says how the list is sorted."""
    current = filters.get("sort") or selectors.DEFAULT_SORT
    descending = filters.get("order") == "desc"
    headers = {}
    for key in selectors.SORTS:
        query = request.GET.copy()
        for stale in ("after", "before", "page"):
            query.pop(stale, None)
        query["sort"] = key
        query["order"] = "asc" if key != current or descending else "desc"
        state = "none"
        if key == current:
            state = "descending" if descending else "ascending"
        headers[key] = {"aria_sort": state, "href": f"?{query.urlencode()}"}
    column, up, down = _SORT_WORDS[current]
    return {
        "sort_headers": headers,
        "sorted_by": f"sorted by {column}, {down if descending else up}",
    }


def _several_letters(user: Any) -> dict[str, Any] | None:
    """Coordinators and managers can choose cases in a list to make a letter for each (the
    letters app's page: ``letters:several``)."""
    if not (access.is_coordinator(user) or access.is_manager(user)):
        return None
    return {"form_id": "several-letters"}


# The caseload's saved views, by the person's id: one query compiled once (``sendcpp.shapes``).
_SAVED_VIEWS = Shapes("saved views")
# The lists' filters' teams and coordinators, by the team's or the authority's id.
_FILTER_OPTIONS = Shapes("the lists' filter options")


def caseload(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    whole_team = request.GET.get("view") == "team"
    form = CaseFilterForm(request.GET or None)
    form.fields.pop("team")
    profile = getattr(request.user, "staff_profile", None)
    if whole_team and profile is not None and profile.team_id is not None:
        # The team's caseload can be narrowed to one of its coordinators.
        form.offer_coordinators(
            ShapedQuery(
                _FILTER_OPTIONS,
                "a team's coordinators",
                lambda given: User.objects.filter(
                    staff_profile__team_id=given["team"], is_active=True
                ),
                {"team": profile.team_id},
            )
        )
    else:
        form.fields.pop("coordinator")
    filters = form.cleaned_data if form.is_valid() else {}
    cases = selectors.caseload_query(
        request.user, filters=filters, today=today, whole_team=whole_team
    )
    return render(
        request,
        "sendcpp/caseload.html",
        {
            "form": form,
            "today": today,
            "whole_team": whole_team,
            **_work_today(request.user, today, whole_team=whole_team),
            "saved_views": _SAVED_VIEWS.objects(
                "by person",
                lambda given: SavedView.objects.filter(user_id=given["person"])[:20],
                {"person": request.user.pk},
            ),
            "view_query": _view_query(request),
            **_sorting(request, filters),
            "several_letters": _several_letters(request.user),
            **paginate(request, cases, seek=True),
        },
    )


def all_cases(request: HttpRequest) -> HttpResponse:
    access.require(access.is_manager(request.user))
    today = timezone.localdate()
    form = CaseFilterForm(request.GET or None)
    authority = {"authority": request.user.organisation_id}
    form.offer_teams(
        ShapedQuery(
            _FILTER_OPTIONS,
            "an authority's teams",
            lambda given: Team.objects.filter(local_authority_id=given["authority"]),
            authority,
        )
    )
    form.offer_coordinators(
        ShapedQuery(
            _FILTER_OPTIONS,
            "an authority's coordinators",
            lambda given: User.objects.filter(
                organisation_id=given["authority"],
                staff_profile__role=StaffProfile.Role.COORDINATOR,
            ),
            authority,
        )
    )
    filters = form.cleaned_data if form.is_valid() else {}
    cases = selectors.all_cases_query(request.user, filters=filters, today=today)
    return render(
        request,
        "sendcpp/all_cases.html",
        {
            "form": form,
            "today": today,
            **_sorting(request, filters),
            "several_letters": _several_letters(request.user),
            **paginate(request, cases, seek=True),
        },
    )


# Searches kept in the session, keyed by an opaque token, so that the terms (names, dates of
# birth) never appear in an address: not in the browser's history, server logs or Referer.
SEARCHES_KEY = "sendcpp_child_searches"
SEARCHES_KEPT = 10


def _remember_search(request: HttpRequest, terms: dict[str, str]) -> str:
    searches = dict(request.session.get(SEARCHES_KEY, {}))
    token = secrets.token_urlsafe(12)
    searches[token] = terms
    # Keep only the most recent searches (dicts keep their insertion order).
    request.session[SEARCHES_KEY] = dict(list(searches.items())[-SEARCHES_KEPT:])
    return token


@require_http_methods(["GET", "POST"])
def child_search(request: HttpRequest) -> HttpResponse:
    """Find a child. The form is posted; the results page (and its pages) carry only an opaque
    token for the search, never the terms."""
    access.require(access.is_la_staff(request.user))
    if request.method == "POST":
        form = ChildSearchForm(request.POST)
        if form.is_valid():
            date_of_birth = form.cleaned_data["date_of_birth"]
            token = _remember_search(
                request,
                {
                    "q": form.cleaned_data["q"] or "",
                    "date_of_birth": date_of_birth.isoformat() if date_of_birth else "",
                },
            )
            return redirect(f"{reverse('sendcpp:child-search')}?search={token}")
        return render(request, "sendcpp/child_search.html", {"form": form})
    token = request.GET.get("search", "")
    terms = request.session.get(SEARCHES_KEY, {}).get(token) if token else None
    if terms is None:
        context: dict[str, Any] = {"form": ChildSearchForm(), "expired": bool(token)}
        return render(request, "sendcpp/child_search.html", context)
    born = date.fromisoformat(terms["date_of_birth"]) if terms["date_of_birth"] else None
    form = ChildSearchForm(initial={"q": terms["q"], "date_of_birth": born})
    children = selectors.search_children(request.user, text=terms["q"], date_of_birth=born)
    return render(
        request,
        "sendcpp/child_search.html",
        {
            "form": form,
            "searched": True,
            "closest": "closeness" in children.query.annotations,
            **paginate(request, children),
        },
    )


def case_detail(request: HttpRequest, case_id: str) -> HttpResponse:
    family = access.is_family(request.user)
    # Staff see buttons by their rights to change and reassign: asked with the case, one query.
    rights = () if family else (Action.EDIT, Action.ASSIGN)
    case = access.get_case_or_404(request.user, case_id, rights=rights)
    today = timezone.localdate()
    events, documents = _timeline_and_documents(request.user, case)
    if family:
        title, next_step = FAMILY_STAGE_TEXT[case.stage]
        return render(
            request,
            "sendcpp/family_case.html",
            {
                "case": case,
                "today": today,
                "events": events,
                "documents": documents,
                "stage_title": title,
                "next_step": next_step,
                "account": selectors.case_account(case, today=today),
                "is_young_person": Relationship.objects.filter(
                    child_id=case.child_id, user=request.user, kind=Relationship.Kind.SELF
                ).exists(),
            },
        )
    # The table shows whether an exception was recorded (a column), not the exceptions.
    case_deadlines = _CASE_PAGE.objects("deadlines", _deadlines_of_case, {"case": case.pk})
    # Whether an open deadline's date lies beyond the bank holidays loaded: read them once for
    # the table, not once a row.
    holidays = bank_holidays()
    for deadline in case_deadlines:
        deadline.coverage = coverage_warning(deadline.due_on, holidays) if deadline.is_open else ""
    return render(
        request,
        "sendcpp/case_detail.html",
        {
            "case": case,
            "today": today,
            "events": events,
            "documents": documents,
            "relationships": _CASE_PAGE.objects(
                "relationships", _relationships_of_child, {"child": case.child_id}
            ),
            "can_edit": case.rights[Action.EDIT],
            "can_assign": case.rights[Action.ASSIGN],
            "can_view_audit": access.can_view_audit(request.user),
            "note_form": NoteForm(),
            "deadlines": case_deadlines,
            "evidence_panels": evidence.panels_for(request.user, case),
        },
    )


# A case's page reads its lists by the case's id, each compiled once per shape (``sendcpp.shapes``):
# what the viewer may read of them (staff-only entries or not) is the shape.
_CASE_PAGE = Shapes("a case's page")


def _timeline_and_documents(user: Any, case: Case) -> tuple[list[Any], list[Any]]:
    """The latest 100 entries of the case's timeline and its documents that ``user`` may read
    (``access.timeline_for``, ``access.documents_for``)."""
    # What the viewer may read of them is the shape: staff-only entries or not (and, were a
    # partner key to read a page, whether it may open documents at all).
    staff = access.sees_staff_only_content(user)
    no_documents = isinstance(user, ApiClient) and not user.has_scope(
        ApiClient.Scope.DOCUMENTS_READ
    )
    values = {"case": case.pk}
    events = _CASE_PAGE.objects(
        ("timeline", staff),
        lambda given: access.timeline_for(user, Case(pk=given["case"]))[:100],
        values,
    )
    documents = _CASE_PAGE.objects(
        ("documents", staff, no_documents),
        lambda given: access.documents_for(user, Case(pk=given["case"])).select_related(
            "uploaded_by"
        )[:100],
        values,
    )
    return events, documents


def _deadlines_of_case(given: Mapping[str, Any]) -> QuerySet[Deadline]:
    return Deadline.objects.filter(case_id=given["case"]).order_by("due_on", "id")


def _relationships_of_child(given: Mapping[str, Any]) -> QuerySet[Relationship]:
    return Relationship.objects.filter(child_id=given["child"]).order_by("id")


@require_http_methods(["GET", "POST"])
def document_upload(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access.get_case_or_404(request.user, case_id, Action.EDIT)
    return handle_form(
        request,
        DocumentUploadForm(request.POST or None, request.FILES or None),
        call=lambda data: services.add_document(
            case,
            upload=data["file"],
            title=data["title"],
            kind=data["kind"],
            audience=data["audience"],
            by=request.user,
        ),
        success="Document added",
        next_url=_case_url(case),
        context={
            **_case_form_context(case),
            "title": "Add a document",
            "submit": "Add document",
            "multipart": True,
        },
    )


def document_download(request: HttpRequest, document_id: str) -> FileResponse:
    document = access.get_document_or_404(request.user, document_id)
    if not document.file:
        raise access.Http404("The document has not been generated")
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_filename or "document",
        content_type=document.content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
def assign_coordinator(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access.get_case_or_404(request.user, case_id, Action.ASSIGN)
    form = AssignCoordinatorForm(request.POST or None)
    form.fields["coordinator"].queryset = access.assignable_coordinators(
        request.user, case
    ).order_by("last_name", "first_name")
    form.fields["coordinator"].label_from_instance = lambda u: u.display_name
    return handle_form(
        request,
        form,
        call=lambda data: services.assign_coordinator(
            case, coordinator=data["coordinator"], by=request.user
        ),
        success="Coordinator changed",
        next_url=_case_url(case),
        context={
            **_case_form_context(case),
            "title": "Change coordinator",
            "submit": "Change coordinator",
        },
    )


@require_POST
def add_note(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access.get_case_or_404(request.user, case_id, Action.EDIT)
    return handle_form(
        request,
        NoteForm(request.POST),
        call=lambda data: services.add_note(case, text=data["text"], by=request.user),
        success="Note added",
        next_url=_case_url(case),
        context={
            **_case_form_context(case),
            "title": "Add a note",
            "submit": "Save note",
            "action": reverse("sendcpp:add-note", kwargs={"case_id": case.public_id}),
        },
    )


@require_http_methods(["GET", "POST"])
def family_sharing(request: HttpRequest, case_id: str) -> HttpResponse:
    """A young person (16+) with their own login chooses whether their parents and carers may
    see their case. Anyone else: 404."""
    case = access.get_case_or_404(request.user, case_id)
    mine = Relationship.objects.filter(
        child_id=case.child_id, user=request.user, kind=Relationship.Kind.SELF
    ).first()
    if mine is None:
        raise Http404
    form = FamilySharingForm(
        posted(request), initial={"shares": "yes" if mine.shares_with_family else "no"}
    )
    back = reverse("sendcpp:case-detail", kwargs={"case_id": case.public_id})
    return handle_form(
        request,
        form,
        call=lambda data: services.set_family_sharing(
            case, shares=data["shares"] == "yes", by=request.user
        ),
        success="Your choice has been saved.",
        next_url=back,
        context={
            "case": case,
            "title": "Who else can see your case",
            "intro": [
                "You are 16 or over, so you make your own decisions about your plan.",
                "You can choose whether your parents or carers can see your case here. You can "
                "change your mind at any time.",
            ],
            "submit": "Save your choice",
            "back_url": back,
        },
    )


def family_record_views(request: HttpRequest, case_id: str) -> HttpResponse:
    """For the family: which organisations and roles opened their child's record, and when (the
    read log). Staff names only if the council chooses (``FAMILY_SEES_STAFF_NAMES``)."""
    if not access.is_family(request.user):
        raise Http404
    case = access.get_case_or_404(request.user, case_id)
    page = paginate(request, selectors.record_views_for_family(case.child), seek=True)
    show_names = settings.FAMILY_SEES_STAFF_NAMES
    page["viewers"] = [
        selectors.viewer(read, me=request.user, show_names=show_names) for read in page["page_obj"]
    ]
    return render(request, "sendcpp/family/record_views.html", {"case": case, **page})


@require_http_methods(["GET", "POST"])
def family_contact_preferences(request: HttpRequest) -> HttpResponse:
    """A family member chooses how we contact them, in which language and format, and whether
    they get one daily summary instead of an email for each update."""
    if not access.is_family(request.user):
        raise Http404
    current = Relationship.objects.filter(user=request.user).order_by("id").first()
    initial = {
        "contact_format": current.contact_format if current else "email",
        "phone": current.phone if current else "",
        "contact_language": current.contact_language if current else "English",
        "needs_interpreter": current.needs_interpreter if current else False,
        "wants_digest": "daily" if request.user.wants_digest else "each",
    }
    return handle_form(
        request,
        ContactPreferencesForm(posted(request), initial=initial),
        call=lambda data: services.set_contact_preferences(
            request.user,
            contact_format=data["contact_format"],
            phone=data["phone"],
            contact_language=data["contact_language"],
            needs_interpreter=data["needs_interpreter"],
            wants_digest=data["wants_digest"] == "daily",
        ),
        success="Your choices have been saved.",
        next_url=reverse("sendcpp:home"),
        context={
            "title": "How we contact you",
            "intro": [
                "Tell us how you would like letters and updates, and in which language. We can "
                "also send them in large print, easy read or Braille.",
                "Emails and texts only say that there is an update. Sign in to read it.",
            ],
            "submit": "Save your choices",
            "back_url": reverse("sendcpp:home"),
        },
    )


def family_home(request: HttpRequest) -> HttpResponse:
    user = request.user
    scope, ids = access.scope_values(user)

    def build(given: Mapping[str, Any]) -> QuerySet[Case]:
        who = access.scoped(user, given)
        cases = access.cases_for(who).select_related("child", "coordinator")
        return selectors.with_sent_draft(cases).order_by("child__legal_first_name", "id")[:20]

    today = timezone.localdate()
    items = [
        (case, *FAMILY_STAGE_TEXT[case.stage], selectors.case_account(case, today=today))
        for case in _FAMILY_HOME.objects(scope, build, ids)
    ]
    return render(request, "sendcpp/family_home.html", {"items": items, "today": today})


# The family's children's cases, compiled once (``sendcpp.shapes``): found by the person's id.
_FAMILY_HOME = Shapes("a family's cases")


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "sendcpp/accessibility.html")


@login_not_required
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "sendcpp/privacy.html")


EXCEPTION_LABELS = dict(EXCEPTION_TEXT)


# The managers' table of deadlines by coordinator adds up every open deadline in the authority,
# and a team's work today every open deadline of the team: kept for a minute, for the same person
# only (the key names them), so moving between the tabs and the pages of a list does not add
# them up again. The page says when they were counted.
COUNTS_KEPT_SECONDS = 60


def _kept_counts(name: str, user: Any, count: Callable[[], Any]) -> tuple[Any, Any]:
    """``count()`` and when it was counted, kept a minute for ``user`` under ``name``."""
    key = f"sendcpp:{name}:{user.pk}"
    kept = cache.get(key)
    if kept is None:
        kept = (count(), timezone.now())
        cache.set(key, kept, COUNTS_KEPT_SECONDS)
    return kept


def _deadline_counts(user: Any, today: date) -> tuple[tuple[dict[str, int], SafeString], Any]:
    """The manager's totals (overdue, due this week) and the table's rows by coordinator, kept
    together a minute: the rows are written once, not on every page (``rows``)."""

    def count() -> tuple[dict[str, int], SafeString]:
        counts = selectors.deadline_counts_by_coordinator(user, today=today)
        totals = {when: sum(row[when] for row in counts) for when in ("overdue", "this_week")}
        return totals, rows.deadline_count_rows(counts) if counts else SafeString("")

    # Named anew when what is kept changes shape: a server still running the earlier code may
    # be reading the same cache while a deploy rolls out.
    return _kept_counts(f"deadline-table:{today.isoformat()}", user, count)


def _work_today(user: Any, today: date, *, whole_team: bool) -> dict[str, Any]:
    """The work today on the caseload: a person's own counted afresh each time; their team's
    kept a minute (``counted_at`` says when)."""
    profile = getattr(user, "staff_profile", None)
    if not whole_team or profile is None or profile.team_id is None:
        return {"work": selectors.work_today(user, today=today, whole_team=whole_team)}
    work, counted_at = _kept_counts(
        f"team-work:{profile.team_id}:{today.isoformat()}",
        user,
        lambda: selectors.work_today(user, today=today, whole_team=True),
    )
    return {"work": work, "counted_at": counted_at}


def deadlines(request: HttpRequest) -> HttpResponse:
    """What is due this week and what is overdue: a coordinator's own, or (for managers) the LA's,
    with counts by coordinator and team."""
    access.require(access.is_la_staff(request.user))
    today = timezone.localdate()
    when = "overdue" if request.GET.get("when") == "overdue" else "week"
    manager = access.is_manager(request.user)
    mine_only = not manager and request.GET.get("view") != "team"
    items = selectors.deadlines_due_query(request.user, today=today, when=when, mine_only=mine_only)
    context = {
        "when": when,
        "today": today,
        "mine_only": mine_only,
        "manager": manager,
        **paginate(request, items, seek=True),
    }
    if manager:
        (totals, context["count_rows"]), context["counted_at"] = _deadline_counts(
            request.user, today
        )
        # The list itself is never counted; the manager's table by coordinator gives the total.
        context["total"] = totals["overdue" if when == "overdue" else "this_week"]
    return render(request, "sendcpp/deadlines.html", context)


@require_http_methods(["GET", "POST"])
def record_deadline_exception(request: HttpRequest, case_id: str, deadline_id: str) -> HttpResponse:
    from sendcpp import clock
    from sendcpp.deadlines import EXCEPTIONS_BY_RULE
    from sendcpp.models import Deadline

    case = access.get_case_or_404(request.user, case_id, Action.EDIT)
    deadline = Deadline.objects.filter(case=case, public_id=deadline_id).first()
    if deadline is None:
        raise access.Http404("No such deadline")
    form = DeadlineExceptionForm(request.POST or None)
    allowed = EXCEPTIONS_BY_RULE.get(deadline.rule, frozenset())
    form.fields["kind"].choices = [
        (str(k), EXCEPTION_LABELS.get(str(k), str(k))) for k in sorted(allowed)
    ]
    return handle_form(
        request,
        form,
        call=lambda data: clock.record_exception(
            deadline,
            kind=data["kind"],
            reason=data["reason"],
            evidence=data["evidence"],
            by=request.user,
        ),
        success="Exception recorded. The statutory date is unchanged.",
        next_url=_case_url(case),
        template="sendcpp/deadline_exception.html",
        context={
            **_case_form_context(case),
            "title": "Record an exception to a time limit",
            "submit": "Record exception",
            "deadline": deadline,
            "no_exceptions": not allowed,
        },
    )


def notification_list(request: HttpRequest) -> HttpResponse:
    """The signed-in person's messages and reminders, newest first."""
    from sendcpp import notifications

    return render(
        request, "sendcpp/notifications.html", paginate(request, notifications.inbox(request.user))
    )


@require_POST
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark a message read and follow its link (only ever a path in this service)."""
    from sendcpp import notifications
    from sendcpp.models import Notification

    notification = Notification.objects.filter(recipient=request.user, pk=notification_id).first()
    if notification is None:
        raise access.Http404("No such message")
    notifications.mark_read(request.user, notification.pk)
    link = notification.link
    # Only a path on this site: not another host, scheme-relative (//) or backslash (/\) form.
    on_this_site = link.startswith("/") and url_has_allowed_host_and_scheme(
        link, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(link if on_this_site else "/")


@require_http_methods(["GET", "POST"])
def reassign_cases(request: HttpRequest) -> HttpResponse:
    """Move several of one coordinator's open cases to another in one action: choose the cases
    and the new coordinator, confirm once, and see what happened to each case."""
    access.require(access.is_manager(request.user) or access.is_coordinator(request.user))
    user = request.user
    profile = user.staff_profile
    coordinators = User.objects.filter(
        is_active=True,
        staff_profile__role=StaffProfile.Role.COORDINATOR,
        organisation_id=user.organisation_id,
    )
    if not access.is_manager(user):
        coordinators = coordinators.filter(staff_profile__team_id=profile.team_id)
    coordinators = coordinators.order_by("last_name", "first_name", "id")
    form = ReassignCasesForm(posted(request) or request.GET or None, coordinators=coordinators)
    cases = []
    if form.is_bound and form["source"].value():
        source = coordinators.filter(public_id=form["source"].value()).first()
        if source is not None:
            cases = list(
                access.cases_for(user, Action.ASSIGN)
                .filter(coordinator=source, closed_on__isnull=True)
                .select_related("child")
                .order_by("reference")[:200]
            )
    form.fields["cases"].choices = [
        (str(case.public_id), f"{case.child.full_name}, {case.reference}") for case in cases
    ]
    results: list[tuple[Any, str]] = []
    if request.method == "POST" and form.is_valid():
        chosen = {str(value) for value in form.cleaned_data["cases"]}
        for case in cases:
            if str(case.public_id) not in chosen:
                continue
            try:
                services.assign_coordinator(
                    case, coordinator=form.cleaned_data["coordinator"], by=user
                )
            except DomainError as error:
                results.append((case, error.message))
            else:
                results.append((case, ""))
    return render(
        request,
        "sendcpp/reassign_cases.html",
        {"form": form, "cases": cases, "results": results},
    )


#: The caseload's query parameters a saved view keeps (never a page cursor).
_VIEW_PARAMETERS = (
    "view",
    "q",
    "stage",
    "due",
    "need",
    "setting",
    "age",
    "coordinator",
    "sort",
    "order",
)


def _view_query(request: HttpRequest) -> str:
    kept = request.GET.copy()
    for key in list(kept):
        if key not in _VIEW_PARAMETERS or not kept.get(key):
            del kept[key]
    return kept.urlencode()


@require_POST
def save_view(request: HttpRequest) -> HttpResponse:
    """Save the caseload's current filters under a name, for this person only."""
    access.require(access.is_la_staff(request.user))
    name = (request.POST.get("name") or "").strip()[:60]
    query = QueryDict(request.POST.get("query") or "")
    kept = QueryDict(mutable=True)
    for key in _VIEW_PARAMETERS:
        if query.get(key):
            kept[key] = query[key][:100]
    if not name:
        messages.error(request, "Enter a name for the view")
    else:
        SavedView.objects.update_or_create(
            user=request.user, name=name, defaults={"query": kept.urlencode()}
        )
        messages.success(request, f"View “{name}” saved")
    return redirect(f"{reverse('sendcpp:home')}?{kept.urlencode()}")


@require_POST
def delete_view(request: HttpRequest, view_id: int) -> HttpResponse:
    access.require(access.is_la_staff(request.user))
    SavedView.objects.filter(user=request.user, pk=view_id).delete()
    messages.success(request, "View removed")
    return redirect("sendcpp:home")
