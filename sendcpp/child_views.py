"""Pages for a child's record: what we hold, and changing it (names, identity, identifiers,
address) and the contacts of each person with parental responsibility."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sendcpp import access, children, codelists
from sendcpp.access import Action
from sendcpp.child_forms import ChildForm, ContactForm
from sendcpp.models import Case, Child, Relationship
from sendcpp.web.editing import handle_edit


def _editable_child_or_404(request: HttpRequest, child_id: str) -> Child:
    child = access.get_child_or_404(request.user, child_id)
    if not access.children_for(request.user, Action.EDIT).filter(pk=child.pk).exists():
        raise Http404("No such child")
    return child


def child_url(child: Child) -> str:
    return reverse("sendcpp:child-detail", args=[child.public_id])


def child_detail(request: HttpRequest, child_id: str) -> HttpResponse:
    """What we hold about a child, with links to change it (for staff who may)."""
    child = access.get_child_or_404(request.user, child_id)
    if not access.is_la_staff(request.user):
        raise Http404("No such child")
    can_edit = access.children_for(request.user, Action.EDIT).filter(pk=child.pk).exists()
    cases = access.cases_for(request.user).filter(child=child).order_by("-id")
    return render(
        request,
        "sendcpp/child_detail.html",
        {
            "child": child,
            "can_edit": can_edit,
            "cases": cases,
            "today": timezone.localdate(),
            "ethnicity": codelists.meaning("ethnicity", child.ethnicity),
            "first_language": codelists.meaning("first_language", child.first_language),
            "upn_unknown": codelists.meaning("upn_unknown", child.upn_unknown_reason),
            "contacts": Relationship.objects.filter(child=child).order_by("id"),
            "own_contact_age": children.OWN_CONTACT_AGE,
        },
    )


def _child_initial(child: Child) -> dict[str, Any]:
    return {name: getattr(child, name) for name in children.CHILD_FIELDS} | {
        "version": child.version
    }


@require_http_methods(["GET", "POST"])
def child_edit(request: HttpRequest, child_id: str) -> HttpResponse:
    """Change the child's record. A correction needs a reason; a save made from an older
    version is refused and the page shows the record as saved since."""
    child = _editable_child_or_404(request, child_id)
    form = ChildForm(request.POST or None, initial=_child_initial(child))

    def reload() -> tuple[int, dict[str, Any]]:
        child.refresh_from_db()
        return child.version, {}

    def save(data: dict[str, Any]) -> Child:
        values = {name: data.get(name, "") for name in children.CHILD_FIELDS}
        return children.update_child(
            child,
            by=request.user,
            version=data["version"],
            reason=data.get("reason", ""),
            values=values,
            today=timezone.localdate(),
        )

    return handle_edit(
        request,
        form,
        version_field="version",
        reload=reload,
        call=save,
        success="Child's details saved",
        next_url=child_url(child),
        context={
            "title": f"Change {child.full_name}'s details",
            "submit": "Save the details",
            "back_url": child_url(child),
            "cancel_url": child_url(child),
        },
    )


@require_http_methods(["GET", "POST"])
def contact_edit(
    request: HttpRequest, child_id: str, contact_id: int | None = None
) -> HttpResponse:
    """Add or change the contact details of a person linked to the child (a parent or carer,
    or the young person themself from 16)."""
    child = _editable_child_or_404(request, child_id)
    contact = None
    if contact_id is not None:
        contact = Relationship.objects.filter(child=child, pk=contact_id).first()
        if contact is None:
            raise Http404("No such contact")
    initial: dict[str, Any] = {"version": child.version, "contact_language": "English"}
    if contact is not None:
        initial |= {name: getattr(contact, name) for name in children.CONTACT_FIELDS}
    form = ContactForm(request.POST or None, initial=initial)

    def reload() -> tuple[int, dict[str, Any]]:
        child.refresh_from_db()
        return child.version, {}

    return handle_edit(
        request,
        form,
        version_field="version",
        reload=reload,
        call=lambda data: children.save_contact(
            child,
            by=request.user,
            version=data["version"],
            values={name: data.get(name) for name in children.CONTACT_FIELDS},
            today=timezone.localdate(),
            contact=contact,
        ),
        success="Contact details saved",
        next_url=child_url(child),
        context={
            "title": "Change contact details" if contact else "Add a contact",
            "caption": child.full_name,
            "submit": "Save the contact",
            "back_url": child_url(child),
            "cancel_url": child_url(child),
        },
    )


def case_child_url(case: Case) -> str:
    return child_url(case.child)
