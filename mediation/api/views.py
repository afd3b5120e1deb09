"""The API for appeal windows, mediation, appeals and orders. Thin viewsets: records come from
``mediation.selectors`` (which ask ``sendcpp.access``), and every workflow move is an explicit
POST action calling the same service as the HTML form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer, Serializer

from mediation import selectors, services
from mediation.api import serializers as s
from mediation.filters import AppealFilter, MediationFilter, WindowFilter
from sendcpp import access
from sendcpp.access import Action
from sendcpp.api.views import AuditedMixin


class _RecordViewSet(
    AuditedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Lists and reads one kind of record; subclasses name the selectors and add their moves."""

    lookup_field = "public_id"
    lookup_value_regex = "[0-9a-fA-F-]{36}"
    list_records: Callable[..., QuerySet[Any]]
    get_record: Callable[..., Any]
    related: tuple[str, ...] = ("case",)

    def get_queryset(self) -> QuerySet[Any]:
        return (
            type(self).list_records(self.request.user).select_related(*self.related).order_by("id")
        )

    def get_object(self) -> Any:
        return type(self).get_record(self.request.user, self.kwargs["public_id"], Action.VIEW)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["sees_staff_only"] = access.sees_staff_only_content(self.request.user)
        return context

    def _record_for(self, action_needed: Action) -> Any:
        return type(self).get_record(self.request.user, self.kwargs["public_id"], action_needed)

    def _run(
        self,
        request: Request,
        *,
        needs: Action,
        service: Callable[..., Model],
        given: type[Serializer],
        answer: type[BaseSerializer] | None = None,
        read_back: Callable[..., QuerySet[Any]] | None = None,
        created: bool = False,
    ) -> Response:
        """Check the caller may ``needs`` the record, validate the input, call the service and
        answer with the changed (or created) record as the list shows it."""
        record = self._record_for(needs)
        data = given(data=request.data)
        data.is_valid(raise_exception=True)
        result = service(record, by=request.user, **data.validated_data)
        fresh = (read_back or type(self).list_records)(request.user).get(pk=result.pk)
        output = (answer or self.get_serializer_class())(
            fresh, context=self.get_serializer_context()
        )
        return Response(
            output.data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class AppealWindowViewSet(_RecordViewSet):
    """Appealable decisions sent to families, with the dates to contact the mediation adviser
    and to appeal."""

    serializer_class = s.AppealWindowSerializer
    filterset_class = WindowFilter
    list_records = staticmethod(selectors.windows_for)
    get_record = staticmethod(selectors.get_window_or_404)

    @extend_schema(request=s.OpenWindowInput, responses={201: s.AppealWindowSerializer})
    def create(self, request: Request) -> Response:
        data = s.OpenWindowInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        case = access.get_case_or_404(request.user, values.pop("case"), Action.TRANSITION)
        window = services.open_appeal_window(case, by=request.user, **values)
        fresh = selectors.windows_for(request.user).get(pk=window.pk)
        return Response(self.get_serializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.AskForMediationInput, responses={201: s.MediationCaseSerializer})
    @action(detail=True, methods=["post"], url_path="ask-for-mediation")
    def ask_for_mediation(self, request: Request, public_id: str) -> Response:
        return self._run(
            request,
            needs=Action.CONTRIBUTE,
            service=services.ask_for_mediation,
            given=s.AskForMediationInput,
            answer=s.MediationCaseSerializer,
            read_back=selectors.mediations_for,
            created=True,
        )

    @extend_schema(request=s.AdviserContactInput, responses={201: s.MediationCaseSerializer})
    @action(detail=True, methods=["post"], url_path="adviser-contact")
    def adviser_contact(self, request: Request, public_id: str) -> Response:
        return self._run(
            request,
            needs=Action.TRANSITION,
            service=services.record_adviser_contact,
            given=s.AdviserContactInput,
            answer=s.MediationCaseSerializer,
            read_back=selectors.mediations_for,
            created=True,
        )

    @extend_schema(request=s.RegisterAppealInput, responses={201: s.TribunalAppealSerializer})
    @action(detail=True, methods=["post"], url_path="register-appeal")
    def register_appeal(self, request: Request, public_id: str) -> Response:
        return self._run(
            request,
            needs=Action.TRANSITION,
            service=services.register_appeal,
            given=s.RegisterAppealInput,
            answer=s.TribunalAppealSerializer,
            read_back=selectors.appeals_for,
            created=True,
        )


class MediationViewSet(_RecordViewSet):
    """Mediation cases and their moves (Regs regs 32-42)."""

    serializer_class = s.MediationCaseSerializer
    filterset_class = MediationFilter
    list_records = staticmethod(selectors.mediations_for)
    get_record = staticmethod(selectors.get_mediation_or_404)
    related = ("case", "window")

    def _move(
        self, request: Request, service: Callable[..., Model], given: type[Serializer]
    ) -> Response:
        return self._run(request, needs=Action.TRANSITION, service=service, given=given)

    @extend_schema(request=s.MediationToldOnInput)
    @action(detail=True, methods=["post"], url_path="health-notice")
    def health_notice(self, request: Request, public_id: str) -> Response:
        return self._move(request, services.record_health_bodies_told, s.MediationToldOnInput)

    @extend_schema(request=s.ArrangeMediationInput)
    @action(detail=True, methods=["post"])
    def arrange(self, request: Request, public_id: str) -> Response:
        return self._move(request, services.arrange_mediation, s.ArrangeMediationInput)

    @extend_schema(request=s.CannotArrangeInput)
    @action(detail=True, methods=["post"], url_path="cannot-arrange")
    def cannot_arrange(self, request: Request, public_id: str) -> Response:
        return self._move(request, services.record_cannot_arrange, s.CannotArrangeInput)

    @extend_schema(request=s.MediationHeldInput)
    @action(detail=True, methods=["post"])
    def held(self, request: Request, public_id: str) -> Response:
        return self._move(request, services.record_mediation_held, s.MediationHeldInput)

    @extend_schema(request=s.MediationToldOnInput)
    @action(detail=True, methods=["post"], url_path="health-agreement")
    def health_agreement(self, request: Request, public_id: str) -> Response:
        return self._move(request, services.record_icb_told_la, s.MediationToldOnInput)

    @extend_schema(request=s.MediationCertificateInput)
    @action(detail=True, methods=["post"])
    def certificate(self, request: Request, public_id: str) -> Response:
        return self._move(
            request, services.issue_mediation_certificate, s.MediationCertificateInput
        )

    @extend_schema(request=s.WithdrawMediationInput)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, public_id: str) -> Response:
        return self._move(request, services.withdraw_mediation, s.WithdrawMediationInput)

    @extend_schema(request=s.AgreementTermInput, responses={201: s.AgreementTermSerializer})
    @action(detail=True, methods=["post"], url_path="add-action")
    def add_action(self, request: Request, public_id: str) -> Response:
        return self._run(
            request,
            needs=Action.TRANSITION,
            service=services.add_agreement_term,
            given=s.AgreementTermInput,
            answer=s.AgreementTermSerializer,
            read_back=selectors.terms_for,
            created=True,
        )


class AgreementTermViewSet(_RecordViewSet):
    """Actions agreed at mediation, each with its own deadline."""

    serializer_class = s.AgreementTermSerializer
    list_records = staticmethod(selectors.terms_for)
    get_record = staticmethod(selectors.get_term_or_404)
    related = ("mediation",)

    @extend_schema(request=s.AgreedActionDoneInput)
    @action(detail=True, methods=["post"])
    def done(self, request: Request, public_id: str) -> Response:
        return self._run(
            request,
            needs=Action.TRANSITION,
            service=services.complete_agreement_term,
            given=s.AgreedActionDoneInput,
        )


class TribunalAppealViewSet(_RecordViewSet):
    """Appeals to the First-tier Tribunal (SEND) and their moves."""

    serializer_class = s.TribunalAppealSerializer
    filterset_class = AppealFilter
    list_records = staticmethod(selectors.appeals_for)
    get_record = staticmethod(selectors.get_appeal_or_404)
    related = ("case", "window")

    def _move(
        self, request: Request, service: Callable[..., Model], given: type[Serializer]
    ) -> Response:
        return self._run(request, needs=Action.TRANSITION, service=service, given=given)

    @extend_schema(request=s.AppealResponseInput)
    @action(detail=True, methods=["post"])
    def response(self, request: Request, public_id: str) -> Response:
        return self._move(request, services.record_appeal_response, s.AppealResponseInput)

    @extend_schema(request=s.TribunalHearingInput)
    @action(detail=True, methods=["post"])
    def hearing(self, request: Request, public_id: str) -> Response:
        return self._move(request, services.list_hearing, s.TribunalHearingInput)

    @extend_schema(request=s.TribunalDecisionInput)
    @action(detail=True, methods=["post"])
    def decision(self, request: Request, public_id: str) -> Response:
        return self._move(request, services.record_tribunal_decision, s.TribunalDecisionInput)

    @extend_schema(request=s.ConcedeAppealInput)
    @action(detail=True, methods=["post"])
    def concede(self, request: Request, public_id: str) -> Response:
        return self._move(request, services.concede_appeal, s.ConcedeAppealInput)

    @extend_schema(request=s.WithdrawAppealInput)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, public_id: str) -> Response:
        return self._move(request, services.withdraw_appeal, s.WithdrawAppealInput)

    @extend_schema(request=s.RecommendationResponseInput)
    @action(detail=True, methods=["post"], url_path="recommendation-reply")
    def recommendation_reply(self, request: Request, public_id: str) -> Response:
        return self._move(
            request, services.record_recommendation_response, s.RecommendationResponseInput
        )

    @extend_schema(
        request=s.TribunalConcessionInput, responses={201: s.TribunalConcessionSerializer}
    )
    @action(detail=True, methods=["post"])
    def concession(self, request: Request, public_id: str) -> Response:
        appeal = self._record_for(Action.TRANSITION)
        data = s.TribunalConcessionInput(data=request.data)
        data.is_valid(raise_exception=True)
        concession = services.record_concession(appeal, by=request.user, **data.validated_data)
        return Response(
            s.TribunalConcessionSerializer(concession).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(responses=s.TribunalConcessionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def concessions(self, request: Request, public_id: str) -> Response:
        appeal = self.get_object()
        return Response(s.TribunalConcessionSerializer(appeal.concessions.all(), many=True).data)


class TribunalOrderViewSet(_RecordViewSet):
    """What tribunal orders (and conceded appeals) require of the council, with due dates."""

    serializer_class = s.TribunalOrderSerializer
    list_records = staticmethod(selectors.orders_for)
    get_record = staticmethod(selectors.get_order_or_404)
    related = ("appeal",)

    @extend_schema(request=s.OrderCompliedInput)
    @action(detail=True, methods=["post"])
    def done(self, request: Request, public_id: str) -> Response:
        return self._run(
            request,
            needs=Action.TRANSITION,
            service=services.record_order_complied,
            given=s.OrderCompliedInput,
        )


class DisagreementResolutionViewSet(_RecordViewSet, mixins.CreateModelMixin):
    """Disagreement resolution meetings (CoP 11.6-11.10)."""

    serializer_class = s.DisagreementResolutionSerializer
    list_records = staticmethod(selectors.disagreement_resolutions_for)
    get_record = staticmethod(selectors.get_disagreement_resolution_or_404)

    @extend_schema(
        request=s.DisagreementResolutionInput, responses={201: s.DisagreementResolutionSerializer}
    )
    def create(self, request: Request) -> Response:
        data = s.DisagreementResolutionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        case = access.get_case_or_404(request.user, values.pop("case"), Action.EDIT)
        meeting = services.record_disagreement_resolution(case, by=request.user, **values)
        return Response(self.get_serializer(meeting).data, status=status.HTTP_201_CREATED)


class AdviceServiceViewSet(_RecordViewSet, mixins.CreateModelMixin):
    """The family's independent information, advice and support (SENDIASS and others)."""

    serializer_class = s.AdviceServiceSerializer
    list_records = staticmethod(selectors.advice_services_for)
    get_record = staticmethod(selectors.get_advice_service_or_404)

    @extend_schema(request=s.AdviceServiceInput, responses={201: s.AdviceServiceSerializer})
    def create(self, request: Request) -> Response:
        data = s.AdviceServiceInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        case = access.get_case_or_404(request.user, values.pop("case"), Action.EDIT)
        involvement = services.record_advice_service(case, by=request.user, **values)
        return Response(self.get_serializer(involvement).data, status=status.HTTP_201_CREATED)
