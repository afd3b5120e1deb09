"""What every EHC page shares: one form for one step of the journey on the shared form page
(``sendcpp.web.handling.handle_form``); and the links between pages."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ehcp import selectors
from ehcp.models import (
    Plan,
)
from letters import documents as letter_documents
from letters import services as letter_services
from letters.models import Letter
from sendcpp import access
from sendcpp.access import Action
from sendcpp.exceptions import DomainError
from sendcpp.models import Case, Relationship
from sendcpp.web.forms import apply_domain_error
from sendcpp.web.handling import FORM_PAGE, handle_form


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    call: Callable[[dict[str, Any]], Any],
    success: str,
    next_url: str | Callable[[Any], str],
    context: dict[str, Any],
    template: str = FORM_PAGE,
) -> HttpResponse:
    """One step of the journey on the shared form page (``handle_form``): the child and case in
    the caption, and the case's open statutory deadlines above the form when given."""
    return handle_form(
        request,
        form,
        call=call,
        success=success,
        next_url=next_url,
        template=template,
        context=page_context(context),
    )


#: The form page of a decision that sends a letter, with "Preview the letter" beside the button.
DECISION_FORM = "ehcp/decision_form.html"


def decision_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    call: Callable[[dict[str, Any]], Any],
    success: str,
    next_url: str | Callable[[Any], str],
    context: dict[str, Any],
) -> HttpResponse:
    """``form_page`` for a decision that sends the family a letter. "Preview the letter" shows
    the letter as it will be sent, merged with the case and the answers given so far, without
    saving, making or sending anything (``call`` is made and rolled back:
    ``letters.services.preview_letters``), and keeps the answers in the form; the decision's
    refusal shows on the form as it would when recording. Recording the decision sends it."""
    if request.method != "POST" or request.POST.get("action") != "preview":
        return form_page(
            request,
            form,
            call=call,
            success=success,
            next_url=next_url,
            context=context,
            template=DECISION_FORM,
        )
    page = page_context(context)
    if form.is_valid():
        try:
            letters = letter_services.preview_letters(lambda: call(form.cleaned_data))
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            page["previewed"] = True
            page["previews"] = letter_previews(letters)
    return render(request, DECISION_FORM, {"form": form, **page})


def letter_previews(letters: list[Letter]) -> list[dict[str, Any]]:
    """What ``letters/letter_preview.html`` shows of each letter a decision would send, under
    its own heading (a decision that also stops the plan sends 2 letters), the first one the
    page's ``#preview``."""
    previews = []
    for number, letter in enumerate(letters, start=1):
        preview = letter_documents.letter_preview(letter)
        if len(letters) == 1:
            preview["heading"] = "The letter as it will be sent"
        else:
            preview["heading"] = f"Letter {number} of {len(letters)}, as it will be sent"
        preview["anchor"] = "preview" if number == 1 else f"preview-{number}"
        previews.append(preview)
    return previews


def page_context(context: dict[str, Any]) -> dict[str, Any]:
    """``context`` with what every step's page adds: today, the child and case in the caption,
    and the case's open statutory deadlines above the form when given."""
    page = {"today": timezone.localdate(), **context}
    case = context.get("case")
    if case is not None and "caption" not in page:
        page["caption"] = f"{case.child.full_name}, case {case.reference}"
    if "deadlines" in page:
        page["intro_template"] = "ehcp/partials/deadlines.html"
    return page


@dataclass(frozen=True)
class CaseStep:
    """One step of the journey on a case that only differs from the others by its form, its
    service and its words: the form's fields are named as the service's keyword arguments."""

    form: type[forms.Form]
    service: Callable[..., Any]
    title: str
    submit: str
    success: str
    action: Action = Action.EDIT
    intro: tuple[str, ...] = ()
    #: The date field that starts at today's date.
    dated: str = ""
    #: Show the case's open statutory deadlines above the form.
    deadlines: bool = False
    form_kwargs: Mapping[str, Any] = field(default_factory=dict)


def step_context(case: Case, step: CaseStep) -> dict[str, Any]:
    """What the page of one ``CaseStep`` shows around its form."""
    context: dict[str, Any] = {
        "case": case,
        "title": step.title,
        "submit": step.submit,
        "back_url": case_url(case),
    }
    if step.intro:
        context["intro"] = list(step.intro)
    if step.deadlines:
        context["deadlines"] = selectors.open_deadlines(case).order_by("due_on")
    return context


def take_step(
    request: HttpRequest,
    case: Case,
    step: CaseStep,
    *,
    initial: dict[str, Any] | None = None,
    letter: bool = False,
) -> HttpResponse:
    """Show the step's form for ``case``; on a valid post call ``step.service(case, **fields,
    by=the person)`` and go back to the case. A step that sends the family a ``letter`` (a
    decision) can preview it first (``decision_page``)."""
    if initial is None:
        initial = {step.dated: timezone.localdate()} if step.dated else {}
    form = step.form(request.POST or None, initial=initial, **step.form_kwargs)
    page = decision_page if letter else form_page
    return page(
        request,
        form,
        call=lambda data: step.service(case, **data, by=request.user),
        success=step.success,
        next_url=case_url(case),
        context=step_context(case, step),
    )


def case_step(
    step: CaseStep, *, letter: bool = False
) -> Callable[[HttpRequest, str], HttpResponse]:
    """The page of one ``CaseStep``: the case found for the step's action (else 404); a step
    that sends the family a ``letter`` can preview it first (``take_step``)."""

    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, case_id: str) -> HttpResponse:
        case = access.get_case_or_404(request.user, case_id, step.action)
        return take_step(request, case, step, letter=letter)

    return view


def case_url(case: Any) -> str:
    return reverse("ehcp:case", kwargs={"case_id": case.public_id})


def plan_url(plan: Plan) -> str:
    return reverse("ehcp:plan", kwargs={"plan_id": plan.public_id})


def family_relationship(request: HttpRequest, case: Any) -> Relationship | None:
    if not access.is_family(request.user):
        return None
    return Relationship.objects.filter(child_id=case.child_id, user=request.user).first()


def index(request: HttpRequest) -> HttpResponse:
    """Professionals and settings land on their requests for advice; everyone else on home."""
    if request.user.account_type in {"professional", "setting"}:
        return redirect("ehcp:advice-inbox")
    return redirect("sendcpp:home")
