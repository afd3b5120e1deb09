from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sendcpp import codelists
from sendcpp.models import Case, CaseEvent, Child, Deadline, Document, Relationship
from sendcpp.validators import validate_date_of_birth

#: A time of day as the API reads and writes it: hours and minutes, optionally seconds and
#: fractions of a second, with no offset.
LOCAL_TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"


@extend_schema_field(
    {
        "type": "string",
        "pattern": LOCAL_TIME_PATTERN,
        "example": "14:00:00",
        "description": "A time of day in the council's local time (UK time), with no offset",
    }
)
class LocalTimeField(serializers.TimeField):
    """A time of day in local time, such as when a meeting starts.

    OpenAPI's ``time`` format is RFC 3339's full-time, which carries an offset from UTC; a meeting
    at 14:00 every six weeks has no fixed offset (it moves with British Summer Time), so the API
    sends ``14:00:00`` and the schema says so with a pattern instead of that format.
    """


def no_null_characters(value: Any) -> None:
    """Refuse a NUL character anywhere in a JSON value, keys included: PostgreSQL cannot store it
    in text or JSON. (DRF's ``CharField`` refuses it in strings; a dict's keys, or values of any
    type, are not checked otherwise.)"""
    if isinstance(value, str):
        if "\x00" in value:
            raise serializers.ValidationError("Null characters are not allowed.")
    elif isinstance(value, dict):
        for key, item in value.items():
            no_null_characters(key)
            no_null_characters(item)
    elif isinstance(value, list | tuple):
        for item in value:
            no_null_characters(item)


class ModelSerializer(serializers.ModelSerializer):
    """The base of every model serializer of the API.

    - Read-only fields keep ``allow_blank``: DRF drops it from the fields it makes read-only
      (``read_only_fields``), so the published schema would say that a blank choice (a
      consultation not yet answered) or a blank web address is never sent, when the API sends
      it. Keeping it declares the empty string in the schema next to the choices or the format.
    - Times of day are ``LocalTimeField``s.
    """

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.TimeField: LocalTimeField,
    }

    def include_extra_kwargs(
        self, kwargs: dict[str, Any], extra_kwargs: dict[str, Any]
    ) -> dict[str, Any]:
        allow_blank = kwargs.get("allow_blank", False)
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if allow_blank and kwargs.get("read_only"):
            kwargs["allow_blank"] = True
        return kwargs


class PublicIdField(serializers.UUIDField):
    """The public id of the related record ``relation`` (a dotted path from the record), as the
    API names every record: never by its database key."""

    def __init__(self, relation: str, **kwargs: Any) -> None:
        super().__init__(source=f"{relation}.public_id", read_only=True, **kwargs)


class PublicIdRelatedField(serializers.SlugRelatedField):
    """An input's reference to another record (of ``queryset``) by its public id."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="public_id", **kwargs)


# No docstring: the schema describes a serializer with none of its own by the nearest base's,
# which stays ``ModelSerializer``'s as published.
class PublicRecordSerializer(ModelSerializer):
    # A record the API names by its public id, given as ``id`` (list it in ``Meta.fields``).
    id = serializers.UUIDField(source="public_id", read_only=True)


class StaffOnlyFieldsMixin:
    """Drops the staff-only notes for callers who read only what the family reads."""

    # The schema shows this docstring for a serializer with none of its own, so it stays as
    # published. The fields dropped are ``staff_only_fields``; whether the caller reads only what
    # the family reads is the context's ``sees_staff_only``, which
    # ``sendcpp.api.viewsets.StaffOnlyContextMixin`` sets.

    staff_only_fields: tuple[str, ...] = ()

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)  # type: ignore[misc]
        if not self.context.get("sees_staff_only", False):  # type: ignore[attr-defined]
            for name in self.staff_only_fields:
                data.pop(name, None)
        return data


class ContactSerializer(serializers.ModelSerializer[Relationship]):
    """A person linked to the child: a parent or carer, or the young person themself (16+)."""

    class Meta:
        model = Relationship
        fields = [
            "id",
            "full_name",
            "kind",
            "has_parental_responsibility",
            "is_decision_maker",
            "email",
            "phone",
            "address",
            "postcode",
            "contact_language",
            "contact_format",
            "needs_interpreter",
        ]
        read_only_fields = fields


class ChildSerializer(PublicRecordSerializer):
    responsible_la = serializers.CharField(source="responsible_la.name", read_only=True)
    primary_broad_area = serializers.CharField(read_only=True, allow_null=True)
    contacts = ContactSerializer(source="relationships", many=True, read_only=True)

    class Meta:
        model = Child
        fields = [
            "id",
            "legal_first_name",
            "legal_last_name",
            "preferred_name",
            "previous_names",
            "date_of_birth",
            "upn",
            "uln",
            "upn_unknown_reason",
            "nhs_number",
            "sex",
            "ethnicity",
            "first_language",
            "address",
            "postcode",
            "responsible_la",
            "primary_need",
            "secondary_need",
            "primary_broad_area",
            "version",
            "contacts",
        ]
        read_only_fields = ["version"]
        # Changed only through the ``correct`` command (``ChildCorrectionSerializer``); should
        # this serializer ever take a child, nobody is born after today.
        extra_kwargs = {"date_of_birth": {"validators": [validate_date_of_birth]}}


def _optional_text(max_length: int) -> serializers.CharField:
    return serializers.CharField(
        max_length=max_length, required=False, allow_blank=True, trim_whitespace=True
    )


class ChildCorrectionSerializer(serializers.Serializer[Any]):
    """A change to a child's record: only the fields given change. ``version`` is the record's
    version the change was made from (a change from an older one is refused with 409);
    ``reason`` is needed when a recorded value is corrected. Codes are the DfE's (ethnicity,
    first language, UPN unknown)."""

    version = serializers.IntegerField(min_value=1)
    reason = _optional_text(500)
    legal_first_name = _optional_text(100)
    legal_last_name = _optional_text(100)
    preferred_name = _optional_text(100)
    previous_names = _optional_text(1000)
    date_of_birth = serializers.DateField(required=False, validators=[validate_date_of_birth])
    sex = serializers.ChoiceField(choices=Child.Sex.choices, required=False)
    ethnicity = serializers.ChoiceField(
        choices=[("", "Not recorded"), *codelists.ETHNICITY], required=False
    )
    first_language = serializers.ChoiceField(
        choices=[("", "Not recorded"), *codelists.FIRST_LANGUAGE], required=False
    )
    upn = _optional_text(16)
    uln = _optional_text(12)
    upn_unknown_reason = serializers.ChoiceField(
        choices=[("", "Not given"), *codelists.UPN_UNKNOWN], required=False
    )
    nhs_number = _optional_text(12)
    address = _optional_text(500)
    postcode = _optional_text(10)


class ContactChangeSerializer(serializers.Serializer[Any]):
    """A contact to add (no ``contact``) or change (``contact``: its id); only the fields given
    change. ``version`` is the child's record version."""

    version = serializers.IntegerField(min_value=1)
    contact = serializers.IntegerField(required=False, min_value=1)
    full_name = _optional_text(200)
    kind = serializers.ChoiceField(choices=Relationship.Kind.choices, required=False)
    has_parental_responsibility = serializers.BooleanField(required=False)
    email = _optional_text(254)
    phone = _optional_text(30)
    address = _optional_text(500)
    postcode = _optional_text(10)
    contact_language = _optional_text(60)
    contact_format = serializers.ChoiceField(
        choices=Relationship.ContactFormat.choices, required=False
    )
    needs_interpreter = serializers.BooleanField(required=False)


class CaseSerializer(PublicRecordSerializer):
    child = PublicIdField("child")
    team = serializers.CharField(source="team.name", read_only=True)
    coordinator = serializers.CharField(
        source="coordinator.display_name", read_only=True, allow_null=True
    )
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "child",
            "team",
            "coordinator",
            "stage",
            "stage_label",
            "request_received_on",
            "plan_issued_on",
            "closed_on",
            "next_due_on",
            "next_due_label",
            "updated_at",
        ]

    def to_representation(self, instance: Case) -> dict[str, Any]:
        """What DRF's walk of ``Meta.fields`` gives (a test compares the two on every field),
        with each value read directly: partner systems page through the case list all day, and
        DRF's generic lookup of 13 sources on 50 cases was most of the page's serializing. Each
        value is still formatted by its declared field, and a missing one is ``None``."""
        coordinator = instance.coordinator
        values = {
            "id": instance.public_id,
            "reference": instance.reference,
            "child": instance.child.public_id,
            "team": instance.team.name,
            "coordinator": coordinator.display_name if coordinator is not None else None,
            "stage": instance.stage,
            "stage_label": instance.get_stage_display(),
            "request_received_on": instance.request_received_on,
            "plan_issued_on": instance.plan_issued_on,
            "closed_on": instance.closed_on,
            "next_due_on": instance.next_due_on,
            "next_due_label": instance.next_due_label,
            "updated_at": instance.updated_at,
        }
        fields = self.fields
        return {
            name: None if value is None else fields[name].to_representation(value)
            for name, value in values.items()
        }


class CaseEventSerializer(ModelSerializer):
    actor = serializers.CharField(source="actor.display_name", read_only=True, allow_null=True)

    class Meta:
        model = CaseEvent
        fields = ["kind", "summary", "audience", "actor", "occurred_at"]


def document_download_url(document: Document) -> str:
    """Where the API serves the document's file (to those who may read it)."""
    return reverse("api-document-download", kwargs={"public_id": document.public_id})


class DocumentSerializer(PublicRecordSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "kind",
            "title",
            "audience",
            "content_type",
            "size_bytes",
            "status",
            "created_at",
            "download_url",
        ]

    def get_download_url(self, document: Document) -> str:
        return document_download_url(document)


class DeadlineSerializer(PublicRecordSerializer):
    title = serializers.CharField(source="rule_info.title", read_only=True)
    legal_basis = serializers.CharField(source="rule_info.legal_basis", read_only=True)
    plain_english = serializers.CharField(source="rule_info.plain_english", read_only=True)
    status = serializers.SerializerMethodField()

    class Meta:
        model = Deadline
        fields = [
            "id",
            "rule",
            "title",
            "legal_basis",
            "plain_english",
            "due_on",
            "target_on",
            "met_on",
            "cancelled_on",
            "has_exception",
            "status",
        ]

    def get_status(self, deadline: Deadline) -> str:
        """open, overdue, met, met_late or cancelled (worked out today)."""
        from django.utils import timezone

        if deadline.cancelled_on:
            return "cancelled"
        if deadline.met_on:
            return "met_late" if deadline.was_met_late else "met"
        return "overdue" if deadline.is_overdue(timezone.localdate()) else "open"
