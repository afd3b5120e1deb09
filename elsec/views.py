"""HTML pages of ELSEC for the pathfinder's lead, the workforce (on a tablet or phone in a
setting), setting staff and families. Thin: find the record through ``selectors`` (404 for
missing and forbidden alike), call one service, render."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from elsec import evaluation, selectors, services
from elsec.checklist import CHECKLIST
from elsec.forms import (
    AddSettingForm,
    AuditForm,
    ChildForm,
    CoachingForm,
    ConsentForm,
    CoverageForm,
    EndEpisodeForm,
    EpisodeForm,
    EvaluationForm,
    FundingPeriodForm,
    PathfinderForm,
    ReferralForm,
    ReferralOutcomeForm,
    ScreeningForm,
    TrainingForm,
    WithdrawConsentForm,
    WorkforceForm,
)
from elsec.models import ChildRecord, Pathfinder, PathfinderSetting
from sendcpp import access
from sendcpp.access import Action
from sendcpp.audit import csv_safe
from sendcpp.web.handling import handle_action, handle_form, handle_record_form

GET_POST = ["GET", "POST"]
FORM = "form_page.html"


def _today() -> date:
    return timezone.localdate()


def _pathfinder_url(pathfinder: Pathfinder) -> str:
    return reverse("elsec:pathfinder", kwargs={"pathfinder_id": pathfinder.public_id})


def _setting_url(setting: PathfinderSetting) -> str:
    return reverse("elsec:setting", kwargs={"setting_id": setting.public_id})


def _record_url(record: ChildRecord) -> str:
    return reverse("elsec:child", kwargs={"record_id": record.public_id})


# --- Start page -------------------------------------------------------------------------------


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    if access.is_family(user):
        records = selectors.records_for(user)
        return render(request, "elsec/family_index.html", {"records": records})
    pathfinders = selectors.pathfinders_for(user).select_related("local_authority")
    settings = selectors.settings_for(user)
    return render(
        request,
        "elsec/index.html",
        {
            "pathfinders": pathfinders,
            "settings": settings.order_by("organisation__name"),
            "can_set_up": access.may_create(user, Pathfinder),
        },
    )


@require_http_methods(GET_POST)
def pathfinder_new(request: HttpRequest) -> HttpResponse:
    access.require(access.may_create(request.user, Pathfinder))
    return handle_form(
        request,
        PathfinderForm(request.POST or None),
        call=lambda data: services.set_up_pathfinder(by=request.user, **data),
        success="Pathfinder set up",
        next_url=_pathfinder_url,
        template=FORM,
        context={"title": "Set up an ELSEC pathfinder", "back_url": reverse("elsec:index")},
    )


# --- The pathfinder (its lead) ----------------------------------------------------------------


@require_GET
def pathfinder(request: HttpRequest, pathfinder_id: str) -> HttpResponse:
    found = selectors.get_pathfinder_or_404(request.user, pathfinder_id)
    return render(
        request,
        "elsec/pathfinder.html",
        {
            "pathfinder": found,
            "settings": selectors.settings_for(request.user).filter(pathfinder=found),
            "workforce": found.workforce.select_related("user", "employer").prefetch_related(
                "settings__organisation"
            ),
            "periods": found.funding_periods.all(),
            "leads": access.can(request.user, Action.EDIT, found),
        },
    )


def _lead_form(
    request: HttpRequest,
    pathfinder_id: str,
    form_class: Any,
    service: Any,
    *,
    title: str,
    success: str,
    **form_kwargs: Any,
) -> HttpResponse:
    found = selectors.get_pathfinder_or_404(request.user, pathfinder_id, Action.EDIT)
    extra = {key: value(found) for key, value in form_kwargs.items()}
    return handle_record_form(
        request,
        found,
        form_class(request.POST or None, **extra),
        service,
        success=success,
        next_url=_pathfinder_url(found),
        template=FORM,
        context={"title": title, "caption": found.name, "back_url": _pathfinder_url(found)},
    )


@require_http_methods(GET_POST)
def setting_add(request: HttpRequest, pathfinder_id: str) -> HttpResponse:
    return _lead_form(
        request,
        pathfinder_id,
        AddSettingForm,
        services.add_setting,
        title="Add a setting to the pathfinder",
        success="Setting added to the pathfinder",
    )


@require_http_methods(GET_POST)
def workforce_add(request: HttpRequest, pathfinder_id: str) -> HttpResponse:
    return _lead_form(
        request,
        pathfinder_id,
        WorkforceForm,
        services.add_workforce_member,
        title="Add someone to the workforce",
        success="Added to the workforce",
        settings=lambda found: found.settings.select_related("organisation"),
        local_authority_id=lambda found: found.local_authority_id,
    )


@require_http_methods(GET_POST)
def workforce_edit(request: HttpRequest, member_id: str) -> HttpResponse:
    member = selectors.get_workforce_member_or_404(request.user, member_id)
    found = member.pathfinder
    form = CoverageForm(
        request.POST or None,
        settings=found.settings.select_related("organisation"),
        initial={"settings": list(member.settings.all()), "is_active": member.is_active},
    )
    return handle_record_form(
        request,
        member,
        form,
        services.set_coverage,
        success=f"{member.user.display_name}: settings covered saved",
        next_url=_pathfinder_url(found),
        template=FORM,
        context={
            "title": f"Settings {member.user.display_name} covers",
            "caption": found.name,
            "back_url": _pathfinder_url(found),
        },
    )


@require_http_methods(GET_POST)
def period_add(request: HttpRequest, pathfinder_id: str) -> HttpResponse:
    return _lead_form(
        request,
        pathfinder_id,
        FundingPeriodForm,
        services.add_funding_period,
        title="Add a funding period",
        success="Funding period added",
    )


# --- A setting --------------------------------------------------------------------------------


@require_GET
def setting(request: HttpRequest, setting_id: str) -> HttpResponse:
    found = selectors.get_setting_or_404(request.user, setting_id)
    audits = list(found.audits.all())
    return render(
        request,
        "elsec/setting.html",
        {
            "setting": found,
            "training": found.training_sessions.select_related("delivered_by__user")[:50],
            "visits": found.coaching_visits.select_related("delivered_by__user")[:50],
            "audits": audits,
            "latest_audit": audits[0] if audits else None,
            "previous_audit": audits[1] if len(audits) > 1 else None,
            "children": selectors.children_at(request.user, found).prefetch_related(
                "screenings", "episodes", "referrals"
            ),
            "works_here": access.can(request.user, Action.EDIT, found),
            "checklist": CHECKLIST,
        },
    )


def _setting_form(
    request: HttpRequest,
    setting_id: str,
    form_class: Any,
    service: Any,
    *,
    title: str,
    success: str,
    next_url: Any = None,
) -> HttpResponse:
    found = selectors.get_setting_or_404(request.user, setting_id, Action.EDIT)
    return handle_record_form(
        request,
        found,
        form_class(request.POST or None),
        service,
        success=success,
        next_url=next_url or _setting_url(found),
        template=FORM,
        context={"title": title, "caption": str(found), "back_url": _setting_url(found)},
    )


@require_http_methods(GET_POST)
def training_add(request: HttpRequest, setting_id: str) -> HttpResponse:
    return _setting_form(
        request,
        setting_id,
        TrainingForm,
        services.record_training,
        title="Record a training session",
        success="Training session recorded",
    )


@require_http_methods(GET_POST)
def coaching_add(request: HttpRequest, setting_id: str) -> HttpResponse:
    return _setting_form(
        request,
        setting_id,
        CoachingForm,
        services.record_coaching_visit,
        title="Record a coaching visit",
        success="Coaching visit recorded",
    )


@require_http_methods(GET_POST)
def audit_add(request: HttpRequest, setting_id: str) -> HttpResponse:
    return _setting_form(
        request,
        setting_id,
        AuditForm,
        services.record_audit,
        title="Record a communication-friendly setting audit",
        success=lambda audit: f"Audit recorded: {audit.score} out of {audit.max_score}",
    )


@require_http_methods(GET_POST)
def child_add(request: HttpRequest, setting_id: str) -> HttpResponse:
    return _setting_form(
        request,
        setting_id,
        ChildForm,
        services.add_child,
        title="Add a child",
        success="Child added. Record the parent's consent before screening.",
        next_url=_record_url,
    )


# --- A child ----------------------------------------------------------------------------------


@require_GET
def child(request: HttpRequest, record_id: str) -> HttpResponse:
    record = selectors.get_record_or_404(request.user, record_id)
    context = {"record": record, **selectors.history(record)}
    if access.is_family(request.user):
        context["staff_trained"] = record.setting.training_sessions.exists()
        return render(request, "elsec/family_child.html", context)
    context["works_here"] = access.can(request.user, Action.EDIT, record)
    context["consent_now"] = services.consent_in_force(record, _today())
    return render(request, "elsec/child.html", context)


def _record_form(
    request: HttpRequest, record: ChildRecord, form: Any, service: Any, *, title: str, success: str
) -> HttpResponse:
    return handle_record_form(
        request,
        record,
        form,
        service,
        success=success,
        next_url=_record_url(record),
        template=FORM,
        context={"title": title, "caption": str(record), "back_url": _record_url(record)},
    )


@require_http_methods(GET_POST)
def consent_add(request: HttpRequest, record_id: str) -> HttpResponse:
    record = selectors.get_record_or_404(request.user, record_id, Action.EDIT)
    return _record_form(
        request,
        record,
        ConsentForm(request.POST or None),
        services.record_consent,
        title="Record the parent's consent",
        success="Consent recorded",
    )


@require_http_methods(GET_POST)
def consent_withdraw(request: HttpRequest, consent_id: str) -> HttpResponse:
    consent = selectors.get_consent_or_404(request.user, consent_id, Action.EDIT)
    return _record_form(
        request,
        consent.record,
        WithdrawConsentForm(request.POST or None),
        lambda _record, **data: services.withdraw_consent(consent, **data),
        title="Record that consent was withdrawn",
        success="Consent withdrawn: no further screening or support will be recorded",
    )


@require_http_methods(GET_POST)
def screening_add(request: HttpRequest, record_id: str) -> HttpResponse:
    record = selectors.get_record_or_404(request.user, record_id, Action.EDIT)
    form = ScreeningForm(
        request.POST or None, tools=selectors.active_tools(), episodes=record.episodes.all()
    )
    return _record_form(
        request,
        record,
        form,
        services.record_screening,
        title="Record a screening",
        success="Screening recorded",
    )


@require_http_methods(GET_POST)
def episode_add(request: HttpRequest, record_id: str) -> HttpResponse:
    record = selectors.get_record_or_404(request.user, record_id, Action.EDIT)
    return _record_form(
        request,
        record,
        EpisodeForm(request.POST or None),
        services.start_episode,
        title="Start targeted support",
        success="Targeted support started",
    )


@require_http_methods(GET_POST)
def episode_end(request: HttpRequest, episode_id: str) -> HttpResponse:
    episode = selectors.get_episode_or_404(request.user, episode_id, Action.EDIT)
    return _record_form(
        request,
        episode.record,
        EndEpisodeForm(
            request.POST or None, initial={"sessions_attended": episode.sessions_attended}
        ),
        lambda _record, **data: services.end_episode(episode, **data),
        title=f"Finish “{episode.programme}”",
        success="Targeted support finished. Re-screen the child to record their progress.",
    )


@require_http_methods(GET_POST)
def referral_add(request: HttpRequest, record_id: str) -> HttpResponse:
    record = selectors.get_record_or_404(request.user, record_id, Action.EDIT)
    return _record_form(
        request,
        record,
        ReferralForm(request.POST or None),
        services.refer,
        title="Refer to the specialist speech and language therapy service",
        success="Referral recorded",
    )


@require_http_methods(GET_POST)
def referral_outcome(request: HttpRequest, referral_id: str) -> HttpResponse:
    referral = selectors.get_referral_or_404(request.user, referral_id, Action.EDIT)
    return _record_form(
        request,
        referral.record,
        ReferralOutcomeForm(request.POST or None),
        lambda _record, **data: services.record_referral_outcome(referral, **data),
        title="Record what happened to the referral",
        success="Referral updated",
    )


@require_POST
def link_record(request: HttpRequest, record_id: str, case_id: str) -> HttpResponse:
    """Confirm, from the case page, that a possible match is the case's child."""
    case = access.get_case_or_404(request.user, case_id, Action.EDIT)
    record = selectors.possible_matches(case.child).filter(public_id=record_id).first()
    if record is None:
        raise Http404("No such record")
    return handle_action(
        request,
        lambda: services.link_to_case(record, case=case, by=request.user),
        success="Early language record linked to this child",
        next_url=reverse("sendcpp:case-detail", kwargs={"case_id": case.public_id}),
    )


# --- Evaluation ------------------------------------------------------------------------------


def _evaluation(request: HttpRequest, pathfinder_id: str) -> tuple[Any, ...]:
    found = selectors.get_pathfinder_or_404(request.user, pathfinder_id, Action.EDIT)
    periods = list(found.funding_periods.all())
    form = EvaluationForm(request.GET or None, periods=periods)
    form.is_valid()
    data = form.cleaned_data if form.is_bound else {}
    chosen = next((p for p in periods if str(p.pk) == data.get("period")), None)
    filters = evaluation.Filters(
        starts_on=chosen.starts_on if chosen else found.starts_on,
        ends_on=chosen.ends_on if chosen else (found.ends_on or _today()),
        phase=data.get("phase", ""),
        age_group=data.get("age_group", ""),
    )
    figures = evaluation.compute(found, filters, today=_today())
    return found, form, filters, figures, chosen


@require_GET
def evaluation_page(request: HttpRequest, pathfinder_id: str) -> HttpResponse:
    found, form, filters, figures, chosen = _evaluation(request, pathfinder_id)
    for_publication = request.GET.get("view") == "published"
    shown = evaluation.published(figures) if for_publication else evaluation.management(figures)
    query = request.GET.copy()
    query["view"] = "published"
    return render(
        request,
        "elsec/evaluation.html",
        {
            "pathfinder": found,
            "form": form,
            "filters": filters,
            "period": chosen,
            "tables": evaluation.tables(shown),
            "figures": figures,
            "for_publication": for_publication,
            "published_query": query.urlencode(),
        },
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_GET
def evaluation_csv(request: HttpRequest, pathfinder_id: str) -> StreamingHttpResponse:
    """The figures for publication (disclosure control applied) as CSV."""
    _found, _form, filters, figures, _chosen = _evaluation(request, pathfinder_id)
    rows = evaluation.csv_rows(evaluation.published(figures), filters)
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        for row in rows:
            yield writer.writerow([csv_safe(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    name = f"elsec-evaluation-{filters.starts_on.isoformat()}-{filters.ends_on.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
