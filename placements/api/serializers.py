"""API shapes for the setting directory, tailored lists, consultations and placements. Output
serializers are read-only; input serializers validate the shape of one move and their field
names are the keyword arguments of the service it calls."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from placements.models import (
    ApTier,
    Consultation,
    ConsultationAnswer,
    ConsultationReason,
    NamingDecision,
    Phase,
    Placement,
    ProvisionType,
    RefusalReason,
    ReintegrationReview,
    ResidentialPattern,
    SenSetting,
    Setting,
    SettingContact,
    SettingImport,
    TailoredList,
    TailoredListEntry,
    TailoredListVersion,
)
from sendcpp.api.serializers import (
    ModelSerializer,
    PublicIdField,
    PublicIdRelatedField,
    PublicRecordSerializer,
    StaffOnlyFieldsMixin,
    document_download_url,
)
from sendcpp.models import Organisation
from sendcpp.needs import BroadArea, NeedType

# --- The directory --------------------------------------------------------------------------------


class SettingSerializer(ModelSerializer):
    """A setting's public facts: nothing personal."""

    id = PublicIdField("organisation")
    name = serializers.CharField(source="organisation.name", read_only=True)
    urn = serializers.CharField(source="organisation.urn", read_only=True)
    ukprn = serializers.CharField(source="organisation.ukprn", read_only=True)
    la_code = serializers.CharField(source="organisation.la_code", read_only=True)
    postcode = serializers.CharField(source="organisation.postcode", read_only=True)
    provision_type_label = serializers.CharField(
        source="get_provision_type_display", read_only=True
    )

    class Meta:
        model = Setting
        fields = [
            "id",
            "name",
            "urn",
            "ukprn",
            "establishment_type",
            "provision_type",
            "provision_type_label",
            "phase",
            "low_age",
            "high_age",
            "has_sixth_form",
            "has_sen_unit",
            "has_resourced_provision",
            "is_boarding",
            "is_section_41",
            "gender",
            "street",
            "locality",
            "town",
            "postcode",
            "la_code",
            "la_name",
            "easting",
            "northing",
            "location_source",
            "website",
            "telephone",
            "need_types",
            "broad_areas",
            "places",
            "status",
            "opened_on",
            "closed_on",
        ]
        read_only_fields = fields


class SettingContactSerializer(ModelSerializer):
    class Meta:
        model = SettingContact
        fields = ["role", "name", "email", "phone"]
        read_only_fields = fields


class SettingStaffSerializer(SettingSerializer):
    """The public facts, plus what LA staff and partner systems see: places free and contacts."""

    contacts = SettingContactSerializer(many=True, read_only=True)

    class Meta(SettingSerializer.Meta):
        fields = [*SettingSerializer.Meta.fields, "vacancies", "vacancies_on", "contacts"]
        read_only_fields = fields


class DirectoryQuery(serializers.Serializer):
    """The directory's search, as query parameters: each filter one of its choices, or left out."""

    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Name, URN, UKPRN, town or postcode",
    )
    provision_type = serializers.ChoiceField(
        choices=ProvisionType.choices, required=False, allow_blank=True
    )
    phase = serializers.ChoiceField(choices=Phase.choices, required=False, allow_blank=True)
    broad_area = serializers.ChoiceField(
        choices=BroadArea.choices, required=False, allow_blank=True
    )
    need_type = serializers.ChoiceField(choices=NeedType.choices, required=False, allow_blank=True)
    include_closed = serializers.BooleanField(required=False, default=False)


class SettingFactsInput(serializers.Serializer):
    """The facts the LA maintains. Only fields sent are changed; ``null`` clears a number."""

    need_types = serializers.ListField(
        child=serializers.ChoiceField(choices=NeedType.choices), required=False
    )
    broad_areas = serializers.ListField(
        child=serializers.ChoiceField(choices=BroadArea.choices), required=False
    )
    places = serializers.IntegerField(
        min_value=0, max_value=10_000, required=False, allow_null=True
    )
    vacancies = serializers.IntegerField(
        min_value=0, max_value=10_000, required=False, allow_null=True
    )
    vacancies_on = serializers.DateField(required=False, allow_null=True)
    has_resourced_provision = serializers.BooleanField(required=False)
    has_sen_unit = serializers.BooleanField(required=False)
    is_section_41 = serializers.BooleanField(required=False)
    senco_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    senco_email = serializers.EmailField(required=False, allow_blank=True)


class ImportInput(serializers.Serializer):
    file = serializers.FileField()
    file_format = serializers.ChoiceField(choices=SettingImport.Format.choices)
    encoding = serializers.ChoiceField(choices=["utf-8", "cp1252"], default="utf-8")


class SettingImportSerializer(ModelSerializer):
    class Meta:
        model = SettingImport
        fields = ["format", "filename", "rows", "created", "updated", "skipped", "imported_at"]
        read_only_fields = fields


# --- Tailored lists -------------------------------------------------------------------------------


class _SettingRef(PublicIdRelatedField):
    """A setting given by its organisation's public id."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Organisation.objects.filter(directory_entry__isnull=False))
        super().__init__(**kwargs)


class TailoredListEntrySerializer(PublicRecordSerializer):
    setting = PublicIdField("setting")
    setting_name = serializers.CharField(source="setting.name", read_only=True)

    class Meta:
        model = TailoredListEntry
        fields = [
            "id",
            "setting",
            "setting_name",
            "source",
            "reasons",
            "distance_km",
            "coordinator_note",
            "family_question",
            "answer",
            "added_at",
        ]
        read_only_fields = fields


class TailoredListVersionSerializer(PublicRecordSerializer):
    pdf = serializers.SerializerMethodField()

    class Meta:
        model = TailoredListVersion
        fields = ["id", "number", "published_at", "content", "pdf"]
        read_only_fields = fields

    def get_pdf(self, version: TailoredListVersion) -> str | None:
        """The PDF's download address once it has been made."""
        if version.document is None or version.document.status != "ready":
            return None
        return document_download_url(version.document)


class TailoredListSerializer(StaffOnlyFieldsMixin, PublicRecordSerializer):
    """A case's list: its published versions for everyone who may see the case, and the working
    entries for LA staff."""

    staff_only_fields = ("entries", "revision")
    case = PublicIdField("case")
    preferred_setting = PublicIdField("preferred_setting", allow_null=True)
    entries = TailoredListEntrySerializer(many=True, read_only=True)
    versions = TailoredListVersionSerializer(many=True, read_only=True)

    class Meta:
        model = TailoredList
        fields = [
            "id",
            "case",
            "starts_on",
            "max_distance_km",
            "provision_types",
            "only_with_vacancies",
            "family_priorities",
            "preferred_setting",
            "preference_reasons",
            "preference_stated_at",
            "revision",
            "entries",
            "versions",
        ]
        read_only_fields = fields


class StartListInput(serializers.Serializer):
    case = serializers.UUIDField()
    starts_on = serializers.DateField()
    max_distance_km = serializers.DecimalField(
        max_digits=5, decimal_places=1, required=False, allow_null=True
    )
    provision_types = serializers.ListField(
        child=serializers.ChoiceField(choices=ProvisionType.choices), required=False, default=list
    )
    only_with_vacancies = serializers.BooleanField(required=False, default=False)


class AddToListInput(serializers.Serializer):
    setting = _SettingRef()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class PreferenceInput(serializers.Serializer):
    setting = _SettingRef()
    reasons = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class EmptyInput(serializers.Serializer):
    pass


# --- Consultations --------------------------------------------------------------------------------


class ConsultationSerializer(StaffOnlyFieldsMixin, PublicRecordSerializer):
    """A consultation. A setting reading its own sees the pack and its answer; the case's id and
    the LA's internal fields are for LA staff and partner systems."""

    staff_only_fields = ("case",)
    case = PublicIdField("case")
    setting = PublicIdField("setting")
    setting_name = serializers.CharField(source="setting.name", read_only=True)
    child_name = serializers.CharField(source="case.child.full_name", read_only=True)
    child_date_of_birth = serializers.DateField(source="case.child.date_of_birth", read_only=True)
    primary_need = serializers.CharField(source="case.child.primary_need", read_only=True)
    secondary_need = serializers.CharField(source="case.child.secondary_need", read_only=True)
    documents = serializers.SerializerMethodField()

    class Meta:
        model = Consultation
        fields = [
            "id",
            "case",
            "setting",
            "setting_name",
            "child_name",
            "child_date_of_birth",
            "primary_need",
            "secondary_need",
            "reason",
            "status",
            "starts_on",
            "message",
            "documents",
            "sent_on",
            "due_on",
            "answer",
            "answer_reasons",
            "refusal_reason",
            "annual_cost",
            "cost_notes",
            "answered_at",
            "decision",
            "decision_reasons",
            "decided_at",
        ]
        read_only_fields = fields

    def get_documents(self, consultation: Consultation) -> list[dict[str, str]]:
        """The documents shared in the pack, with their download addresses."""
        return [
            {
                "id": str(d.public_id),
                "title": d.title,
                "download_url": document_download_url(d),
            }
            for d in consultation.documents.all()
        ]


class SendConsultationInput(serializers.Serializer):
    case = serializers.UUIDField()
    setting = PublicIdRelatedField(queryset=Organisation.objects.all())
    reason = serializers.ChoiceField(choices=ConsultationReason.choices)
    sent_on = serializers.DateField()
    starts_on = serializers.DateField(required=False, allow_null=True, default=None)
    message = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    documents = serializers.ListField(child=serializers.UUIDField(), required=False, default=list)


class AnswerConsultationInput(serializers.Serializer):
    answer = serializers.ChoiceField(choices=ConsultationAnswer.choices)
    reasons = serializers.CharField(max_length=8000)
    refusal_reason = serializers.ChoiceField(
        choices=RefusalReason.choices, required=False, allow_blank=True, default=""
    )
    annual_cost = serializers.DecimalField(
        max_digits=9, decimal_places=2, required=False, allow_null=True, default=None
    )
    cost_notes = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=4000
    )


class DecideConsultationInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=NamingDecision.choices)
    reasons = serializers.CharField(required=False, allow_blank=True, default="", max_length=8000)
    placement_pattern = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )


class WithdrawConsultationInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


# --- Placements -----------------------------------------------------------------------------------


class PlacementSerializer(PublicRecordSerializer):
    case = PublicIdField("case")
    setting = PublicIdField("setting", allow_null=True)
    setting_name = serializers.CharField(source="setting.name", read_only=True, allow_null=True)
    home_setting = PublicIdField("home_setting", allow_null=True)

    class Meta:
        model = Placement
        fields = [
            "id",
            "case",
            "setting",
            "setting_name",
            "sen_setting",
            "rank",
            "provision_type",
            "sen_unit",
            "resourced_provision",
            "residential",
            "starts_on",
            "ends_on",
            "end_reason",
            "ap_tier",
            "home_setting",
            "planned_return_on",
            "next_review_on",
        ]
        read_only_fields = fields


class RecordPlacementInput(serializers.Serializer):
    case = serializers.UUIDField()
    setting = PublicIdRelatedField(
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
        default=None,
    )
    sen_setting = serializers.ChoiceField(
        choices=SenSetting.choices, required=False, allow_blank=True, default=""
    )
    rank = serializers.IntegerField(min_value=1, max_value=9, default=1)
    provision_type = serializers.ChoiceField(
        choices=ProvisionType.choices, required=False, allow_blank=True, default=""
    )
    sen_unit = serializers.BooleanField(required=False, default=False)
    resourced_provision = serializers.BooleanField(required=False, default=False)
    residential = serializers.ChoiceField(
        choices=ResidentialPattern.choices, default=ResidentialPattern.DAY
    )
    starts_on = serializers.DateField()
    ap_tier = serializers.ChoiceField(
        choices=ApTier.choices, required=False, allow_null=True, default=None
    )
    home_setting = PublicIdRelatedField(
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
        default=None,
    )
    planned_return_on = serializers.DateField(required=False, allow_null=True, default=None)
    next_review_on = serializers.DateField(required=False, allow_null=True, default=None)


class EndPlacementInput(serializers.Serializer):
    ends_on = serializers.DateField()
    reason = serializers.CharField(max_length=200)


class ReintegrationReviewInput(serializers.Serializer):
    reviewed_on = serializers.DateField()
    outcome = serializers.ChoiceField(choices=ReintegrationReview.Outcome.choices)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=8000)
    next_review_on = serializers.DateField(required=False, allow_null=True, default=None)
    planned_return_on = serializers.DateField(required=False, allow_null=True, default=None)


class ReintegrationReviewSerializer(ModelSerializer):
    class Meta:
        model = ReintegrationReview
        fields = ["reviewed_on", "outcome", "notes", "next_review_on"]
        read_only_fields = fields
