"""Keeping a child's record right: their names, date of birth, sex, ethnicity, first language,
national identifiers, address, and the contact details of each person with parental
responsibility (and the young person's own, from 16).

Every change goes through ``update_child`` or ``save_contact``: the values are checked here (the
same rules for the page, the API and the new-request form), a change from an older version of
the record is refused (``StaleEdit``), the reason for a correction is written to each of the
child's case timelines (staff only) beside the row history the audit trail reads, and the family
is told that the details we hold have changed (never what they were).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from sendcpp import access, codelists
from sendcpp.access import Action, Actor
from sendcpp.exceptions import DomainError, StaleEdit
from sendcpp.identifiers import validate_nhs_number, validate_uln, validate_upn
from sendcpp.models import ApiClient, Case, Child, Relationship, User
from sendcpp.notifications import family_members, family_recipients, family_words, notify
from sendcpp.timeline import record_case_event, register_event_kinds
from sendcpp.validators import date_of_birth_problem, normalise_postcode

register_event_kinds(
    {
        "child_details_corrected": "Child's details changed",
        "contact_details_changed": "Contact details changed",
        "family_details_changed": "Your details were updated",
    }
)

#: The fields of a child's record that ``update_child`` changes, with their plain names.
CHILD_FIELDS: dict[str, str] = {
    "legal_first_name": "first name",
    "legal_last_name": "last name",
    "preferred_name": "preferred name",
    "previous_names": "previous names",
    "date_of_birth": "date of birth",
    "sex": "sex",
    "ethnicity": "ethnicity",
    "first_language": "first language",
    "upn": "unique pupil number (UPN)",
    "uln": "unique learner number (ULN)",
    "upn_unknown_reason": "why the UPN is not known",
    "nhs_number": "NHS number",
    "address": "address",
    "postcode": "postcode",
}

#: The fields of a contact that ``save_contact`` sets.
CONTACT_FIELDS: dict[str, str] = {
    "full_name": "name",
    "kind": "relationship to the child",
    "has_parental_responsibility": "parental responsibility",
    "email": "email address",
    "phone": "phone number",
    "address": "address",
    "postcode": "postcode",
    "contact_language": "language for letters and calls",
    "contact_format": "how they would like to hear from us",
    "needs_interpreter": "needs an interpreter",
}

#: A field's cleaner: (value, field name) -> the stored value; a DomainError names the field.
Cleaner = Any

#: A young person holds their own rights and may have their own contact from this age.
OWN_CONTACT_AGE = 16


def _clean_text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _check_identifier(value: str, field: str, validate: Any) -> str:
    number = value.replace(" ", "").upper()
    if number:
        try:
            validate(number)
        except ValidationError as error:
            raise DomainError(error.messages[0], field=field) from error
    return number


def _postcode(value: str, field: str = "postcode") -> str:
    try:
        return normalise_postcode(value or "")
    except ValidationError as error:
        raise DomainError(error.messages[0], field=field) from error


def _name(words: str, *, required: bool) -> Cleaner:
    def clean(value: Any, field: str) -> str:
        text = _clean_text(value)
        if required and not text:
            raise DomainError(f"Enter the {words}", field=field)
        return text

    return clean


def _lines(value: Any, field: str) -> str:
    lines = (_clean_text(line) for line in str(value or "").splitlines())
    return "\n".join(line for line in lines if line)


def _code(codes: frozenset[str], message: str) -> Cleaner:
    def clean(value: Any, field: str) -> str:
        code = str(value or "").strip().upper()
        if code and code not in codes:
            raise DomainError(message, field=field)
        return code

    return clean


def _identifier(validate: Any) -> Cleaner:
    def clean(value: Any, field: str) -> str:
        return _check_identifier(str(value or ""), field, validate)

    return clean


def _choice(allowed: Any, message: str) -> Cleaner:
    def clean(value: Any, field: str) -> Any:
        if value not in allowed:
            raise DomainError(message, field=field)
        return value

    return clean


def _postcode_field(value: Any, field: str) -> str:
    return _postcode(str(value or ""), field)


_CHILD_CLEANERS: dict[str, Cleaner] = {
    "legal_first_name": _name("first name", required=True),
    "legal_last_name": _name("last name", required=True),
    "preferred_name": _name("preferred name", required=False),
    "previous_names": _lines,
    "sex": _choice(Child.Sex.values, "Select the child's sex"),
    "ethnicity": _code(codelists.ETHNICITY_CODES, "Select the child's ethnicity from the list"),
    "first_language": _code(
        codelists.FIRST_LANGUAGE_CODES, "Select a first language from the list"
    ),
    "upn_unknown_reason": _code(codelists.UPN_UNKNOWN_CODES, "Select why the UPN is not known"),
    "upn": _identifier(validate_upn),
    "uln": _identifier(validate_uln),
    "nhs_number": _identifier(validate_nhs_number),
    "address": _lines,
    "postcode": _postcode_field,
}


def _birth_date(value: Any, today: date) -> date:
    if not isinstance(value, date):
        raise DomainError("Enter the date of birth", field="date_of_birth")
    problem = date_of_birth_problem(value, today=today)
    if problem:
        raise DomainError(problem, field="date_of_birth")
    return value


def clean_child_values(values: dict[str, Any], *, today: date) -> dict[str, Any]:
    """``values`` (any of ``CHILD_FIELDS``) checked and put in their stored form; a
    ``DomainError`` naming the field for the first that is wrong."""
    clean = {
        name: cleaner(values[name], name)
        for name, cleaner in _CHILD_CLEANERS.items()
        if name in values
    }
    if "date_of_birth" in values:
        clean["date_of_birth"] = _birth_date(values["date_of_birth"], today)
    if clean.get("upn") and clean.get("upn_unknown_reason"):
        raise DomainError(
            "Leave “why the UPN is not known” empty when the UPN is recorded",
            field="upn_unknown_reason",
        )
    return clean


def _may_edit(by: Actor, child: Child) -> bool:
    if isinstance(by, ApiClient) and not access.client_may(by, ApiClient.Scope.CHILDREN_WRITE):
        return False
    return access.children_for(by, Action.EDIT).filter(pk=child.pk).exists()


def _tell_family(child: Child, cases: list[Case], *, what: str, by: Actor) -> None:
    """Tell everyone with portal access to the child that the details we hold have changed
    (what they are now is on the portal; nothing personal in the message)."""
    latest = cases[0] if cases else None
    for case in cases:
        record_case_event(
            case=case,
            kind="family_details_changed",
            by=by if isinstance(by, (User, ApiClient)) else None,
            summary=f"We updated {what} we hold",
            audience="family",
        )
    # Those who may see the child's case now (a young person's choice included); with no case
    # yet, everyone with portal access to the child.
    people = family_recipients(latest) if latest is not None else family_members(child.pk)
    version = Child.objects.values_list("version", flat=True).get(pk=child.pk)
    subject, body = family_words("details_changed", on=timezone.localdate(), what=what)
    link = reverse("sendcpp:case-detail", kwargs={"case_id": latest.public_id}) if latest else ""
    for person in people:
        notify(
            key=f"child-details:{child.public_id}:{version}:{person.pk}",
            recipient=person,
            case=latest,
            subject=subject,
            body=body,
            link=link,
        )


def _open_cases(child: Child) -> list[Case]:
    return list(Case.objects.filter(child=child).order_by("-request_received_on", "-id"))


@transaction.atomic
def update_child(
    child: Child,
    *,
    by: Actor,
    version: int,
    reason: str,
    values: dict[str, Any],
    today: date,
) -> Child:
    """Change the child's record to ``values`` (any of ``CHILD_FIELDS``). ``version`` is the
    version the person started from; ``reason`` says why (required when a recorded value is
    corrected, so the audit trail explains it)."""
    locked = _locked_for_edit(child, by=by, version=version)
    clean = clean_child_values(values, today=today)
    changed = [name for name, value in clean.items() if getattr(locked, name) != value]
    if not changed:
        return locked
    corrected = [name for name in changed if getattr(locked, name) not in ("", None)]
    reason = _clean_text(reason)
    if corrected and not reason:
        raise DomainError("Enter the reason for the correction", field="reason")
    for name in changed:
        setattr(locked, name, clean[name])
    try:
        locked.full_clean(exclude=["responsible_la", "setting"])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=field) from error
    locked.version = F("version") + 1
    locked.save(update_fields=[*changed, "version"])
    locked.refresh_from_db()
    words = ", ".join(CHILD_FIELDS[name] for name in changed)
    cases = _open_cases(locked)
    for case in cases:
        record_case_event(
            case=case,
            kind="child_details_corrected",
            by=by if isinstance(by, (User, ApiClient)) else None,
            summary=f"Changed the child's {words}" + (f": {reason}" if reason else ""),
            fields=changed,
        )
    _tell_family(locked, cases, what="your child's details", by=by)
    return locked


def _email(value: Any, field: str) -> str:
    email = str(value or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise DomainError(
                "Enter an email address in the correct format, like name@example.com",
                field=field,
            ) from error
    return email


def _phone(value: Any, field: str) -> str:
    phone = _clean_text(value)
    digits = phone.replace(" ", "").removeprefix("+")
    if phone and (not digits.isdigit() or not 10 <= len(digits) <= 13):
        raise DomainError("Enter a phone number, like 01632 960 001 or 07700 900 982", field=field)
    return phone


_CONTACT_CLEANERS: dict[str, Cleaner] = {
    "full_name": _name("person's name", required=True),
    "kind": _choice(Relationship.Kind.values, "Select how they are related to the child"),
    "has_parental_responsibility": lambda value, field: bool(value),
    "needs_interpreter": lambda value, field: bool(value),
    "email": _email,
    "phone": _phone,
    "address": _lines,
    "postcode": _postcode_field,
    "contact_language": lambda value, field: _clean_text(value) or "English",
    "contact_format": _choice(
        Relationship.ContactFormat.values, "Select how they would like to hear from us"
    ),
}


def clean_contact_values(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` (any of ``CONTACT_FIELDS``) checked and put in their stored form."""
    return {
        name: cleaner(values[name], name)
        for name, cleaner in _CONTACT_CLEANERS.items()
        if name in values
    }


def _locked_for_edit(child: Child, *, by: Actor, version: int) -> Child:
    locked = Child.objects.select_for_update().get(pk=child.pk)
    if not _may_edit(by, locked):
        raise DomainError("You cannot change this child's record")
    if locked.version != version:
        raise StaleEdit(
            "Someone else changed this record while you were editing it. Check their changes, "
            "then save again."
        )
    return locked


def _own_contact(locked: Child, clean: dict[str, Any], today: date) -> None:
    if locked.age_on(today) < OWN_CONTACT_AGE:
        raise DomainError(
            f"A young person has their own contact details from age {OWN_CONTACT_AGE}",
            field="kind",
        )
    clean["has_parental_responsibility"] = False
    clean["is_decision_maker"] = True


@transaction.atomic
def save_contact(
    child: Child,
    *,
    by: Actor,
    version: int,
    values: dict[str, Any],
    today: date,
    contact: Relationship | None = None,
) -> Relationship:
    """Add a contact for the child (``contact`` None) or change one. A contact for the young
    person themself is for a young person of 16 or over. The child's ``version`` guards the
    contacts too: two people changing them at once cannot overwrite each other."""
    locked = _locked_for_edit(child, by=by, version=version)
    if contact is not None and contact.child_id != locked.pk:
        raise DomainError("That contact is not one of this child's")
    clean = clean_contact_values(values)
    kind = clean.get("kind", contact.kind if contact else "")
    if kind == Relationship.Kind.SELF:
        _own_contact(locked, clean, today)
    if contact is None:
        for name in ("full_name", "kind"):
            if name not in clean:
                raise DomainError(f"Enter the {CONTACT_FIELDS[name]}", field=name)
        contact = Relationship.objects.create(child=locked, **clean)
        changed = list(clean)
    else:
        contact = Relationship.objects.select_for_update().get(pk=contact.pk)
        changed = [name for name, value in clean.items() if getattr(contact, name) != value]
        if not changed:
            return contact
        for name in changed:
            setattr(contact, name, clean[name])
        contact.save(update_fields=changed)
    Child.objects.filter(pk=locked.pk).update(version=F("version") + 1)
    cases = _open_cases(locked)
    for case in cases:
        record_case_event(
            case=case,
            kind="contact_details_changed",
            by=by if isinstance(by, (User, ApiClient)) else None,
            summary="Changed the contact details of a person linked to the child",
            fields=[name for name in changed if name in CONTACT_FIELDS],
        )
    _tell_family(locked, cases, what="the contact details", by=by)
    return contact
