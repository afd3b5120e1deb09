"""The placements API. Thin viewsets: records come from ``placements.selectors`` and
``sendcpp.access`` (404 for missing and forbidden alike), and every move is an explicit POST
action calling the same service as the HTML form. The directory's public facts are readable
without signing in; changing the directory needs a SEND manager or a partner key with the
``settings:write`` scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from placements import selectors, services
from placements.api import serializers as s
from placements.models import Consultation, Placement, Setting, TailoredList, TailoredListVersion
from sendcpp import access
from sendcpp.access import Action, Scope
from sendcpp.api.commands import (
    Call,
    calls,
    changes,
    command,
    create_on_case,
    load_from_body,
    on_case,
    without,
)
from sendcpp.api.permissions import IsStaffOrPartner
from sendcpp.api.viewsets import (
    AnswerAsListedMixin,
    LoadedRecordViewSet,
    RecordViewSet,
    StaffOnlyContextMixin,
)
from sendcpp.exceptions import DomainError
from sendcpp.models import ApiClient, Document


class CanMaintainDirectory(BasePermission):
    """Directory writes: a SEND manager (after two-factor sign-in) or a partner key with the
    ``settings:write`` scope."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return IsStaffOrPartner().has_permission(request, view) and access.can_maintain_directory(
            request.user
        )


def _update_facts(call: Call) -> Setting:
    values = dict(call.data)
    clear = [
        k for k in ("places", "vacancies", "vacancies_on") if k in values and values[k] is None
    ]
    services.update_setting_facts(call.record, by=call.by, clear=clear, **values)
    return call.record


def _import_file(call: Call) -> Any:
    upload = call.data["file"]
    return services.import_settings(
        upload.read(),
        filename=upload.name or "upload",
        file_format=call.data["file_format"],
        encoding=call.data["encoding"],
        by=call.by,
    )


class SettingViewSet(RecordViewSet):
    """The setting directory. Public facts for anyone; places free and contacts for LA staff and
    partner systems."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]
    command_needs = Action.EDIT
    command_scope = Scope.SETTINGS_WRITE

    def get_permissions(self) -> list[BasePermission]:
        if self.action in {"list", "retrieve"}:
            return [AllowAny()]
        return [CanMaintainDirectory()]

    def _sees_more(self) -> bool:
        user = self.request.user
        return isinstance(user, ApiClient) or access.is_la_staff(user)

    def get_serializer_class(self) -> type[s.SettingSerializer]:
        return s.SettingStaffSerializer if self._sees_more() else s.SettingSerializer

    def get_queryset(self) -> QuerySet[Setting]:
        query = s.DirectoryQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        filters = query.validated_data
        settings = selectors.search_directory(
            text=filters.get("q", "").strip(),
            provision_type=filters.get("provision_type", ""),
            phase=filters.get("phase", ""),
            broad_area=filters.get("broad_area", ""),
            need_type=filters.get("need_type", ""),
            include_closed=filters["include_closed"],
        )
        return settings.prefetch_related("contacts") if self._sees_more() else settings

    def get_object(self) -> Setting:
        return selectors.get_setting_or_404(self.kwargs["public_id"])

    @extend_schema(parameters=[s.DirectoryQuery])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def load(self, needs: Action) -> Setting | None:
        # Directory writes are not about a case: who may make them is ``CanMaintainDirectory``.
        return self.get_object() if "public_id" in self.kwargs else None

    def present(self, result: Any) -> Any:
        return (
            selectors.get_setting_or_404(result.organisation.public_id)
            if isinstance(result, Setting)
            else result
        )

    partial_update = command(
        "Change the facts the LA maintains (needs, places, vacancies, resourced provision, SENCO).",
        given=s.SettingFactsInput,
        answer=s.SettingStaffSerializer,
        detail=None,
        run=_update_facts,
    )
    import_file = command(
        "Import a GIAS establishments file or a file of LA facts, all or nothing. A file with "
        "problems answers 400 with every problem by row and column.",
        given=s.ImportInput,
        answer=s.SettingImportSerializer,
        created=True,
        detail=False,
        url_path="import",
        run=_import_file,
    )


class TailoredListViewSet(AnswerAsListedMixin, StaffOnlyContextMixin, RecordViewSet):
    """Advisory Tailored Lists on the cases the caller may see: published versions for all of
    them, the working entries for LA staff."""

    serializer_class = s.TailoredListSerializer
    command_needs = Action.EDIT
    command_scope = Scope.PLACEMENTS_WRITE

    def get_queryset(self) -> QuerySet[TailoredList]:
        return (
            TailoredList.objects.filter(case__in=selectors.cases_with_records(self.request.user))
            .select_related("case", "preferred_setting")
            .prefetch_related(
                Prefetch("entries", queryset=selectors.list_entries_queryset()),
                Prefetch(
                    "versions",
                    queryset=TailoredListVersion.objects.select_related("document").order_by(
                        "-number"
                    ),
                ),
            )
            .order_by("id")
        )

    def load(self, needs: Action) -> TailoredList:
        return selectors.get_list_or_404(self.request.user, self.kwargs["public_id"], needs)

    def get_object(self) -> TailoredList:
        return self.get_queryset().get(pk=self.load(Action.VIEW).pk)

    create = create_on_case(
        "Start a case's list with what it is drawn from.",
        given=s.StartListInput,
        run=on_case(services.start_tailored_list),
    )
    # The family asks for a setting to be considered, and states a preference, themselves.
    add = command(
        "Put a setting on the list (the family: ask for it to be considered).",
        needs=Action.CONTRIBUTE,
        scope=None,
        given=s.AddToListInput,
        answer=s.TailoredListEntrySerializer,
        created=True,
        run=calls(services.add_to_list),
    )
    publish = command(
        "Publish the list to the family as a new, frozen version.",
        given=s.EmptyInput,
        answer=s.TailoredListVersionSerializer,
        created=True,
        run=calls(services.publish_tailored_list),
    )
    preference = command(
        "The family's preferred setting.",
        needs=Action.CONTRIBUTE,
        scope=None,
        given=s.PreferenceInput,
        run=changes(services.state_list_preference),
    )


def _send_consultation(call: Call) -> Consultation:
    case, values = call.record, without(call.data, "case")
    wanted = set(values["documents"])
    values["documents"] = list(case.documents.filter(public_id__in=wanted))
    if len(values["documents"]) != len(wanted):
        raise DomainError("Choose documents of this case", field="documents")
    return services.send_consultation(case, by=call.by, **values)


class ConsultationViewSet(AnswerAsListedMixin, StaffOnlyContextMixin, RecordViewSet):
    """Consultations with settings: LA staff and partner systems on the cases they may see; a
    setting's staff those sent to their setting."""

    serializer_class = s.ConsultationSerializer
    command_needs = Action.TRANSITION
    command_scope = Scope.PLACEMENTS_WRITE

    def get_queryset(self) -> QuerySet[Consultation]:
        return (
            selectors.consultations_for(self.request.user)
            .select_related("case__child", "setting")
            .prefetch_related(
                Prefetch("documents", queryset=Document.objects.order_by("title", "id"))
            )
            .order_by("id")
        )

    def get_object(self) -> Consultation:
        consultation = selectors.get_consultation_or_404(
            self.request.user, self.kwargs["public_id"]
        )
        return self.get_queryset().get(pk=consultation.pk)

    def load(self, needs: Action) -> Consultation:
        return selectors.get_consultation_or_404(self.request.user, self.kwargs["public_id"], needs)

    send = command(
        "Consult a setting on being named in the plan (starts the 15-day clock).",
        load=load_from_body("case"),
        given=s.SendConsultationInput,
        created=True,
        detail=False,
        run=_send_consultation,
    )
    # Whether this person or key answers as the setting is the service's rule (its own staff,
    # its own system with consultations:answer, or LA staff recording a posted answer).
    answer = command(
        "The setting's answer: can or cannot meet the needs, with reasons and costs.",
        needs=Action.VIEW,
        scope=Scope.CONSULTATIONS_ANSWER,
        given=s.AnswerConsultationInput,
        run=changes(services.answer_consultation),
    )
    decide = command(
        "The LA's decision on naming the setting (naming puts it into section I).",
        scope=Scope.DECISIONS_WRITE,
        given=s.DecideConsultationInput,
        run=changes(services.decide_consultation),
    )
    withdraw = command(
        "Withdraw the consultation.",
        given=s.WithdrawConsultationInput,
        run=changes(services.withdraw_consultation),
    )


class PlacementViewSet(AnswerAsListedMixin, LoadedRecordViewSet):
    """Placements on the cases the caller may see, including alternative provision."""

    serializer_class = s.PlacementSerializer
    command_needs = Action.EDIT
    command_scope = Scope.PLACEMENTS_WRITE

    def get_queryset(self) -> QuerySet[Placement]:
        return (
            selectors.placements_for(self.request.user)
            .select_related("case", "setting", "home_setting")
            .order_by("id")
        )

    def load(self, needs: Action) -> Placement:
        return selectors.get_placement_or_404(self.request.user, self.kwargs["public_id"], needs)

    create = create_on_case(
        "Record a placement, including alternative provision.",
        given=s.RecordPlacementInput,
        run=on_case(services.record_placement),
    )
    end = command(
        "Record the end of the placement.",
        given=s.EndPlacementInput,
        run=changes(services.end_placement),
    )
    review = command(
        "A reintegration review of an alternative provision placement.",
        given=s.ReintegrationReviewInput,
        run=changes(services.record_reintegration_review),
    )
