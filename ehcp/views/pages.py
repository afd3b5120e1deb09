"""What every EHC page shares: one form for one step of the journey on the shared form page
(``sendcpp.web.handling.handle_form``); and the links between pages."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ehcp import selectors
from ehcp.models import (
    Plan,
)
from sendcpp import access
from sendcpp.access import Action
from sendcpp.models import Case, Relationship
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
    template: str = FORM_PAGE,
) -> HttpResponse:
    """Show the step's form for ``case``; on a valid post call ``step.service(case, **fields,
    by=the person)`` and go back to the case."""
    if initial is None:
        initial = {step.dated: timezone.localdate()} if step.dated else {}
    form = step.form(request.POST or None, initial=initial, **step.form_kwargs)
    return form_page(
        request,
        form,
        call=lambda data: step.service(case, **data, by=request.user),
        success=step.success,
        next_url=case_url(case),
        context=step_context(case, step),
        template=template,
    )


def case_step(step: CaseStep) -> Callable[[HttpRequest, str], HttpResponse]:
    """The page of one ``CaseStep``: the case found for the step's action (else 404)."""

    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, case_id: str) -> HttpResponse:
        case = access.get_case_or_404(request.user, case_id, step.action)
        return take_step(request, case, step)

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
