"""The audit log page and its CSV export: for SEND managers, their own council only. Anyone else
gets 404, as for a page that does not exist."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from sendcpp import access, audit
from sendcpp.audit_forms import AuditFilterForm
from sendcpp.web.paging import paginate

PAGE_SIZE = 25
TABS = {"reads": "Records viewed", "changes": "Changes"}
READ_COLUMNS = (
    "at",
    "what",
    "item",
    "via",
    "route",
    "user__first_name",
    "user__last_name",
    "user__username",
    "api_client__name",
    "child__legal_first_name",
    "child__legal_last_name",
    "child__preferred_name",
    "case__reference",
)


def _form(request: HttpRequest) -> tuple[AuditFilterForm, str]:
    access.require(access.can_view_audit(request.user))
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else "reads"
    form = AuditFilterForm(request.GET or None, manager=request.user)
    return form, tab


def _log_audit_read(request: HttpRequest, form: AuditFilterForm, what: str) -> None:
    # Reading a child's audit trail is itself a read of their record.
    child = form.filters.child
    if child is not None:
        audit.record_read(request.user, child_id=child.pk, case=None, what=what)


def audit_log(request: HttpRequest) -> HttpResponse:
    form, tab = _form(request)
    valid = form.is_bound and form.is_valid()
    filters = form.filters if valid else audit.AuditFilters()
    # Both logs grow by millions of rows a year: their pages are read by key from the indexes
    # (newest first), never counted.
    if form.is_bound and not valid:
        page_obj: Any = paginate(request, [], per_page=PAGE_SIZE)["page_obj"]
    elif tab == "changes":
        page_obj = audit.changes_page(
            request.user,
            filters,
            after=request.GET.get("after"),
            before=request.GET.get("before"),
            per_page=PAGE_SIZE,
        )
        page_obj.query = request.GET
        page_obj.object_list = audit.change_rows(page_obj.object_list)
    else:
        # Only the columns the table shows, of the five tables a row joins.
        items = audit.reads_query(request.user, filters, columns=READ_COLUMNS)
        page_obj = paginate(request, items, per_page=PAGE_SIZE, seek=True)["page_obj"]
    if valid:
        _log_audit_read(request, form, "audit trail")
    filters_query = request.GET.copy()
    for paging in ("tab", "page", "after", "before"):
        filters_query.pop(paging, None)
    return render(
        request,
        "sendcpp/audit_log.html",
        {
            "tab": tab,
            "tabs": TABS,
            "form": form,
            "page_obj": page_obj,
            "filters_query": filters_query.urlencode(),
            "export_ok": not form.is_bound or valid,
        },
    )


def audit_export(request: HttpRequest) -> HttpResponse:
    """The same rows as the page, with the same filters, as CSV: streamed, with a header row,
    and safe to open in a spreadsheet."""
    form, tab = _form(request)
    valid = form.is_bound and form.is_valid()
    if form.is_bound and not valid:
        return audit_log(request)
    filters = form.filters if valid else audit.AuditFilters()
    if valid:
        _log_audit_read(request, form, "audit trail export")
    lines = (
        audit.changes_csv(request.user, filters)
        if tab == "changes"
        else audit.reads_csv(request.user, filters)
    )
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    name = "changes" if tab == "changes" else "records-viewed"
    response["Content-Disposition"] = f'attachment; filename="audit-{name}-{stamp}.csv"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
