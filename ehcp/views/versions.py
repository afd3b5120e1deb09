"""Issued versions of the plan: each one, its PDF, reading it on screen, and comparing two."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ehcp import selectors, services
from ehcp.documents import (
    compare_versions,
    easy_read_context,
    easy_read_pdf,
    render_plan_html,
)
from sendcpp import access
from sendcpp.access import Action
from sendcpp.exceptions import DomainError


def plan_versions(request: HttpRequest, plan_id: str) -> HttpResponse:
    plan = selectors.get_plan_or_404(request.user, plan_id)
    versions = plan.versions.select_related("document", "issued_by").order_by("-number")
    return render(
        request, "ehcp/plan_versions.html", {"plan": plan, "case": plan.case, "versions": versions}
    )


def plan_compare(request: HttpRequest, plan_id: str) -> HttpResponse:
    """A readable comparison of two issued versions: the lines added and removed."""
    plan = selectors.get_plan_or_404(request.user, plan_id)
    versions = {v.number: v for v in plan.versions.all()}
    try:
        old = versions[int(request.GET.get("from", ""))]
        new = versions[int(request.GET.get("to", ""))]
    except (KeyError, ValueError) as error:
        raise Http404("Choose two versions") from error
    return render(
        request,
        "ehcp/plan_compare.html",
        {
            "plan": plan,
            "case": plan.case,
            "old": old,
            "new": new,
            "changes": compare_versions(old.content, new.content),
        },
    )


def version_page(request: HttpRequest, version_id: str) -> HttpResponse:
    """An issued version: what it is, its PDF (with progress or failure), the rights that come
    with it, and the family's comments if it was a draft."""
    version = selectors.get_version_or_404(request.user, version_id)
    case = version.plan.case
    return render(
        request,
        "ehcp/version.html",
        {
            "version": version,
            "plan": version.plan,
            "case": case,
            "document": version.document,
            "is_staff": access.is_la_staff(request.user),
            "can_edit": access.can(request.user, Action.EDIT, case),
            "today": timezone.localdate(),
        },
    )


def version_read(request: HttpRequest, version_id: str) -> HttpResponse:
    version = selectors.get_version_or_404(request.user, version_id)
    back = reverse("ehcp:version", kwargs={"version_id": version.public_id})
    return HttpResponse(render_plan_html(version, back_url=back))


@require_POST
def version_retry_pdf(request: HttpRequest, version_id: str) -> HttpResponse:
    version = selectors.get_version_or_404(request.user, version_id)
    access.require(access.can(request.user, Action.EDIT, version.plan.case))
    try:
        services.retry_plan_pdf(version, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Preparing the PDF again. Refresh this page in a moment.")
    return redirect("ehcp:version", version_id=version.public_id)


def version_easy_read(request: HttpRequest, version_id: str) -> HttpResponse:
    """An easy-read summary of an issued plan: short sentences with headings."""
    version = selectors.get_version_or_404(request.user, version_id)
    return render(request, "ehcp/easy_read.html", easy_read_context(version))


def version_easy_read_pdf(request: HttpRequest, version_id: str) -> HttpResponse:
    """The easy-read summary as a tagged PDF to keep or print."""
    version = selectors.get_version_or_404(request.user, version_id)
    response = HttpResponse(easy_read_pdf(version), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="plan-easy-read.pdf"'
    return response
