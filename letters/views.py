"""Letter pages: the council's wording of each kind of letter (edit, preview, versions), the
letters on a case, the letters to print and post, and one letter for several cases."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from letters import documents, selectors, services, wording
from letters.forms import SeveralLettersForm, WordingForm
from letters.models import LetterKind
from sendcpp import access
from sendcpp.access import Action
from sendcpp.exceptions import DomainError
from sendcpp.web.forms import apply_domain_error
from sendcpp.web.handling import handle_action, handle_form, posted
from sendcpp.web.paging import paginate


def _configurer(request: HttpRequest) -> None:
    access.require(access.can_configure(request.user))


def _kind_label(kind: str) -> str:
    labels = dict(LetterKind.choices)
    access.require(kind in labels)
    return str(labels[kind])


@require_GET
def wording_list(request: HttpRequest) -> HttpResponse:
    _configurer(request)
    return render(
        request,
        "letters/wording_list.html",
        {"wordings": selectors.wordings(request.user.organisation_id)},
    )


def _preview(kind: str, subject: str, body: str) -> dict[str, object]:
    today = timezone.localdate()
    values = selectors.sample_values()
    if kind.startswith("decision_"):
        values.update(
            services.decision_values(
                decision="We have decided not to carry out an education, health and care needs "
                "assessment.",
                reasons="[the reasons for the decision]",
                decided_on=today,
                appealable=True,
            )
        )
    return documents.preview(
        subject=wording.merge(subject, values),
        addressee=values["addressee"],
        sent_on=today,
        body=wording.merge(body, values),
    )


@require_http_methods(["GET", "POST"])
def wording_edit(request: HttpRequest, kind: str) -> HttpResponse:
    """Change the wording of one kind of letter: preview it with made-up details, then save it as
    a new version. A wording without the statutory content is refused."""
    _configurer(request)
    label = _kind_label(kind)
    la = request.user.organisation_id
    subject, body, version = services.current_wording(la, kind)
    form = WordingForm(posted(request), initial={"subject": subject, "body": body})
    context = {
        "kind": kind,
        "label": label,
        "version": version,
        "versions": selectors.versions(la, kind),
        "fields": wording.FIELDS,
        "required": wording.REQUIRED[kind],
    }
    if request.method == "POST" and request.POST.get("action") == "preview":
        if form.is_valid():
            data = form.cleaned_data
            try:
                wording.check(kind, data["subject"], data["body"])
            except DomainError as error:
                apply_domain_error(form, error)
            else:
                context["preview"] = _preview(kind, data["subject"], data["body"])
        return render(request, "letters/wording_edit.html", {**context, "form": form})
    return handle_form(
        request,
        form,
        call=lambda data: services.save_wording(
            kind=kind,
            subject=data["subject"],
            body=data["body"],
            reason=data["reason"],
            by=request.user,
        ),
        success=lambda saved: f"Wording saved as version {saved.number}. New letters use it.",
        next_url=reverse("letters:wording-edit", args=[kind]),
        template="letters/wording_edit.html",
        context=context,
    )


@require_GET
def case_letters(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access.get_case_or_404(request.user, case_id, Action.VIEW)
    access.require(access.sees_staff_only_content(request.user))
    return render(
        request,
        "letters/case_letters.html",
        {"case": case, "letters": selectors.letters_for_case(case, request.user)},
    )


@require_GET
def to_post(request: HttpRequest) -> HttpResponse:
    access.require(access.is_la_staff(request.user))
    return render(
        request, "letters/to_post.html", paginate(request, selectors.letters_to_post(request.user))
    )


@require_POST
def mark_posted(request: HttpRequest, letter_id: str) -> HttpResponse:
    access.require(access.is_la_staff(request.user))
    letter = selectors.get_letter_to_post_or_404(request.user, letter_id)
    return handle_action(
        request,
        lambda: services.mark_posted(letter, by=request.user),
        success="Letter marked as posted",
        next_url=reverse("letters:to-post"),
    )


@require_http_methods(["GET", "POST"])
def several(request: HttpRequest) -> HttpResponse:
    """One letter for several cases chosen on the caseload: which letter, then a page to
    confirm, listing each case and whether it will get the letter (and why not), then, once
    confirmed, what happened to each. Cases the person may not work on are never listed."""
    user = request.user
    access.require(access.is_coordinator(user) or access.is_manager(user))
    if request.method == "POST":
        return _make_several(request)
    cases = selectors.cases_for_several_letters(user, request.GET.getlist("case"))
    if not cases:
        messages.error(request, "Choose at least one case, then make a letter for them")
        return redirect("sendcpp:home")
    chosen = "kind" in request.GET or "step" in request.GET  # the letter was asked for
    form = SeveralLettersForm(request.GET if chosen else None)
    if not form.is_valid():
        return render(request, "letters/several.html", {"form": form, "cases": cases})
    kind = form.cleaned_data["kind"]
    today = timezone.localdate()
    planned = selectors.plan_several_letters(kind, cases, today=today)
    to_make = [one for one in planned if one.values is not None]
    example = None
    if to_make:
        first = to_make[0]
        [letter] = services.preview_letters(
            lambda: services.send_letter(
                first.case, kind=kind, values=first.values or {}, by=user, sent_on=today
            )
        )
        example = {"case": first.case, "preview": documents.letter_preview(letter)}
    return render(
        request,
        "letters/several.html",
        {
            "kind": kind,
            "label": _kind_label(kind),
            "planned": planned,
            "to_make": len(to_make),
            "example": example,
            "batch": uuid.uuid4(),
        },
    )


def _make_several(request: HttpRequest) -> HttpResponse:
    form = SeveralLettersForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the cases and the letter again")
        return redirect("sendcpp:home")
    kind = form.cleaned_data["kind"]
    try:
        results = services.send_several(
            kind, request.POST.getlist("case"), by=request.user, batch=request.POST.get("batch", "")
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("sendcpp:home")
    return render(
        request,
        "letters/several.html",
        {
            "label": _kind_label(kind),
            "results": results,
            "made": sum(1 for result in results if result.letter is not None),
        },
    )
