"""HTML views for appeal windows, mediation, disagreement resolution, tribunal appeals and the
evaluation report. Thin: ask ``mediation.selectors`` (which ask ``sendcpp.access``) for the
record, call one service, render. Workflow moves share one form page each, listed in
``MEDIATION_STEPS`` and ``APPEAL_STEPS``."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms as django_forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from mediation import forms, reports, selectors, services, workflow
from mediation.models import AppealStatus as A
from mediation.models import MediationCase, MediationStatus, Outcome, TribunalAppeal
from sendcpp import access, contacts
from sendcpp.access import Action
from sendcpp.models import Case
from sendcpp.web.handling import handle_form
from sendcpp.web.paging import paginate

S = MediationStatus


@dataclass(frozen=True)
class Step:
    """One workflow move offered as a form page: what it is called, its form and its service."""

    title: str
    form: type[django_forms.Form]
    service: Callable[..., object]
    done: str
    hint: str = ""


MEDIATION_STEPS: dict[str, Step] = {
    "health-notice": Step(
        "Record that the health services were told",
        forms.HealthNoticeForm,
        services.record_health_bodies_told,
        "Health services told",
        "Each relevant health commissioner (ICB) must be told the health issues and the health "
        "provision the family wants within 3 working days.",
    ),
    "arrange": Step(
        "Arrange the mediation",
        forms.ArrangeMediationForm,
        services.arrange_mediation,
        "Mediation arranged",
        "The mediator must be independent of the council and the health service. Send someone "
        "who can agree changes.",
    ),
    "cannot-arrange": Step(
        "Mediation cannot be arranged within 30 days",
        forms.CannotArrangeForm,
        services.record_cannot_arrange,
        "Recorded: the adviser will issue a certificate",
        "Tell the mediation adviser. They must issue a certificate within 3 working days.",
    ),
    "held": Step(
        "Record the mediation",
        forms.MediationHeldForm,
        services.record_mediation_held,
        "Mediation recorded",
        "The mediator must issue a certificate within 3 working days of the mediation.",
    ),
    "health-agreement": Step(
        "Record that the health service told us what was agreed",
        forms.IcbToldForm,
        services.record_icb_told_la,
        "Recorded",
    ),
    "certificate": Step(
        "Record the mediation certificate",
        forms.CertificateForm,
        services.issue_mediation_certificate,
        "Certificate recorded: the appeal deadline has been worked out again",
    ),
    "withdraw": Step(
        "Stop the mediation",
        forms.WithdrawMediationForm,
        services.withdraw_mediation,
        "Mediation stopped",
    ),
    "add-action": Step(
        "Add an action agreed at mediation",
        forms.AgreementTermForm,
        services.add_agreement_term,
        "Agreed action added",
        "Matters that cannot be appealed must be done within 2 weeks of the agreement; "
        "appealable matters follow the tribunal-order time limits.",
    ),
}

APPEAL_STEPS: dict[str, Step] = {
    "response": Step(
        "Record the council's response",
        forms.AppealResponseForm,
        services.record_appeal_response,
        "Response recorded",
    ),
    "hearing": Step(
        "Record the hearing date", forms.HearingForm, services.list_hearing, "Hearing date recorded"
    ),
    "decision": Step(
        "Record the tribunal's decision",
        forms.DecisionForm,
        services.record_tribunal_decision,
        "Decision recorded",
        "Each order starts its own time limit from the date the order was sent.",
    ),
    "concede": Step(
        "Do not oppose the appeal",
        forms.ConcedeForm,
        services.concede_appeal,
        "Recorded: the appeal is not opposed",
        "Only before the council's response. The council must then act within 4 weeks (2 weeks "
        "to change only the school named).",
    ),
    "concession": Step(
        "Record a concession",
        forms.ConcessionForm,
        services.record_concession,
        "Concession recorded",
    ),
    "withdraw": Step(
        "Record that the appeal was withdrawn",
        forms.WithdrawAppealForm,
        services.withdraw_appeal,
        "Withdrawal recorded",
    ),
    "recommendation-reply": Step(
        "Record the reply to the tribunal's recommendations",
        forms.RecommendationResponseForm,
        services.record_recommendation_response,
        "Reply recorded",
    ),
}


def _form_page(
    request: HttpRequest,
    form_class: type[django_forms.Form],
    record: Any,
    *,
    service: Callable[..., object],
    done: str,
    back: str,
    title: str,
    hint: str = "",
    caption: str = "",
) -> HttpResponse:
    """One workflow move on the shared form page: ``service(record, **cleaned_data, by=user)``,
    then back to the page the move was started from. ``record`` is a case or is on one."""
    case = record if isinstance(record, Case) else record.case
    return handle_form(
        request,
        form_class(request.POST or None),
        call=lambda data: service(record, **data, by=request.user),
        success=done,
        next_url=back,
        context={
            "case": case,
            "title": title,
            "back_url": back,
            "cancel_url": back,
            "intro": hint,
            "caption": caption or f"Case {case.reference}",
        },
    )


def _record_on_case(
    request: HttpRequest,
    case_id: str,
    form_class: type[django_forms.Form],
    *,
    action: Action,
    service: Callable[..., object],
    done: str,
    title: str,
    hint: str = "",
) -> HttpResponse:
    """A form page recording something on a case, then back to the case."""
    case = access.get_case_or_404(request.user, case_id, action)
    return _form_page(
        request,
        form_class,
        case,
        service=service,
        done=done,
        back=_case_url(case),
        title=title,
        hint=hint,
    )


def _case_url(case: Any) -> str:
    return reverse("mediation:case", args=[case.public_id])


# --- Which moves to offer ------------------------------------------------------------------------


def mediation_actions(mediation: MediationCase) -> list[tuple[str, str]]:
    """The workflow moves open on a mediation case now, as (step, button label)."""
    status = mediation.status
    agreed = mediation.held_on is not None and mediation.outcome != Outcome.NOT_RESOLVED
    offers = [
        (
            "arrange",
            "Change the arrangements" if status == S.ARRANGED else "Arrange the mediation",
            status == S.ARRANGED or workflow.MEDIATION.allows(status, S.ARRANGED),
        ),
        ("held", "Record the mediation", workflow.MEDIATION.allows(status, S.HELD)),
        (
            "health-notice",
            "Health services told",
            mediation.wants_mediation
            and mediation.has_health_issues
            and mediation.health_bodies_told_on is None
            and not workflow.MEDIATION.is_terminal(status),
        ),
        ("add-action", "Add an agreed action", agreed),
        (
            "health-agreement",
            "Health service told us the agreement",
            agreed and mediation.has_health_issues and mediation.icb_told_la_on is None,
        ),
        (
            "certificate",
            "Record the certificate",
            workflow.MEDIATION.allows(status, S.CERTIFICATE_ISSUED),
        ),
        (
            "cannot-arrange",
            "Cannot arrange in 30 days",
            workflow.MEDIATION.allows(status, S.CANNOT_ARRANGE),
        ),
        ("withdraw", "Stop the mediation", workflow.MEDIATION.allows(status, S.WITHDRAWN)),
    ]
    return [(step, label) for step, label, offered in offers if offered]


def appeal_actions(appeal: TribunalAppeal) -> list[tuple[str, str]]:
    """The workflow moves open on an appeal now, as (step, button label)."""
    status = appeal.status
    offers = [
        ("response", "Record the response", workflow.APPEAL.allows(status, A.RESPONSE_SENT)),
        (
            "hearing",
            "Change the hearing date" if status == A.HEARING_LISTED else "Record the hearing date",
            status == A.HEARING_LISTED or workflow.APPEAL.allows(status, A.HEARING_LISTED),
        ),
        ("decision", "Record the decision", workflow.APPEAL.allows(status, A.DECIDED)),
        ("concede", "Do not oppose", workflow.APPEAL.allows(status, A.CONCEDED)),
        (
            "concession",
            "Record a concession",
            status in workflow.APPEAL.live - {A.DECIDED, A.CONCEDED},
        ),
        (
            "recommendation-reply",
            "Record the reply to recommendations",
            appeal.recommendations_sent_on is not None and status == A.DECIDED,
        ),
        ("withdraw", "Appeal withdrawn", workflow.APPEAL.allows(status, A.WITHDRAWN)),
    ]
    return [(step, label) for step, label, offered in offers if offered]


# --- Pages ---------------------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    """Staff: the mediations and appeals under way on the cases they work on."""
    access.require(access.is_la_staff(request.user))
    show = "appeals" if request.GET.get("show") == "appeals" else "mediations"
    items = (
        selectors.live_appeals(request.user)
        if show == "appeals"
        else selectors.live_mediations(request.user)
    )
    return render(
        request,
        "mediation/index.html",
        {"show": show, "today": timezone.localdate(), **paginate(request, items)},
    )


def case_page(request: HttpRequest, case_id: str) -> HttpResponse:
    """A case's appealable decisions, mediation, appeals and independent advice. The family reads
    it in plain English."""
    case = access.get_case_or_404(request.user, case_id)
    if not access.sees_disagreements(request.user):
        raise Http404("Not found")
    overview = selectors.case_overview(case)
    context = {
        "case": case,
        "overview": overview,
        "today": timezone.localdate(),
        "advice_service": contacts.advice_service(),
        "mediation_adviser": contacts.mediation_adviser(),
        "tribunal_guidance_url": contacts.TRIBUNAL_GUIDANCE_URL,
        "ipsea_url": contacts.IPSEA_URL,
    }
    if access.is_family(request.user):
        context["can_contribute"] = access.can(request.user, Action.CONTRIBUTE, case)
        return render(request, "mediation/family_case.html", context)
    context["can_transition"] = access.can(request.user, Action.TRANSITION, case)
    context["can_edit"] = access.can(request.user, Action.EDIT, case)
    return render(request, "mediation/case_detail.html", context)


@require_http_methods(["GET", "POST"])
def window_create(request: HttpRequest, case_id: str) -> HttpResponse:
    """Record an appealable decision sent outside this service (the EHCP screens open windows
    themselves)."""
    return _record_on_case(
        request,
        case_id,
        forms.AppealWindowForm,
        action=Action.TRANSITION,
        service=services.open_appeal_window,
        done="Decision recorded: the family can see the dates",
        title="Record an appealable decision",
        hint="The family is told in plain English how to get advice, ask for mediation and appeal.",
    )


@require_http_methods(["GET", "POST"])
def ask_for_mediation(request: HttpRequest, window_id: str) -> HttpResponse:
    """The family asks for mediation about a decision."""
    window = selectors.get_window_or_404(request.user, window_id, Action.CONTRIBUTE)
    form = forms.AskForMediationForm(request.POST or None)
    return handle_form(
        request,
        form,
        call=lambda data: services.ask_for_mediation(window, **data, by=request.user),
        success="You have asked for mediation. We will contact you to arrange it.",
        next_url=_case_url(window.case),
        template="mediation/ask_for_mediation.html",
        context={
            "window": window,
            "case": window.case,
            "title": "Ask for mediation",
            "submit": "Ask for mediation",
            "caption": window.case.child.full_name,
            "back_url": _case_url(window.case),
            "advice_service": contacts.advice_service(),
        },
    )


def _record_on_window(
    request: HttpRequest,
    window_id: str,
    form_class: type[django_forms.Form],
    *,
    service: Callable[..., object],
    done: str,
    title: str,
    hint: str = "",
) -> HttpResponse:
    """Staff record something about an appealable decision, then back to the case."""
    window = selectors.get_window_or_404(request.user, window_id, Action.TRANSITION)
    return _form_page(
        request,
        form_class,
        window,
        service=service,
        done=done,
        back=_case_url(window.case),
        title=title,
        caption=str(window),
        hint=hint,
    )


@require_http_methods(["GET", "POST"])
def adviser_contact(request: HttpRequest, window_id: str) -> HttpResponse:
    return _record_on_window(
        request,
        window_id,
        forms.AdviserContactForm,
        service=services.record_adviser_contact,
        done="Contact with the mediation adviser recorded",
        title="Record contact with the mediation adviser",
    )


@require_http_methods(["GET", "POST"])
def appeal_register(request: HttpRequest, window_id: str) -> HttpResponse:
    return _record_on_window(
        request,
        window_id,
        forms.RegisterAppealForm,
        service=services.register_appeal,
        done="Appeal registered: the council's response deadline has started",
        title="Record an appeal to the tribunal",
        hint="The council must respond within 30 working days of the tribunal sending it the appeal.",
    )


@dataclass(frozen=True)
class RecordPages:
    """How staff's pages find and show a mediation or an appeal, and the moves it offers."""

    find: Callable[..., Any]
    steps: dict[str, Step]
    actions: Callable[[Any], list[tuple[str, str]]]
    noun: str
    template: str
    detail_route: str
    step_route: str


MEDIATION_PAGES = RecordPages(
    find=selectors.get_mediation_or_404,
    steps=MEDIATION_STEPS,
    actions=mediation_actions,
    noun="Mediation",
    template="mediation/mediation_detail.html",
    detail_route="mediation:mediation-detail",
    step_route="mediation:mediation-step",
)

APPEAL_PAGES = RecordPages(
    find=selectors.get_appeal_or_404,
    steps=APPEAL_STEPS,
    actions=appeal_actions,
    noun="Appeal",
    template="mediation/appeal_detail.html",
    detail_route="mediation:appeal-detail",
    step_route="mediation:appeal-step",
)


def _detail_page(
    request: HttpRequest,
    pages: RecordPages,
    record_id: str,
    context: Callable[[Any], dict[str, Any]],
) -> HttpResponse:
    """Staff's page of a mediation or an appeal: its deadlines and the moves open now (families
    read about it on the case page)."""
    record = pages.find(request.user, record_id, Action.VIEW)
    if access.is_family(request.user):
        return redirect(_case_url(record.case))
    can_transition = access.can(request.user, Action.TRANSITION, record.case)
    return render(
        request,
        pages.template,
        {
            "record": record,
            "step_url_name": pages.step_route,
            "case": record.case,
            "deadlines": selectors.deadlines_for_subject(record.case, record.deadline_subject),
            "actions": pages.actions(record) if can_transition else [],
            "can_transition": can_transition,
            "today": timezone.localdate(),
            **context(record),
        },
    )


def _step_page(request: HttpRequest, pages: RecordPages, record_id: str, step: str) -> HttpResponse:
    """One workflow move on a mediation or an appeal: ``spec.service(record, **cleaned_data)``."""
    spec = pages.steps.get(step)
    if spec is None:
        raise Http404("Not found")
    record = pages.find(request.user, record_id, Action.TRANSITION)
    return _form_page(
        request,
        spec.form,
        record,
        service=spec.service,
        done=spec.done,
        back=reverse(pages.detail_route, args=[record.public_id]),
        title=spec.title,
        hint=spec.hint,
        caption=f"{pages.noun} about: {record.window}",
    )


def mediation_detail(request: HttpRequest, mediation_id: str) -> HttpResponse:
    return _detail_page(
        request,
        MEDIATION_PAGES,
        mediation_id,
        lambda mediation: {"mediation": mediation, "terms": list(mediation.terms.all())},
    )


@require_http_methods(["GET", "POST"])
def mediation_step(request: HttpRequest, mediation_id: str, step: str) -> HttpResponse:
    return _step_page(request, MEDIATION_PAGES, mediation_id, step)


@require_http_methods(["GET", "POST"])
def term_done(request: HttpRequest, term_id: str) -> HttpResponse:
    term = selectors.get_term_or_404(request.user, term_id, Action.TRANSITION)
    return _form_page(
        request,
        forms.TermDoneForm,
        term,
        service=services.complete_agreement_term,
        done="Agreed action recorded as done",
        back=reverse("mediation:mediation-detail", args=[term.mediation.public_id]),
        title="Record that an agreed action was done",
        caption=term.description[:120],
    )


def appeal_detail(request: HttpRequest, appeal_id: str) -> HttpResponse:
    return _detail_page(
        request,
        APPEAL_PAGES,
        appeal_id,
        lambda appeal: {
            "appeal": appeal,
            "orders": list(appeal.orders.all()),
            "concessions": list(appeal.concessions.all()),
        },
    )


@require_http_methods(["GET", "POST"])
def appeal_step(request: HttpRequest, appeal_id: str, step: str) -> HttpResponse:
    return _step_page(request, APPEAL_PAGES, appeal_id, step)


@require_http_methods(["GET", "POST"])
def order_complied(request: HttpRequest, order_id: str) -> HttpResponse:
    order = selectors.get_order_or_404(request.user, order_id, Action.TRANSITION)
    return _form_page(
        request,
        forms.OrderCompliedForm,
        order,
        service=services.record_order_complied,
        done="Recorded as done",
        back=reverse("mediation:appeal-detail", args=[order.appeal.public_id]),
        title=f"Record that this was done: {order.step_label}",
        hint=f"Due by {order.due_on:%-d %B %Y}.",
    )


@require_http_methods(["GET", "POST"])
def disagreement_resolution_create(request: HttpRequest, case_id: str) -> HttpResponse:
    return _record_on_case(
        request,
        case_id,
        forms.DisagreementResolutionForm,
        action=Action.EDIT,
        service=services.record_disagreement_resolution,
        done="Disagreement resolution meeting recorded",
        title="Record a disagreement resolution meeting",
    )


@require_http_methods(["GET", "POST"])
def advice_service_create(request: HttpRequest, case_id: str) -> HttpResponse:
    return _record_on_case(
        request,
        case_id,
        forms.AdviceServiceForm,
        action=Action.EDIT,
        service=services.record_advice_service,
        done="Independent advice recorded",
        title="Record independent advice and support",
    )


# --- Evaluation report ---------------------------------------------------------------------------


def _report(request: HttpRequest) -> tuple[forms.ReportYearForm, reports.EvaluationReport]:
    access.require(access.is_manager(request.user))
    today = timezone.localdate()
    years = selectors.report_years(request.user, today)
    form = forms.ReportYearForm(request.GET or None, years=years)
    year = form.cleaned_data["year"] if form.is_valid() else years[0]
    if not form.is_bound:
        form = forms.ReportYearForm(initial={"year": year}, years=years)
    return form, reports.evaluation_report(**selectors.report_rows(request.user, year))


#: Shown for a figure that cannot be worked out (no mediations held, no decisions sent).
NO_FIGURE = "\N{EN DASH}"


def _figure(value: Decimal | None) -> Decimal | str:
    return NO_FIGURE if value is None else value


def _percent(share: Decimal | None) -> str:
    return NO_FIGURE if share is None else f"{share}%"


def _with_share(count: int, share: Decimal | None) -> str:
    return str(count) if share is None else f"{count} ({share}%)"


def _report_tables(report: reports.EvaluationReport) -> list[dict[str, Any]]:
    """The report's four tables of figures, as ``mediation/_figures_table.html`` shows them."""
    year, rows, rate = report.year, report.by_decision, report.dfe_rate
    return [
        {
            "caption": f"Mediation by decision, decisions sent in {year}",
            "head": [
                "Decision",
                "Decisions sent",
                "Contacted the mediation adviser",
                "Asked for mediation",
                "Mediations held",
                "Median days to mediation",
                "Held within 30 days",
            ],
            "rows": [
                [
                    row.label,
                    row.decisions_sent,
                    row.adviser_contacts,
                    row.mediations_requested,
                    row.mediations_held,
                    _figure(row.median_days_to_mediation),
                    _with_share(row.held_within_30_days, row.share_held_within_30_days),
                ]
                for row in rows
            ],
        },
        {
            "caption": f"Mediation outcomes and appeals by decision, decisions sent in {year}",
            "head": [
                "Decision",
                "Resolved",
                "Partly resolved",
                "Not resolved",
                "Mediation then appeal",
                "Appeals registered",
                "Appeals per decision sent",
            ],
            "rows": [
                [
                    row.label,
                    row.resolved,
                    row.partly_resolved,
                    row.not_resolved,
                    _with_share(row.held_then_appealed, row.share_held_then_appealed),
                    row.appeals_registered,
                    _percent(row.appeal_rate),
                ]
                for row in rows
            ],
        },
        {
            "caption": f"Tribunal outcomes, appeals against decisions sent in {year}",
            "head": ["Outcome", "Appeals", "Share of appeals with an outcome"],
            "rows": [
                [item.label, item.count, _percent(item.share)] for item in report.tribunal_outcomes
            ],
        },
        {
            "caption": f"Appeal rate as the DfE publishes it, calendar year {rate.year}",
            "rows": [
                ["Appeals registered in the year", rate.appeals_registered],
                ["Requests for assessment refused", rate.refused_assessments],
                ["Decisions not to issue a plan", rate.not_issued],
                ["Plans held in January", rate.plans_in_january],
                ["Plans ceased", rate.ceased],
                ["Total appealable decisions", rate.total_appealable_decisions],
                ["SEND Tribunal appeal rate", _percent(rate.rate)],
            ],
        },
    ]


def report(request: HttpRequest) -> HttpResponse:
    """Managers: figures for evaluating mediation and the appeal rate (as the DfE publishes it)."""
    form, evaluation = _report(request)
    return render(
        request,
        "mediation/report.html",
        {"form": form, "report": evaluation, "tables": _report_tables(evaluation)},
    )


def report_csv(request: HttpRequest) -> HttpResponse:
    _form, evaluation = _report(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="mediation-and-appeals-{evaluation.year}.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    csv.writer(response).writerows(reports.csv_rows(evaluation))
    return response
