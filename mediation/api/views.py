"""The API for appeal windows, mediation, appeals and orders. Thin viewsets: records come from
``mediation.selectors`` (which ask ``sendcpp.access``), and every workflow move is an explicit
POST action calling the same service as the HTML form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer, Serializer

from mediation import selectors, services
from mediation.api import serializers as s
from mediation.filters import AppealFilter, MediationFilter, WindowFilter
from sendcpp.access import Action, Scope
from sendcpp.api.commands import Call, calls, command, create_on_case, without
from sendcpp.api.viewsets import RecordViewSet, StaffOnlyContextMixin


class _RecordViewSet(StaffOnlyContextMixin, RecordViewSet):
    """Lists and reads one kind of record; subclasses name the selectors and add their moves."""

    list_records: Callable[..., QuerySet[Any]]
    get_record: Callable[..., Any]
    related: tuple[str, ...] = ("case",)

    def get_queryset(self) -> QuerySet[Any]:
        return (
            type(self).list_records(self.request.user).select_related(*self.related).order_by("id")
        )

    def get_object(self) -> Any:
        return type(self).get_record(self.request.user, self.kwargs["public_id"], Action.VIEW)

    def load(self, needs: Action) -> Any:
        return type(self).get_record(self.request.user, self.kwargs["public_id"], needs)


def _move(
    description: str,
    service: Callable[..., Model],
    given: type[Serializer] | None,
    answer: type[BaseSerializer],
    read_back: Callable[..., QuerySet[Any]],
    *,
    needs: Action = Action.TRANSITION,
    scope: str | None = Scope.MEDIATION_WRITE,
    url_path: str | None = None,
    created: bool = False,
) -> Any:
    """A move on the record: the service changes it (or adds to it) and the result is answered
    as the caller's list shows it."""

    def run(call: Call) -> Any:
        result = service(call.record, by=call.by, **call.data)
        return read_back(call.by).get(pk=result.pk)

    return command(
        description,
        needs=needs,
        scope=scope,
        given=given,
        answer=answer,
        run=run,
        url_path=url_path,
        created=created,
    )


def _record_on_case(
    description: str,
    service: Callable[..., Model],
    given: type[Serializer],
    answer: type[BaseSerializer],
    read_back: Callable[..., QuerySet[Any]],
    *,
    needs: Action,
) -> Any:
    """Create a record on the case named in the body (the viewset's create)."""

    def run(call: Call) -> Any:
        result = service(call.record, by=call.by, **without(call.data, "case"))
        return read_back(call.by).get(pk=result.pk)

    return create_on_case(
        description, needs=needs, scope=Scope.MEDIATION_WRITE, given=given, answer=answer, run=run
    )


class AppealWindowViewSet(_RecordViewSet):
    """Appealable decisions sent to families, with the dates to contact the mediation adviser
    and to appeal."""

    serializer_class = s.AppealWindowSerializer
    filterset_class = WindowFilter
    list_records = staticmethod(selectors.windows_for)
    get_record = staticmethod(selectors.get_window_or_404)

    create = _record_on_case(
        "Open the appeal window of a decision sent to the family.",
        services.open_appeal_window,
        s.OpenWindowInput,
        s.AppealWindowSerializer,
        selectors.windows_for,
        needs=Action.TRANSITION,
    )
    # The family asks for mediation themself: no partner system may do it for them.
    ask_for_mediation = _move(
        "The family asks for mediation.",
        services.ask_for_mediation,
        s.AskForMediationInput,
        s.MediationCaseSerializer,
        selectors.mediations_for,
        needs=Action.CONTRIBUTE,
        scope=None,
        url_path="ask-for-mediation",
        created=True,
    )
    adviser_contact = _move(
        "Record that the family contacted the mediation adviser.",
        services.record_adviser_contact,
        s.AdviserContactInput,
        s.MediationCaseSerializer,
        selectors.mediations_for,
        url_path="adviser-contact",
        created=True,
    )
    register_appeal = _move(
        "Record an appeal to the tribunal against the decision.",
        services.register_appeal,
        s.RegisterAppealInput,
        s.TribunalAppealSerializer,
        selectors.appeals_for,
        url_path="register-appeal",
        created=True,
    )


def _mediation_move(
    description: str, service: Callable[..., Model], given: type[Serializer], **kwargs: Any
) -> Any:
    return _move(
        description,
        service,
        given,
        s.MediationCaseSerializer,
        selectors.mediations_for,
        **kwargs,
    )


class MediationViewSet(_RecordViewSet):
    """Mediation cases and their moves (SEND Regulations 2014, regulations 32 to 42)."""

    serializer_class = s.MediationCaseSerializer
    filterset_class = MediationFilter
    list_records = staticmethod(selectors.mediations_for)
    get_record = staticmethod(selectors.get_mediation_or_404)
    related = ("case", "window")

    health_notice = _mediation_move(
        "Record when the health bodies were told of the mediation.",
        services.record_health_bodies_told,
        s.MediationToldOnInput,
        url_path="health-notice",
    )
    arrange = _mediation_move(
        "Arrange the mediation.", services.arrange_mediation, s.ArrangeMediationInput
    )
    cannot_arrange = _mediation_move(
        "Record that the mediation cannot be arranged in time.",
        services.record_cannot_arrange,
        s.CannotArrangeInput,
        url_path="cannot-arrange",
    )
    held = _mediation_move(
        "Record that the mediation was held.",
        services.record_mediation_held,
        s.MediationHeldInput,
    )
    health_agreement = _mediation_move(
        "Record when the health commissioning body told the council what it agreed.",
        services.record_icb_told_la,
        s.MediationToldOnInput,
        url_path="health-agreement",
    )
    certificate = _mediation_move(
        "Issue the mediation certificate.",
        services.issue_mediation_certificate,
        s.MediationCertificateInput,
    )
    withdraw = _mediation_move(
        "Withdraw the mediation.", services.withdraw_mediation, s.WithdrawMediationInput
    )
    add_action = _move(
        "Add an action agreed at mediation, with its own deadline.",
        services.add_agreement_term,
        s.AgreementTermInput,
        s.AgreementTermSerializer,
        selectors.terms_for,
        url_path="add-action",
        created=True,
    )


class AgreementTermViewSet(_RecordViewSet):
    """Actions agreed at mediation, each with its own deadline."""

    serializer_class = s.AgreementTermSerializer
    list_records = staticmethod(selectors.terms_for)
    get_record = staticmethod(selectors.get_term_or_404)
    related = ("mediation",)

    done = _move(
        "Record that the agreed action was done.",
        services.complete_agreement_term,
        s.AgreedActionDoneInput,
        s.AgreementTermSerializer,
        selectors.terms_for,
    )


def _appeal_move(
    description: str, service: Callable[..., Model], given: type[Serializer], **kwargs: Any
) -> Any:
    return _move(
        description,
        service,
        given,
        s.TribunalAppealSerializer,
        selectors.appeals_for,
        **kwargs,
    )


class TribunalAppealViewSet(_RecordViewSet):
    """Appeals to the First-tier Tribunal (SEND) and their moves."""

    serializer_class = s.TribunalAppealSerializer
    filterset_class = AppealFilter
    list_records = staticmethod(selectors.appeals_for)
    get_record = staticmethod(selectors.get_appeal_or_404)
    related = ("case", "window")

    response = _appeal_move(
        "Record the council's response to the appeal.",
        services.record_appeal_response,
        s.AppealResponseInput,
    )
    hearing = _appeal_move(
        "Record the hearing date.", services.list_hearing, s.TribunalHearingInput
    )
    decision = _appeal_move(
        "Record the tribunal's decision.",
        services.record_tribunal_decision,
        s.TribunalDecisionInput,
    )
    concede = _appeal_move("Concede the appeal.", services.concede_appeal, s.ConcedeAppealInput)
    withdraw = _appeal_move(
        "Record that the appeal was withdrawn.", services.withdraw_appeal, s.WithdrawAppealInput
    )
    recommendation_reply = _appeal_move(
        "Record the reply to the tribunal's health or social care recommendations.",
        services.record_recommendation_response,
        s.RecommendationResponseInput,
        url_path="recommendation-reply",
    )
    concession = command(
        "Concede part of the appeal.",
        needs=Action.TRANSITION,
        scope=Scope.MEDIATION_WRITE,
        given=s.TribunalConcessionInput,
        answer=s.TribunalConcessionSerializer,
        created=True,
        run=calls(services.record_concession),
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

    done = _move(
        "Record that the council did what the order requires.",
        services.record_order_complied,
        s.OrderCompliedInput,
        s.TribunalOrderSerializer,
        selectors.orders_for,
    )


class DisagreementResolutionViewSet(_RecordViewSet):
    """Disagreement resolution meetings (CoP 11.6-11.10)."""

    serializer_class = s.DisagreementResolutionSerializer
    list_records = staticmethod(selectors.disagreement_resolutions_for)
    get_record = staticmethod(selectors.get_disagreement_resolution_or_404)

    create = _record_on_case(
        "Record a disagreement resolution meeting.",
        services.record_disagreement_resolution,
        s.DisagreementResolutionInput,
        s.DisagreementResolutionSerializer,
        selectors.disagreement_resolutions_for,
        needs=Action.EDIT,
    )


class AdviceServiceViewSet(_RecordViewSet):
    """The family's independent information, advice and support (SENDIASS and others)."""

    serializer_class = s.AdviceServiceSerializer
    list_records = staticmethod(selectors.advice_services_for)
    get_record = staticmethod(selectors.get_advice_service_or_404)

    create = _record_on_case(
        "Record the family's independent advice service.",
        services.record_advice_service,
        s.AdviceServiceInput,
        s.AdviceServiceSerializer,
        selectors.advice_services_for,
        needs=Action.EDIT,
    )
