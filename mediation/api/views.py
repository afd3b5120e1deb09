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

from mediation import selectors, services
from mediation.api import serializers as s
from mediation.filters import AppealFilter, MediationFilter, WindowFilter
from sendcpp.access import Action, Scope
from sendcpp.api.commands import Call, calls, command, create_on_case, on_case
from sendcpp.api.viewsets import LoadedRecordViewSet, StaffOnlyContextMixin


class _RecordViewSet(StaffOnlyContextMixin, LoadedRecordViewSet):
    """Lists and reads one kind of record; subclasses name the selectors and add their moves."""

    list_records: Callable[..., QuerySet[Any]]
    get_record: Callable[..., Any]
    related: tuple[str, ...] = ("case",)
    command_needs = Action.TRANSITION
    command_scope = Scope.MEDIATION_WRITE

    def get_queryset(self) -> QuerySet[Any]:
        return (
            type(self).list_records(self.request.user).select_related(*self.related).order_by("id")
        )

    def load(self, needs: Action) -> Any:
        return type(self).get_record(self.request.user, self.kwargs["public_id"], needs)


def _read_back(
    run: Callable[[Call], Model], records: Callable[..., QuerySet[Any]] | None = None
) -> Callable[[Call], Any]:
    """A command's ``run`` that answers with what ``run`` made or changed as the caller's list
    of ``records`` shows it (by default, the viewset's own list)."""

    def read(call: Call) -> Any:
        result = run(call)
        listed = records or type(call.view).list_records  # type: ignore[attr-defined]
        return listed(call.by).get(pk=result.pk)

    return read


class AppealWindowViewSet(_RecordViewSet):
    """Appealable decisions sent to families, with the dates to contact the mediation adviser
    and to appeal."""

    serializer_class = s.AppealWindowSerializer
    filterset_class = WindowFilter
    list_records = staticmethod(selectors.windows_for)
    get_record = staticmethod(selectors.get_window_or_404)

    create = create_on_case(
        "Open the appeal window of a decision sent to the family.",
        given=s.OpenWindowInput,
        run=_read_back(on_case(services.open_appeal_window)),
    )
    # The family asks for mediation themself: no partner system may do it for them.
    ask_for_mediation = command(
        "The family asks for mediation.",
        needs=Action.CONTRIBUTE,
        scope=None,
        given=s.AskForMediationInput,
        answer=s.MediationCaseSerializer,
        url_path="ask-for-mediation",
        created=True,
        run=_read_back(calls(services.ask_for_mediation), selectors.mediations_for),
    )
    adviser_contact = command(
        "Record that the family contacted the mediation adviser.",
        given=s.AdviserContactInput,
        answer=s.MediationCaseSerializer,
        url_path="adviser-contact",
        created=True,
        run=_read_back(calls(services.record_adviser_contact), selectors.mediations_for),
    )
    register_appeal = command(
        "Record an appeal to the tribunal against the decision.",
        given=s.RegisterAppealInput,
        answer=s.TribunalAppealSerializer,
        url_path="register-appeal",
        created=True,
        run=_read_back(calls(services.register_appeal), selectors.appeals_for),
    )


class MediationViewSet(_RecordViewSet):
    """Mediation cases and their moves (SEND Regulations 2014, regulations 32 to 42)."""

    serializer_class = s.MediationCaseSerializer
    filterset_class = MediationFilter
    list_records = staticmethod(selectors.mediations_for)
    get_record = staticmethod(selectors.get_mediation_or_404)
    related = ("case", "window")

    health_notice = command(
        "Record when the health bodies were told of the mediation.",
        given=s.MediationToldOnInput,
        url_path="health-notice",
        run=_read_back(calls(services.record_health_bodies_told)),
    )
    arrange = command(
        "Arrange the mediation.",
        given=s.ArrangeMediationInput,
        run=_read_back(calls(services.arrange_mediation)),
    )
    cannot_arrange = command(
        "Record that the mediation cannot be arranged in time.",
        given=s.CannotArrangeInput,
        url_path="cannot-arrange",
        run=_read_back(calls(services.record_cannot_arrange)),
    )
    held = command(
        "Record that the mediation was held.",
        given=s.MediationHeldInput,
        run=_read_back(calls(services.record_mediation_held)),
    )
    health_agreement = command(
        "Record when the health commissioning body told the council what it agreed.",
        given=s.MediationToldOnInput,
        url_path="health-agreement",
        run=_read_back(calls(services.record_icb_told_la)),
    )
    certificate = command(
        "Issue the mediation certificate.",
        given=s.MediationCertificateInput,
        run=_read_back(calls(services.issue_mediation_certificate)),
    )
    withdraw = command(
        "Withdraw the mediation.",
        given=s.WithdrawMediationInput,
        run=_read_back(calls(services.withdraw_mediation)),
    )
    add_action = command(
        "Add an action agreed at mediation, with its own deadline.",
        given=s.AgreementTermInput,
        answer=s.AgreementTermSerializer,
        url_path="add-action",
        created=True,
        run=_read_back(calls(services.add_agreement_term), selectors.terms_for),
    )


class AgreementTermViewSet(_RecordViewSet):
    """Actions agreed at mediation, each with its own deadline."""

    serializer_class = s.AgreementTermSerializer
    list_records = staticmethod(selectors.terms_for)
    get_record = staticmethod(selectors.get_term_or_404)
    related = ("mediation",)

    done = command(
        "Record that the agreed action was done.",
        given=s.AgreedActionDoneInput,
        run=_read_back(calls(services.complete_agreement_term)),
    )


class TribunalAppealViewSet(_RecordViewSet):
    """Appeals to the First-tier Tribunal (SEND) and their moves."""

    serializer_class = s.TribunalAppealSerializer
    filterset_class = AppealFilter
    list_records = staticmethod(selectors.appeals_for)
    get_record = staticmethod(selectors.get_appeal_or_404)
    related = ("case", "window")

    response = command(
        "Record the council's response to the appeal.",
        given=s.AppealResponseInput,
        run=_read_back(calls(services.record_appeal_response)),
    )
    hearing = command(
        "Record the hearing date.",
        given=s.TribunalHearingInput,
        run=_read_back(calls(services.list_hearing)),
    )
    decision = command(
        "Record the tribunal's decision.",
        given=s.TribunalDecisionInput,
        run=_read_back(calls(services.record_tribunal_decision)),
    )
    concede = command(
        "Concede the appeal.",
        given=s.ConcedeAppealInput,
        run=_read_back(calls(services.concede_appeal)),
    )
    withdraw = command(
        "Record that the appeal was withdrawn.",
        given=s.WithdrawAppealInput,
        run=_read_back(calls(services.withdraw_appeal)),
    )
    recommendation_reply = command(
        "Record the reply to the tribunal's health or social care recommendations.",
        given=s.RecommendationResponseInput,
        url_path="recommendation-reply",
        run=_read_back(calls(services.record_recommendation_response)),
    )
    concession = command(
        "Concede part of the appeal.",
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

    done = command(
        "Record that the council did what the order requires.",
        given=s.OrderCompliedInput,
        run=_read_back(calls(services.record_order_complied)),
    )


class DisagreementResolutionViewSet(_RecordViewSet):
    """Disagreement resolution meetings (CoP 11.6-11.10)."""

    serializer_class = s.DisagreementResolutionSerializer
    list_records = staticmethod(selectors.disagreement_resolutions_for)
    get_record = staticmethod(selectors.get_disagreement_resolution_or_404)

    create = create_on_case(
        "Record a disagreement resolution meeting.",
        needs=Action.EDIT,
        given=s.DisagreementResolutionInput,
        run=_read_back(on_case(services.record_disagreement_resolution)),
    )


class AdviceServiceViewSet(_RecordViewSet):
    """The family's independent information, advice and support (SENDIASS and others)."""

    serializer_class = s.AdviceServiceSerializer
    list_records = staticmethod(selectors.advice_services_for)
    get_record = staticmethod(selectors.get_advice_service_or_404)

    create = create_on_case(
        "Record the family's independent advice service.",
        needs=Action.EDIT,
        given=s.AdviceServiceInput,
        run=_read_back(on_case(services.record_advice_service)),
    )
