"""Letter pages: the council's wording of each kind of letter (edit, preview, versions), the
letters on a case, and the letters to print and post."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from letters import documents, selectors, services, wording
from letters.forms import WordingForm
from letters.models import LetterKind
from sendcpp import access, contacts
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
    return {
        "subject": wording.merge(subject, values),
        "addressee": values["addressee"],
        "sent_on": today,
        "paragraphs": documents.paragraphs(wording.merge(body, values)),
        "contacts": contacts.everyone(),
        "send_team": contacts.send_team(),
    }


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
