"""Pages for advice: asking for it, the advisor's requests and the typed templates they give it
on, and the single-use link for advisors without a sign-in."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ehcp import forms as ehcp_forms
from ehcp import selectors, services
from ehcp.models import AdviceKind, AdviceRequest
from ehcp.views.pages import case_url, form_page
from sendcpp import access
from sendcpp.access import Action
from sendcpp.exceptions import DomainError
from sendcpp.web.forms import apply_domain_error
from sendcpp.web.handling import handle_form, posted
from sendcpp.web.paging import paginate

# --- Advice ---------------------------------------------------------------------------------------


def advice_inbox(request: HttpRequest) -> HttpResponse:
    """A professional's or setting's requests for advice (and LA staff's, across their cases)."""
    requests = selectors.advice_requests_for(request.user).order_by(
        "status", "-requested_on", "-id"
    )
    page = paginate(request, requests)
    drafted = selectors.drafted_by(request.user, [item.pk for item in page["page_obj"]])
    return render(request, "ehcp/advice_inbox.html", {**page, "drafted": drafted})


@require_http_methods(["GET", "POST"])
def advice_new(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access.get_case_or_404(request.user, case_id, Action.EDIT)
    review = None
    if request.GET.get("review"):
        review = selectors.get_review_or_404(request.user, request.GET["review"], Action.EDIT)
        if review.case_id != case.pk:
            raise Http404("No such review")
    kind = request.GET.get("kind", "")
    kind = kind if kind in AdviceKind.values and review is None else ""
    everyone = request.GET.get("everyone") == "1"
    contributors = selectors.contributors_for(
        AdviceKind.REVIEW if review is not None else kind or None, everyone=everyone
    )
    form = ehcp_forms.AdviceRequestForm(
        request.POST or None,
        review=review is not None,
        contributors=contributors,
        initial={"requested_on": timezone.localdate(), "share_family_views": True, "kind": kind},
    )
    return form_page(
        request,
        form,
        call=lambda data: services.request_advice(
            case,
            kind=data.get("kind", "review"),
            advisor=data["advisor"],
            advisor_name=data["advisor_name"],
            advisor_email=data["advisor_email"],
            advisor_profession=data["advisor_profession"],
            template=data["template"],
            requested_on=data["requested_on"],
            questions=data["questions"],
            share_family_views=data["share_family_views"],
            share_other_advice=data["share_other_advice"],
            review=review,
            by=request.user,
        ),
        success="Request sent. Advice is due within 6 weeks.",
        next_url=lambda result: reverse(
            "ehcp:advice-detail", kwargs={"request_id": result.public_id}
        ),
        context={
            "case": case,
            "title": "Ask for a contribution to the review" if review else "Ask for advice",
            "intro": [
                "Professionals must give their advice within 6 weeks of being asked "
                "(SEND Regulations 2014, regulation 8). They see only what you share here."
            ],
            "submit": "Send the request",
            "back_url": case_url(case),
            "intro_template": "ehcp/partials/advisor_filter.html",
            "advice_kinds": [] if review else _kind_links(request, kind),
            "listing_everyone": not contributors.filtered,
            "kind_label": AdviceKind(kind).label if kind else "",
        },
    )


def _kind_links(request: HttpRequest, chosen: str) -> list[tuple[str, str, bool]]:
    """Links that list only the people who give each kind of advice (no script needed)."""
    base = request.path
    return [
        (str(label), f"{base}?kind={value}", value == chosen)
        for value, label in AdviceKind.choices
        if value != AdviceKind.REVIEW
    ]


def advice_detail(request: HttpRequest, request_id: str) -> HttpResponse:
    advice_request = selectors.get_advice_request_or_404(request.user, request_id)
    page = selectors.advice_request_page(advice_request)
    is_staff = access.is_la_staff(request.user)
    link = ""
    if is_staff and advice_request.is_open:
        token = selectors.advice_link_token(advice_request)
        if token:
            link = request.build_absolute_uri(reverse("ehcp:advice-link", kwargs={"token": token}))
    return render(
        request,
        "ehcp/advice_detail.html",
        {
            "advice_request": advice_request,
            "case": advice_request.case,
            "labels": ehcp_forms.advice_labels(advice_request.template),
            "is_staff": is_staff,
            "link": link,
            "submissions_with_warnings": [
                (submission, selectors.with_warnings(submission.rows.all()))
                for submission in page["submissions"]
            ],
            **page,
        },
    )


def _give_advice(
    request: HttpRequest, advice_request: AdviceRequest, *, via_link: bool, next_url: str
) -> HttpResponse:
    """The advice form: "Save as draft" keeps it for its author only (and shows it again when
    they come back), "Submit your advice" sends it, with the full report if attached."""
    saving_draft = request.method == "POST" and request.POST.get("action") == "draft"
    draft = selectors.advice_draft_for(advice_request, request.user, via_link=via_link)
    version = advice_request.submissions.count() + 1
    # The version the form was opened to write: the same first advice sent twice is refused by
    # the service as already submitted, not asked for a correction reason.
    opened_for = request.POST.get("version", "") if request.method == "POST" else ""
    correcting = (int(opened_for) if opened_for.isdigit() else version) > 1
    initial: dict[str, Any] = {"version": version}
    if advice_request.advisor_id and request.user == advice_request.advisor:
        initial["advisor_name"] = request.user.display_name
    if draft is not None:
        initial.update(draft.content)
        initial.update(
            {
                name: value
                for name in ("advisor_name", "advisor_role")
                if (value := getattr(draft, name))
            }
        )
    form_class = ehcp_forms.ADVICE_FORMS[advice_request.template]
    form = form_class(
        posted(request),
        request.FILES or None,
        correcting=correcting,
        draft=saving_draft,
        initial=initial,
    )
    if draft is not None and request.method != "POST":
        form.formset = form.formset_class(prefix=form.formset_prefix, initial=draft.rows)

    def call(data: dict[str, Any]) -> Any:
        if saving_draft:
            return services.save_advice_draft(
                advice_request,
                content=form.content(),
                rows=form.filled_rows(),
                advisor_name=data.get("advisor_name") or "",
                advisor_role=data.get("advisor_role") or "",
                report=data.get("report"),
                via_link=via_link,
                by=request.user,
            )
        return services.submit_advice(
            advice_request,
            content=form.content(),
            rows=form.filled_rows(),
            advisor_name=data["advisor_name"],
            advisor_role=data["advisor_role"],
            correction_reason=data.get("correction_reason", ""),
            report=data.get("report"),
            expected_version=data.get("version"),
            via_link=via_link,
            by=request.user,
        )

    here = request.get_full_path()
    return handle_form(
        request,
        form,
        call=call,
        success=(
            "Draft saved. Only you can see it until you submit your advice."
            if saving_draft
            else "Thank you. Your advice has been sent to the SEND team."
        ),
        next_url=here if saving_draft else next_url,
        template="ehcp/advice_give.html",
        context={
            "advice_request": advice_request,
            "rows": form.formset,
            "correcting": correcting,
            "via_link": via_link,
            "draft": draft,
            "page": selectors.advice_request_page(advice_request),
            "labels": ehcp_forms.advice_labels(advice_request.template),
            "back_url": ""
            if via_link
            else reverse("ehcp:advice-detail", kwargs={"request_id": advice_request.public_id}),
        },
    )


@require_http_methods(["GET", "POST"])
def advice_give(request: HttpRequest, request_id: str) -> HttpResponse:
    """The advisor gives advice on the request's template (or corrects it: a new version)."""
    advice_request = selectors.get_advice_request_or_404(request.user, request_id, Action.EDIT)
    return _give_advice(
        request,
        advice_request,
        via_link=False,
        next_url=reverse("ehcp:advice-detail", kwargs={"request_id": advice_request.public_id}),
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def advice_link(request: HttpRequest, token: str) -> HttpResponse:
    """An advisor without a sign-in gives advice through a signed, time-limited, single-use link."""
    linked = selectors.advice_request_for_link(token)
    if linked.problem:
        return render(
            request, "ehcp/advice_link_problem.html", {"problem": linked.problem}, status=410
        )
    return _give_advice(
        request,
        linked.advice_request,
        via_link=True,
        next_url=reverse("ehcp:advice-link-done"),
    )


@login_not_required
def advice_link_done(request: HttpRequest) -> HttpResponse:
    return render(request, "ehcp/advice_link_problem.html", {"done": True})


@require_http_methods(["GET", "POST"])
def advice_withdraw(request: HttpRequest, request_id: str) -> HttpResponse:
    advice_request = selectors.get_advice_request_or_404(request.user, request_id, Action.EDIT)
    access.require(access.is_la_staff(request.user))
    form = ehcp_forms.WithdrawAdviceForm(request.POST or None)
    return form_page(
        request,
        form,
        call=lambda data: services.withdraw_advice_request(
            advice_request, reason=data["reason"], by=request.user
        ),
        success="Request withdrawn.",
        next_url=case_url(advice_request.case),
        context={
            "case": advice_request.case,
            "title": "Withdraw the request for advice",
            "submit": "Withdraw the request",
            "back_url": reverse(
                "ehcp:advice-detail", kwargs={"request_id": advice_request.public_id}
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def advice_several(request: HttpRequest, case_id: str) -> HttpResponse:
    """Ask several people for the assessment's advice in one action: one confirmation, then the
    result for each person (asked, with the date the advice is due, or why not)."""
    case = access.get_case_or_404(request.user, case_id, Action.EDIT)
    everyone = request.GET.get("everyone") == "1"
    form = ehcp_forms.SeveralAdviceForm(
        posted(request), initial={"requested_on": timezone.localdate()}, everyone=everyone
    )
    context = {
        "everyone": everyone,
        "everyone_url": f"{request.path}?everyone=1",
        "filtered_url": request.path,
        "case": case,
        "form": form,
        "title": "Ask for advice",
        "caption": f"{case.child.full_name}, case {case.reference}",
        "back_url": case_url(case),
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            results = services.request_advice_from_several(
                case,
                asks=form.asks(),
                requested_on=data["requested_on"],
                questions=data["questions"],
                share_family_views=data["share_family_views"],
                share_other_advice=data["share_other_advice"],
                by=request.user,
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            deadlines = {
                deadline.subject: deadline
                for deadline in selectors.open_deadlines(case).filter(rule="assessment_advice")
            }
            rows = [
                (one, deadlines.get(one.request.deadline_subject) if one.request else None)
                for one in results
            ]
            return render(request, "ehcp/advice_several_done.html", {**context, "rows": rows})
    return render(request, "ehcp/advice_several.html", context)


@require_http_methods(["GET", "POST"])
def advice_overdue(request: HttpRequest) -> HttpResponse:
    """Every overdue request for advice on the cases the person works on, and chasing them all
    with one confirmation (a reminder letter and message each), with the result for each."""
    access.require(access.is_la_staff(request.user))
    today = timezone.localdate()
    overdue = list(services.overdue_advice(request.user, today=today)[:200])
    results: list[tuple[AdviceRequest, str]] = []
    if request.method == "POST":
        for advice_request in overdue:
            try:
                services.chase_advice(advice_request, by=request.user, today=today)
            except DomainError as error:
                results.append((advice_request, error.message))
            else:
                results.append((advice_request, ""))
    return render(
        request,
        "ehcp/advice_overdue.html",
        {"overdue": overdue, "results": results, "today": today},
    )
