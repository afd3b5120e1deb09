"""Pages about the council's records: the exchange format (its schema, a plan's export, a plan
arriving from another council) and the disclosure register. Thin: every write is one service
on the HTML kit (``sendcpp.web``); a person without the right gets 404."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ehcp import exchange
from ehcp.models import Plan, PlanVersion
from records import migration, retention, selectors, services
from records.access import works_on_records
from records.forms import (
    AssembleForm,
    CaseloadForm,
    DisclosureForm,
    LegalHoldForm,
    PlanTransferForm,
    RejectDisposalForm,
    ReleaseForm,
    ReleaseHoldForm,
    SubjectAccessForm,
)
from records.models import (
    DisposalBatch,
    DisposalStatus,
    LegalHold,
    MigrationRun,
    MigrationStatus,
    SubjectAccessRequest,
    TransferStatus,
)
from sendcpp import access, audit
from sendcpp.access import Action
from sendcpp.exceptions import DomainError
from sendcpp.models import Case, Team
from sendcpp.web.forms import apply_domain_error
from sendcpp.web.handling import handle_action, handle_form, posted
from sendcpp.web.paging import paginate


def _require_records(request: HttpRequest) -> None:
    access.require(works_on_records(request.user))


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """What the records service does, with the plans waiting to be checked; a case found by its
    reference opens its records page."""
    _require_records(request)
    reference = request.GET.get("reference", "").strip()
    if reference:
        found = access.cases_for(request.user).filter(reference__iexact=reference).first()
        if found is not None:
            return redirect("records:case", case_id=found.public_id)
    pending = selectors.transfers_for(request.user).filter(status=TransferStatus.PENDING)
    return render(
        request,
        "records/home.html",
        {
            "pending": pending[:20],
            "is_manager": access.is_manager(request.user),
            "reference": reference,
            "not_found": bool(reference),
        },
    )


@require_GET
def case_records(request: HttpRequest, case_id: str) -> HttpResponse:
    """What can be done with one case's records: export the plan, record a disclosure or a
    request for a copy, place a legal hold."""
    _require_records(request)
    case = access.get_case_or_404(request.user, case_id, Action.VIEW)
    return render(
        request,
        "records/case.html",
        {
            "case": case,
            "has_plan": Plan.objects.filter(case=case, made_on__isnull=False).exists(),
            "is_manager": access.is_manager(request.user),
            "disclosures": selectors.disclosures_for(request.user).filter(case=case)[:20],
            "requests": SubjectAccessRequest.objects.filter(case=case)[:20],
            "hold": LegalHold.objects.filter(case=case, released_at__isnull=True).first(),
        },
    )


# --- The exchange format --------------------------------------------------------------------------


@login_not_required
@require_GET
def exchange_schema(request: HttpRequest) -> HttpResponse:
    """The JSON Schema of the exchange format, version 1 (public: other councils' systems read
    it)."""
    response = HttpResponse(exchange.schema_json(), content_type="application/schema+json")
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _plan_or_404(request: HttpRequest, case_id: str) -> tuple[Case, Plan]:
    _require_records(request)
    case = access.get_case_or_404(request.user, case_id, Action.VIEW)
    plan = Plan.objects.filter(case=case, made_on__isnull=False).first()
    if plan is None:
        raise Http404
    return case, plan


@require_GET
def plan_exchange(request: HttpRequest, case_id: str) -> HttpResponse:
    """Every issued version of a case's plan, each downloadable on the exchange format."""
    case, plan = _plan_or_404(request, case_id)
    versions = PlanVersion.objects.filter(plan=plan).order_by("number")
    earlier = services.earlier_history(case)
    return render(
        request,
        "records/plan_exchange.html",
        {
            "case": case,
            "plan": plan,
            "versions": versions,
            "earlier": earlier["history"] if earlier else [],
            "schema_url": exchange.SCHEMA_PATH,
        },
    )


def _json_download(document: dict[str, Any], filename: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_for(request: HttpRequest, case: Case, plan: Plan, version: PlanVersion | None) -> dict:
    organisation = getattr(request.user, "organisation", None)
    return exchange.export_document(
        plan,
        version=version,
        exported_by=organisation.name if organisation else case.local_authority.name,
        exported_on=timezone.localdate(),
        earlier=services.earlier_history(case),
    )


@require_GET
def plan_export(request: HttpRequest, case_id: str, number: int | None = None) -> HttpResponse:
    """Download one issued version (or the plan in force as it stands) as an exchange document."""
    case, plan = _plan_or_404(request, case_id)
    version = None
    if number is not None:
        version = PlanVersion.objects.filter(plan=plan, number=number).first()
        if version is None:
            raise Http404
    try:
        document = export_for(request, case, plan, version)
    except DomainError as error:
        raise Http404 from error
    audit.record_read(
        request.user,
        child_id=case.child_id,
        case=case,
        what="plan exchange document",
        item=f"version {number}" if number else "plan in force",
    )
    suffix = f"v{number}" if number else "current"
    return _json_download(document, f"ehc-plan-{case.reference}-{suffix}.json")


# --- Plans arriving from another council ----------------------------------------------------------


def _teams(request: HttpRequest) -> Any:
    if access.is_manager(request.user):
        return Team.objects.filter(local_authority_id=request.user.organisation_id).order_by("name")
    return None


@require_GET
def transfer_list(request: HttpRequest) -> HttpResponse:
    _require_records(request)
    page = paginate(request, selectors.transfers_for(request.user), per_page=25)
    return render(request, "records/transfer_list.html", page)


@require_http_methods(["GET", "POST"])
def transfer_upload(request: HttpRequest) -> HttpResponse:
    """Upload a plan exported by another council. Checked against the schema at once: every
    problem is listed by where it is in the file, and nothing is kept."""
    _require_records(request)
    form = PlanTransferForm(posted(request), request.FILES or None, teams=_teams(request))
    page: dict[str, Any] = {
        "title": "Import a plan from another council",
        "intro": [
            "Upload the plan file the child's previous council sent. You will be able to read "
            "the plan before you accept it: nothing is added to the case list until you do."
        ],
        "submit": "Check the file",
        "multipart": True,
        "back_url": reverse("records:transfer-list"),
        "intro_template": "records/schema_link.html",
        "schema_url": exchange.SCHEMA_PATH,
    }

    def refused(error: DomainError) -> Any:
        apply_domain_error(form, error)
        # Paths break after each dot so that a long one wraps on a narrow screen.
        page["problems"] = [
            {"path": path.replace(".", ".\u200b"), "message": message}
            for path, message in getattr(error, "problems", [])
        ]
        return form

    return handle_form(
        request,
        form,
        call=lambda data: services.upload_plan_transfer(
            data["document"],
            transferred_on=data["transferred_on"],
            team=data.get("team"),
            by=request.user,
        ),
        success="The file passed every check. Read the plan, then accept it or decline it.",
        next_url=lambda transfer: reverse("records:transfer-detail", args=[transfer.public_id]),
        template="records/transfer_upload.html",
        context=page,
        refused=refused,
    )


@require_GET
def transfer_detail(request: HttpRequest, transfer_id: str) -> HttpResponse:
    """The plan as it arrived, for the coordinator to read before accepting it."""
    _require_records(request)
    transfer = selectors.get_transfer_or_404(request.user, transfer_id)
    document = transfer.document
    return render(
        request,
        "records/transfer_detail.html",
        {
            "transfer": transfer,
            "document": document,
            "plan": document["plan"],
            "can_decide": transfer.status == TransferStatus.PENDING
            and access.can(request.user, Action.EDIT, transfer),
        },
    )


@require_POST
def transfer_accept(request: HttpRequest, transfer_id: str) -> HttpResponse:
    _require_records(request)
    transfer = selectors.get_transfer_or_404(request.user, transfer_id, Action.EDIT)
    return handle_action(
        request,
        lambda: services.accept_plan_transfer(transfer, by=request.user),
        success="Plan accepted. Write to the family within 6 weeks.",
        next_url=lambda result: reverse("ehcp:case", args=[result.case.public_id]),
        refused_url=reverse("records:transfer-detail", args=[transfer.public_id]),
    )


@require_POST
def transfer_decline(request: HttpRequest, transfer_id: str) -> HttpResponse:
    _require_records(request)
    transfer = selectors.get_transfer_or_404(request.user, transfer_id, Action.EDIT)
    return handle_action(
        request,
        lambda: services.decline_plan_transfer(transfer, by=request.user),
        success="Plan declined. Nothing was added.",
        next_url=reverse("records:transfer-list"),
        refused_url=reverse("records:transfer-detail", args=[transfer.public_id]),
    )


# --- The disclosure register ----------------------------------------------------------------------


@require_GET
def disclosure_list(request: HttpRequest) -> HttpResponse:
    """Every release of a plan or record outside the council, newest first."""
    _require_records(request)
    page = paginate(request, selectors.disclosures_for(request.user), per_page=50)
    return render(request, "records/disclosure_list.html", page)


@require_http_methods(["GET", "POST"])
def disclosure_add(request: HttpRequest, case_id: str) -> HttpResponse:
    _require_records(request)
    case = access.get_case_or_404(request.user, case_id, Action.VIEW)
    form = DisclosureForm(posted(request))
    return handle_form(
        request,
        form,
        call=lambda data: services.record_disclosure(case, by=request.user, **data),
        success="Disclosure recorded in the register.",
        next_url=reverse("records:disclosure-list"),
        context={
            "title": "Record a disclosure",
            "caption": f"Case {case.reference}",
            "intro": [
                "Record every time the plan or any part of the child's record is given to "
                "anyone outside the council. A plan may be shared only with the parent's or "
                "young person's consent, or for one of the purposes the law lists."
            ],
            "intro_template": "records/law_regulation_17.html",
            "submit": "Record the disclosure",
            "back_url": reverse("ehcp:case", args=[case.public_id]),
        },
    )


# --- Migration of the caseload from the previous system -------------------------------------------


def _require_manager(request: HttpRequest) -> None:
    access.require(works_on_records(request.user) and access.is_manager(request.user))


def _run_or_404(request: HttpRequest, run_id: str) -> MigrationRun:
    _require_manager(request)
    run = MigrationRun.objects.filter(
        public_id=run_id, local_authority_id=request.user.organisation_id
    ).first()
    if run is None:
        raise Http404
    return run


@require_GET
def migration_template(request: HttpRequest) -> HttpResponse:
    """The layout as a CSV file with one example row."""
    _require_manager(request)
    response = HttpResponse(migration.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="caseload-template.csv"'
    return response


@require_http_methods(["GET", "POST"])
def migration_upload(request: HttpRequest) -> HttpResponse:
    """Upload the caseload from the council's previous system: checked at once, row by row."""
    _require_manager(request)
    form = CaseloadForm(posted(request), request.FILES or None, teams=_teams(request))
    runs = MigrationRun.objects.filter(local_authority_id=request.user.organisation_id).defer(
        "content"
    )[:10]
    return handle_form(
        request,
        form,
        call=lambda data: services.check_caseload_file(
            *data["file"], team=data.get("team"), by=request.user
        ),
        success=lambda run: (
            "The file has problems. Nothing was imported."
            if run.status == MigrationStatus.REFUSED
            else "Every row passed its checks. Nothing has been imported yet."
        ),
        next_url=lambda run: reverse("records:migration-detail", args=[run.public_id]),
        template="records/migration_upload.html",
        context={
            "title": "Bring over the caseload from the previous system",
            "submit": "Check the file",
            "multipart": True,
            "runs": runs,
            "back_url": reverse("records:home"),
        },
    )


@require_GET
def migration_detail(request: HttpRequest, run_id: str) -> HttpResponse:
    """The checks' problems, or the dry run and the button to import; then the progress."""
    run = _run_or_404(request, run_id)
    done = services.import_progress(run)
    total = int(run.report.get("cases", 0))
    return render(
        request,
        "records/migration_detail.html",
        {
            "run": run,
            "done": done,
            "total": total,
            "percent": round(100 * done / total) if total else 0,
            "running": run.status in (MigrationStatus.QUEUED, MigrationStatus.IMPORTING),
        },
    )


@require_POST
def migration_start(request: HttpRequest, run_id: str) -> HttpResponse:
    run = _run_or_404(request, run_id)
    url = reverse("records:migration-detail", args=[run.public_id])
    return handle_action(
        request,
        lambda: services.start_caseload_import(run, by=request.user),
        success="The import has started. This page shows how far it has got.",
        next_url=url,
    )


# --- Retention and disposal -----------------------------------------------------------------------


@require_GET
def retention_overview(request: HttpRequest) -> HttpResponse:
    """The retention schedule, the monthly lists of records due for disposal, the certificates
    of what was destroyed, and the legal holds."""
    _require_manager(request)
    la_id = request.user.organisation_id
    return render(
        request,
        "records/retention.html",
        {
            "schedule": retention.schedule().values(),
            "batches": DisposalBatch.objects.filter(local_authority_id=la_id)[:24],
            "holds": LegalHold.objects.filter(
                local_authority_id=la_id, released_at__isnull=True
            ).select_related("case", "placed_by")[:100],
        },
    )


def _batch_or_404(request: HttpRequest, batch_id: str) -> DisposalBatch:
    _require_manager(request)
    batch = DisposalBatch.objects.filter(
        public_id=batch_id, local_authority_id=request.user.organisation_id
    ).first()
    if batch is None:
        raise Http404
    return batch


@require_http_methods(["GET", "POST"])
def disposal_detail(request: HttpRequest, batch_id: str) -> HttpResponse:
    """One month's list: the records, approve or not; once done, the destruction certificate."""
    batch = _batch_or_404(request, batch_id)
    form = RejectDisposalForm(posted(request))
    items = batch.items.select_related("case").order_by("due_on", "id")
    classes = retention.schedule()
    return handle_form(
        request,
        form,
        call=lambda data: services.reject_disposal(batch, note=data["note"], by=request.user),
        success="The list was not approved. Nothing was destroyed.",
        next_url=reverse("records:retention"),
        template="records/disposal_detail.html",
        context={
            "batch": batch,
            "items": items[:500],
            "record_class": classes.get(batch.record_class),
            "listed": batch.status == DisposalStatus.LISTED,
        },
    )


@require_POST
def disposal_approve(request: HttpRequest, batch_id: str) -> HttpResponse:
    batch = _batch_or_404(request, batch_id)
    url = reverse("records:disposal-detail", args=[batch.public_id])
    return handle_action(
        request,
        lambda: services.approve_disposal(batch, by=request.user),
        success="Approved. The records are being destroyed; cases under a legal hold are kept.",
        next_url=url,
    )


@require_http_methods(["GET", "POST"])
def legal_hold_add(request: HttpRequest, case_id: str) -> HttpResponse:
    _require_manager(request)
    case = access.get_case_or_404(request.user, case_id, Action.VIEW)
    return handle_form(
        request,
        LegalHoldForm(posted(request)),
        call=lambda data: services.place_legal_hold(case, reason=data["reason"], by=request.user),
        success="Legal hold placed. The case's records will not be destroyed while it stands.",
        next_url=reverse("records:retention"),
        context={
            "title": "Keep this case's records: legal hold",
            "caption": f"Case {case.reference}",
            "submit": "Place the hold",
            "back_url": reverse("ehcp:case", args=[case.public_id]),
        },
    )


@require_http_methods(["GET", "POST"])
def legal_hold_release(request: HttpRequest, hold_id: str) -> HttpResponse:
    _require_manager(request)
    hold = LegalHold.objects.filter(
        public_id=hold_id, local_authority_id=request.user.organisation_id
    ).first()
    if hold is None:
        raise Http404
    return handle_form(
        request,
        ReleaseHoldForm(posted(request)),
        call=lambda data: services.release_legal_hold(
            hold, reason=data["release_reason"], by=request.user
        ),
        success="Hold released. The case is listed for disposal again when it is due.",
        next_url=reverse("records:retention"),
        context={
            "title": "End the legal hold",
            "caption": f"Case {hold.case.reference}",
            "intro": [f"Held because: {hold.reason}"],
            "submit": "End the hold",
            "back_url": reverse("records:retention"),
        },
    )


# --- Subject access requests ----------------------------------------------------------------------


def _subject_access_requests(request: HttpRequest) -> Any:
    return SubjectAccessRequest.objects.filter(
        local_authority_id=request.user.organisation_id,
        case__in=access.cases_for(request.user, Action.VIEW),
    ).select_related("case", "child")


@require_GET
def subject_access_list(request: HttpRequest) -> HttpResponse:
    _require_records(request)
    page = paginate(request, _subject_access_requests(request), per_page=25)
    return render(request, "records/subject_access_list.html", page)


@require_http_methods(["GET", "POST"])
def subject_access_add(request: HttpRequest, case_id: str) -> HttpResponse:
    _require_records(request)
    case = access.get_case_or_404(request.user, case_id, Action.VIEW)
    return handle_form(
        request,
        SubjectAccessForm(posted(request)),
        call=lambda data: services.record_subject_access_request(case, by=request.user, **data),
        success="Request recorded. The answer is due within one month.",
        next_url=lambda result: reverse("records:subject-access-detail", args=[result.public_id]),
        context={
            "title": "Record a request for a copy of the records",
            "caption": f"Case {case.reference}",
            "intro": [
                "Use this when the child or young person, or someone acting for them, asks for "
                "a copy of the information the council holds about them. The council must "
                "answer within one month."
            ],
            "submit": "Record the request",
            "back_url": reverse("ehcp:case", args=[case.public_id]),
        },
    )


def _subject_access_or_404(request: HttpRequest, request_id: str) -> SubjectAccessRequest:
    _require_records(request)
    found = _subject_access_requests(request).filter(public_id=request_id).first()
    if found is None:
        raise Http404
    return found


@require_http_methods(["GET", "POST"])
def subject_access_detail(request: HttpRequest, request_id: str) -> HttpResponse:
    """The request, its clock, and the bundle: put it together, check what it holds, withhold
    or redact third parties' information, put it together again."""
    sar = _subject_access_or_404(request, request_id)
    form = AssembleForm(
        posted(request),
        items=sar.index,
        initial={"redact_words": sar.redact_words}
        | {f"withhold_{n}": sar.withheld.get(item["key"], "") for n, item in enumerate(sar.index)},
    )
    deadline = sar.case.deadlines.filter(
        rule="subject_access", subject=sar.deadline_subject
    ).first()
    return handle_form(
        request,
        form,
        call=lambda data: services.assemble_subject_access_bundle(
            sar, by=request.user, withheld=form.withheld(), redact_words=data["redact_words"]
        ),
        success="The bundle is ready. Check it before you release it.",
        next_url=reverse("records:subject-access-detail", args=[sar.public_id]),
        template="records/subject_access_detail.html",
        context={
            "sar": sar,
            "deadline": deadline,
            "release_url": reverse("records:subject-access-release", args=[sar.public_id]),
        },
    )


@require_GET
def subject_access_download(request: HttpRequest, request_id: str) -> HttpResponse:
    from django.http import FileResponse

    sar = _subject_access_or_404(request, request_id)
    if not sar.bundle:
        raise Http404
    audit.record_read(
        request.user, child_id=sar.child_id, case=sar.case, what="subject access bundle"
    )
    return FileResponse(
        sar.bundle.open("rb"),
        as_attachment=True,
        filename=f"records-{sar.case.reference}.zip",
        content_type="application/zip",
    )


@require_http_methods(["GET", "POST"])
def subject_access_release(request: HttpRequest, request_id: str) -> HttpResponse:
    sar = _subject_access_or_404(request, request_id)
    url = reverse("records:subject-access-detail", args=[sar.public_id])
    return handle_form(
        request,
        ReleaseForm(posted(request)),
        call=lambda data: services.release_subject_access_bundle(sar, by=request.user, **data),
        success="Release recorded.",
        next_url=url,
        context={
            "title": "Record the release of the bundle",
            "caption": f"Case {sar.case.reference}",
            "submit": "Record the release",
            "back_url": url,
        },
    )
