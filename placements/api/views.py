"""The placements API. Thin viewsets: records come from ``placements.selectors`` and
``sendcpp.access`` (404 for missing and forbidden alike), and every move is an explicit POST
action calling the same service as the HTML form. The directory's public facts are readable
without signing in; changing the directory needs a SEND manager or a partner key with the
``settings:write`` scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from placements import selectors, services
from placements.api import serializers as s
from placements.models import Consultation, Placement, Setting, TailoredList, TailoredListVersion
from sendcpp import access
from sendcpp.access import Action
from sendcpp.api.permissions import IsStaffOrPartner
from sendcpp.api.views import AuditedMixin
from sendcpp.exceptions import DomainError
from sendcpp.models import ApiClient, Document


class CanMaintainDirectory(BasePermission):
    """Directory writes: a SEND manager (after two-factor sign-in) or a partner key with the
    ``settings:write`` scope."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return IsStaffOrPartner().has_permission(request, view) and access.can_maintain_directory(
            request.user
        )


def _context(viewset: viewsets.GenericViewSet) -> dict[str, Any]:
    context = viewsets.GenericViewSet.get_serializer_context(viewset)
    context["sees_staff_only"] = access.sees_staff_only_content(viewset.request.user)
    return context


class SettingViewSet(
    AuditedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The setting directory. Public facts for anyone; places free and contacts for LA staff and
    partner systems."""

    lookup_field = "public_id"
    lookup_value_regex = "[0-9a-fA-F-]{36}"
    parser_classes = [JSONParser, MultiPartParser, FormParser]

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

    @extend_schema(request=s.SettingFactsInput, responses=s.SettingStaffSerializer)
    def partial_update(self, request: Request, public_id: str) -> Response:
        """Change the facts the LA maintains (needs, places, vacancies, resourced provision,
        SENCO)."""
        setting = self.get_object()
        data = s.SettingFactsInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        clear = [
            k for k in ("places", "vacancies", "vacancies_on") if k in values and values[k] is None
        ]
        services.update_setting_facts(setting, by=request.user, clear=clear, **values)
        fresh = selectors.get_setting_or_404(public_id)
        return Response(s.SettingStaffSerializer(fresh).data)

    @extend_schema(request=s.ImportInput, responses={201: s.SettingImportSerializer})
    @action(detail=False, methods=["post"], url_path="import")
    def import_file(self, request: Request) -> Response:
        """Import a GIAS establishments file or a file of LA facts, all or nothing. A file with
        problems answers 400 with every problem by row and column."""
        from placements.importers import ImportRejected

        data = s.ImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        try:
            result = services.import_settings(
                upload.read(),
                filename=upload.name or "upload",
                file_format=data.validated_data["file_format"],
                encoding=data.validated_data["encoding"],
                by=request.user,
            )
        except ImportRejected as error:
            return Response(
                {"detail": error.message, "errors": [str(e) for e in error.errors]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(s.SettingImportSerializer(result).data, status=status.HTTP_201_CREATED)


class TailoredListViewSet(
    AuditedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Advisory Tailored Lists on the cases the caller may see: published versions for all of
    them, the working entries for LA staff."""

    serializer_class = s.TailoredListSerializer
    lookup_field = "public_id"
    lookup_value_regex = "[0-9a-fA-F-]{36}"

    def get_serializer_context(self) -> dict[str, Any]:
        return _context(self)

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

    def _list_for(self, needed: Action) -> TailoredList:
        return selectors.get_list_or_404(self.request.user, self.kwargs["public_id"], needed)

    def _answer(self, tailored_list: TailoredList, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=tailored_list.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def get_object(self) -> TailoredList:
        return self.get_queryset().get(pk=self._list_for(Action.VIEW).pk)

    @extend_schema(request=s.StartListInput, responses={201: s.TailoredListSerializer})
    def create(self, request: Request) -> Response:
        """Start a case's list with what it is drawn from."""
        data = s.StartListInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        case = access.get_case_or_404(request.user, values.pop("case"), Action.EDIT)
        tailored_list = services.start_tailored_list(case, by=request.user, **values)
        return self._answer(tailored_list, status.HTTP_201_CREATED)

    @extend_schema(request=s.AddToListInput, responses={201: s.TailoredListEntrySerializer})
    @action(detail=True, methods=["post"])
    def add(self, request: Request, public_id: str) -> Response:
        """Put a setting on the list (the family: ask for it to be considered)."""
        tailored_list = self._list_for(Action.CONTRIBUTE)
        data = s.AddToListInput(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.add_to_list(tailored_list, by=request.user, **data.validated_data)
        return Response(s.TailoredListEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.EmptyInput, responses={201: s.TailoredListVersionSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, public_id: str) -> Response:
        """Publish the list to the family as a new, frozen version."""
        tailored_list = self._list_for(Action.EDIT)
        version = services.publish_tailored_list(tailored_list, by=request.user)
        return Response(
            s.TailoredListVersionSerializer(version).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=s.PreferenceInput, responses=s.TailoredListSerializer)
    @action(detail=True, methods=["post"])
    def preference(self, request: Request, public_id: str) -> Response:
        """The family's preferred setting."""
        tailored_list = self._list_for(Action.CONTRIBUTE)
        data = s.PreferenceInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.state_list_preference(tailored_list, by=request.user, **data.validated_data)
        return self._answer(tailored_list)


class ConsultationViewSet(
    AuditedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Consultations with settings: LA staff and partner systems on the cases they may see; a
    setting's staff those sent to their setting."""

    serializer_class = s.ConsultationSerializer
    lookup_field = "public_id"
    lookup_value_regex = "[0-9a-fA-F-]{36}"

    def get_serializer_context(self) -> dict[str, Any]:
        return _context(self)

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

    def _record(self, needed: Action) -> Consultation:
        return selectors.get_consultation_or_404(
            self.request.user, self.kwargs["public_id"], needed
        )

    def _answer(self, consultation: Consultation, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=consultation.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    @extend_schema(request=s.SendConsultationInput, responses={201: s.ConsultationSerializer})
    @action(detail=False, methods=["post"])
    def send(self, request: Request) -> Response:
        """Consult a setting on being named in the plan (starts the 15-day clock)."""
        data = s.SendConsultationInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        case = access.get_case_or_404(request.user, values.pop("case"), Action.TRANSITION)
        wanted = set(values["documents"])
        values["documents"] = list(case.documents.filter(public_id__in=wanted))
        if len(values["documents"]) != len(wanted):
            raise DomainError("Choose documents of this case", field="documents")
        consultation = services.send_consultation(case, by=request.user, **values)
        return self._answer(consultation, status.HTTP_201_CREATED)

    @extend_schema(request=s.AnswerConsultationInput, responses=s.ConsultationSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, public_id: str) -> Response:
        """The setting's answer: can or cannot meet the needs, with reasons and costs."""
        consultation = self._record(Action.VIEW)
        data = s.AnswerConsultationInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.answer_consultation(consultation, by=request.user, **data.validated_data)
        return self._answer(consultation)

    @extend_schema(request=s.DecideConsultationInput, responses=s.ConsultationSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, public_id: str) -> Response:
        """The LA's decision on naming the setting (naming puts it into section I)."""
        consultation = self._record(Action.TRANSITION)
        data = s.DecideConsultationInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.decide_consultation(consultation, by=request.user, **data.validated_data)
        return self._answer(consultation)

    @extend_schema(request=s.WithdrawConsultationInput, responses=s.ConsultationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, public_id: str) -> Response:
        consultation = self._record(Action.TRANSITION)
        data = s.WithdrawConsultationInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.withdraw_consultation(consultation, by=request.user, **data.validated_data)
        return self._answer(consultation)


class PlacementViewSet(
    AuditedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Placements on the cases the caller may see, including alternative provision."""

    serializer_class = s.PlacementSerializer
    lookup_field = "public_id"
    lookup_value_regex = "[0-9a-fA-F-]{36}"

    def get_queryset(self) -> QuerySet[Placement]:
        return (
            selectors.placements_for(self.request.user)
            .select_related("case", "setting", "home_setting")
            .order_by("id")
        )

    def get_object(self) -> Placement:
        return selectors.get_placement_or_404(self.request.user, self.kwargs["public_id"])

    def _record(self, needed: Action) -> Placement:
        return selectors.get_placement_or_404(self.request.user, self.kwargs["public_id"], needed)

    def _answer(self, placement: Placement, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=placement.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    @extend_schema(request=s.RecordPlacementInput, responses={201: s.PlacementSerializer})
    def create(self, request: Request) -> Response:
        data = s.RecordPlacementInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        case = access.get_case_or_404(request.user, values.pop("case"), Action.EDIT)
        placement = services.record_placement(case, by=request.user, **values)
        return self._answer(placement, status.HTTP_201_CREATED)

    @extend_schema(request=s.EndPlacementInput, responses=s.PlacementSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request: Request, public_id: str) -> Response:
        placement = self._record(Action.EDIT)
        data = s.EndPlacementInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.end_placement(placement, by=request.user, **data.validated_data)
        return self._answer(placement)

    @extend_schema(request=s.ReintegrationReviewInput, responses=s.PlacementSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request: Request, public_id: str) -> Response:
        """A reintegration review of an alternative provision placement."""
        placement = self._record(Action.EDIT)
        data = s.ReintegrationReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.record_reintegration_review(placement, by=request.user, **data.validated_data)
        return self._answer(placement)
