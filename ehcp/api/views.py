"""The API of the EHC journey. Thin viewsets: records come from ``ehcp.selectors`` (which ask
``sendcpp.access``: what the caller may not see is 404), and every workflow move is an explicit
POST action calling the same service as the HTML page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet
from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer, Serializer

from ehcp import selectors, services
from ehcp.api import serializers as s
from ehcp.documents import compare_versions
from ehcp.models import AdviceSubmission, Assessment, AssessmentRequest
from sendcpp import access
from sendcpp.access import Action
from sendcpp.api.views import AuditedMixin
from sendcpp.exceptions import TransitionNotAllowed
from sendcpp.models import Organisation, User


def _run(
    request: Request,
    given: type[Serializer],
    call: Callable[[dict[str, Any]], Any],
    answer: Callable[[Any], BaseSerializer],
    code: int = status.HTTP_200_OK,
) -> Response:
    """Validate the input's shape, call the one service, answer with the changed record."""
    data = given(data=request.data)
    data.is_valid(raise_exception=True)
    result = call(dict(data.validated_data))
    return Response(answer(result).data, status=code)


def _via_case(model: type[Model], user: Any, public_id: str, needs: Action) -> Any:
    """A row whose case ``user`` may ``needs`` (else 404, as for a missing row)."""
    try:
        row = model.objects.select_related("case").get(public_id=public_id)
    except (model.DoesNotExist, ValueError) as error:
        raise Http404("Not found") from error
    row.case = access.get_case_or_404(user, row.case.public_id, needs)
    return row


class _ReadViewSet(
    AuditedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    lookup_field = "public_id"
    lookup_value_regex = "[0-9a-fA-F-]{36}"


class RequestViewSet(mixins.CreateModelMixin, _ReadViewSet):
    """Requests for an assessment, a reassessment or an early review."""

    serializer_class = s.AssessmentRequestSerializer

    def get_queryset(self) -> QuerySet[AssessmentRequest]:
        return selectors.requests_for(self.request.user).order_by("id")

    def get_object(self) -> AssessmentRequest:
        return _via_case(
            AssessmentRequest, self.request.user, self.kwargs["public_id"], Action.VIEW
        )

    @extend_schema(request=s.RecordRequestInput, responses={201: s.AssessmentRequestSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        def call(data: dict[str, Any]) -> AssessmentRequest:
            case = access.get_case_or_404(request.user, data.pop("case"), Action.EDIT)
            return services.record_request(case, by=request.user, **data)

        return _run(
            request,
            s.RecordRequestInput,
            call,
            s.AssessmentRequestSerializer,
            status.HTTP_201_CREATED,
        )

    @extend_schema(request=s.RequestDecisionInput, responses=s.AssessmentRequestSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, public_id: str) -> Response:
        """Decide on the request: whether to assess, or whether to reassess."""
        found = _via_case(AssessmentRequest, request.user, public_id, Action.TRANSITION)

        def call(data: dict[str, Any]) -> AssessmentRequest:
            if found.kind == AssessmentRequest.Kind.ASSESSMENT:
                services.decide_whether_to_assess(found.case, by=request.user, **data)
            elif found.kind == AssessmentRequest.Kind.REASSESSMENT:
                services.decide_reassessment(found.case, by=request.user, **data)
            else:
                raise TransitionNotAllowed("An early review is arranged, not decided: see reviews")
            found.refresh_from_db()
            return found

        return _run(request, s.RequestDecisionInput, call, s.AssessmentRequestSerializer)


class AssessmentViewSet(_ReadViewSet):
    """Assessments and reassessments, and the decision whether to issue (or amend) a plan."""

    serializer_class = s.AssessmentSerializer

    def get_queryset(self) -> QuerySet[Assessment]:
        return selectors.assessments_for(self.request.user).order_by("id")

    def get_object(self) -> Assessment:
        return _via_case(Assessment, self.request.user, self.kwargs["public_id"], Action.VIEW)

    @extend_schema(request=s.IssueDecisionInput, responses=s.AssessmentSerializer)
    @action(detail=True, methods=["post"], url_path="decide-issue")
    def decide_issue(self, request: Request, public_id: str) -> Response:
        found = _via_case(Assessment, request.user, public_id, Action.TRANSITION)

        def call(data: dict[str, Any]) -> Assessment:
            services.decide_whether_to_issue(found.case, by=request.user, **data)
            found.refresh_from_db()
            return found

        return _run(request, s.IssueDecisionInput, call, s.AssessmentSerializer)


class AdviceRequestViewSet(mixins.CreateModelMixin, _ReadViewSet):
    """Requests for advice: LA staff see those on their cases; an advisor, their own."""

    serializer_class = s.AdviceRequestSerializer

    def get_queryset(self) -> QuerySet[Any]:
        return (
            selectors.advice_requests_for(self.request.user)
            .select_related("assessment", "review")
            .order_by("id")
        )

    def get_object(self) -> Any:
        return selectors.get_advice_request_or_404(self.request.user, self.kwargs["public_id"])

    @extend_schema(request=s.AdviceRequestInput, responses={201: s.AdviceRequestSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        def call(data: dict[str, Any]) -> Any:
            case = access.get_case_or_404(request.user, data.pop("case"), Action.EDIT)
            advisor_id = data.pop("advisor")
            review_id = data.pop("review")
            advisor = User.objects.filter(public_id=advisor_id).first() if advisor_id else None
            if advisor_id and advisor is None:
                raise Http404("No such advisor")
            review = None
            if review_id:
                review = selectors.get_review_or_404(request.user, review_id, Action.EDIT)
            return services.request_advice(
                case, advisor=advisor, review=review, by=request.user, **data
            )

        return _run(
            request, s.AdviceRequestInput, call, s.AdviceRequestSerializer, status.HTTP_201_CREATED
        )

    @extend_schema(request=s.SubmitAdviceInput, responses={201: s.AdviceSubmissionSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, public_id: str) -> Response:
        """Give the advice (or correct it: a new version)."""
        found = selectors.get_advice_request_or_404(request.user, public_id, Action.EDIT)
        return _run(
            request,
            s.SubmitAdviceInput,
            lambda data: services.submit_advice(found, by=request.user, **data),
            s.AdviceSubmissionSerializer,
            status.HTTP_201_CREATED,
        )

    @extend_schema(request=s.WithdrawAdviceInput, responses=s.AdviceRequestSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, public_id: str) -> Response:
        found = selectors.get_advice_request_or_404(request.user, public_id, Action.EDIT)
        return _run(
            request,
            s.WithdrawAdviceInput,
            lambda data: services.withdraw_advice_request(found, by=request.user, **data),
            s.AdviceRequestSerializer,
        )


class AdviceSubmissionViewSet(_ReadViewSet):
    """Advice as submitted (immutable; a correction is a new version)."""

    serializer_class = s.AdviceSubmissionSerializer

    def get_queryset(self) -> QuerySet[AdviceSubmission]:
        return (
            selectors.submissions_for(self.request.user)
            .select_related("corrects")
            .prefetch_related("rows")
            .order_by("id")
        )

    def get_object(self) -> AdviceSubmission:
        try:
            submission = (
                AdviceSubmission.objects.select_related("request", "corrects")
                .prefetch_related("rows")
                .get(public_id=self.kwargs["public_id"])
            )
        except (AdviceSubmission.DoesNotExist, ValueError) as error:
            raise Http404("Not found") from error
        selectors.get_advice_request_or_404(self.request.user, submission.request.public_id)
        return submission


class PlanViewSet(_ReadViewSet):
    """Plans on the national template (working copies): LA staff and the LA's own systems."""

    def get_serializer_class(self) -> type[BaseSerializer]:
        return s.PlanListSerializer if self.action == "list" else s.PlanSerializer

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.plans_for(self.request.user).select_related("case").order_by("id")

    def get_object(self) -> Any:
        plan = selectors.get_plan_or_404(self.request.user, self.kwargs["public_id"])
        return (
            type(plan)
            .objects.prefetch_related("rows")
            .select_related("case", "placement_setting")
            .get(pk=plan.pk)
        )

    def _plan(self, needs: Action) -> Any:
        return selectors.get_plan_or_404(self.request.user, self.kwargs["public_id"], needs)

    def _fresh(self, plan: Any) -> s.PlanSerializer:
        return s.PlanSerializer(
            type(plan).objects.prefetch_related("rows").select_related("case").get(pk=plan.pk)
        )

    @extend_schema(request=s.PlanSectionInput, responses=s.PlanSerializer)
    @action(detail=True, methods=["post"], url_path="update-section")
    def update_section(self, request: Request, public_id: str) -> Response:
        """Save one section; refused with 409 if the plan changed since ``lock_version``."""
        plan = self._plan(Action.EDIT)
        return _run(
            request,
            s.PlanSectionInput,
            lambda data: services.update_plan_section(plan, by=request.user, **data),
            self._fresh,
        )

    @extend_schema(request=s.PlanRowInput, responses=s.PlanSerializer)
    @action(detail=True, methods=["post"], url_path="save-row")
    def save_row(self, request: Request, public_id: str) -> Response:
        """Add a row to the grid (or change row ``row``)."""
        plan = self._plan(Action.EDIT)

        def call(data: dict[str, Any]) -> Any:
            row_id = data.pop("row")
            lock_version = data.pop("lock_version")
            row = plan.rows.filter(pk=row_id).first() if row_id else None
            if row_id and row is None:
                raise Http404("No such row")
            services.save_plan_row(
                plan, row=row, values=data, lock_version=lock_version, by=request.user
            )
            return plan

        return _run(request, s.PlanRowInput, call, self._fresh)

    @extend_schema(request=s.IssueDraftInput, responses={201: s.PlanVersionSerializer})
    @action(detail=True, methods=["post"], url_path="issue-draft")
    def issue_draft(self, request: Request, public_id: str) -> Response:
        plan = self._plan(Action.TRANSITION)
        return _run(
            request,
            s.IssueDraftInput,
            lambda data: services.issue_draft_plan(plan, by=request.user, **data),
            s.PlanVersionSerializer,
            status.HTTP_201_CREATED,
        )

    @extend_schema(request=s.NameSettingInput, responses=s.PlanSerializer)
    @action(detail=True, methods=["post"], url_path="name-setting")
    def name_setting(self, request: Request, public_id: str) -> Response:
        plan = self._plan(Action.TRANSITION)

        def call(data: dict[str, Any]) -> Any:
            setting = Organisation.objects.filter(public_id=data.pop("setting")).first()
            if setting is None:
                raise Http404("No such setting")
            return services.name_setting_in_plan(plan, setting=setting, by=request.user, **data)

        return _run(request, s.NameSettingInput, call, self._fresh)

    @extend_schema(request=None, responses=s.PlanSerializer)
    @action(detail=True, methods=["post"])
    def consult(self, request: Request, public_id: str) -> Response:
        """Start consulting settings on being named in section I."""
        plan = self._plan(Action.TRANSITION)
        services.begin_setting_consultation(plan, by=request.user)
        return Response(self._fresh(plan).data)

    @extend_schema(request=s.IssueFinalInput, responses={201: s.PlanVersionSerializer})
    @action(detail=True, methods=["post"], url_path="issue-final")
    def issue_final(self, request: Request, public_id: str) -> Response:
        plan = self._plan(Action.TRANSITION)
        return _run(
            request,
            s.IssueFinalInput,
            lambda data: services.issue_final_plan(plan, by=request.user, **data),
            s.PlanVersionSerializer,
            status.HTTP_201_CREATED,
        )

    @extend_schema(request=s.EhcpSentOnInput, responses={201: s.PlanVersionSerializer})
    @action(detail=True, methods=["post"], url_path="issue-amendment-notice")
    def issue_amendment_notice(self, request: Request, public_id: str) -> Response:
        plan = self._plan(Action.TRANSITION)
        return _run(
            request,
            s.EhcpSentOnInput,
            lambda data: services.issue_amendment_notice(plan, by=request.user, **data),
            s.PlanVersionSerializer,
            status.HTTP_201_CREATED,
        )

    @extend_schema(request=s.CeasePlanInput, responses=s.PlanSerializer)
    @action(detail=True, methods=["post"])
    def cease(self, request: Request, public_id: str) -> Response:
        """Stop maintaining the plan (appealable)."""
        plan = self._plan(Action.TRANSITION)

        def call(data: dict[str, Any]) -> Any:
            services.cease_plan(plan.case, by=request.user, **data)
            return plan

        return _run(request, s.CeasePlanInput, call, self._fresh)


class VersionViewSet(_ReadViewSet):
    """Issued plan versions (immutable), their PDFs and comparisons."""

    def get_serializer_class(self) -> type[BaseSerializer]:
        return (
            s.PlanVersionDetailSerializer if self.action == "retrieve" else s.PlanVersionSerializer
        )

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.versions_for(self.request.user).order_by("id")

    def get_object(self) -> Any:
        return selectors.get_version_or_404(self.request.user, self.kwargs["public_id"])

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_name="pdf")
    def pdf(self, request: Request, public_id: str) -> FileResponse:
        version = self.get_object()
        if version.document is None:
            raise Http404("No PDF")
        document = access.get_document_or_404(request.user, version.document.public_id)
        if not document.file:
            raise Http404("The PDF has not been made yet")
        return FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.original_filename or "plan.pdf",
            content_type="application/pdf",
        )

    @extend_schema(
        parameters=[OpenApiParameter("to", OpenApiTypes.UUID, required=True)],
        responses=s.DiffLineSerializer(many=True),
    )
    @action(detail=True, methods=["get"])
    def compare(self, request: Request, public_id: str) -> Response:
        """The lines added and removed from this version to version ``to`` of the same plan."""
        old = self.get_object()
        new = selectors.get_version_or_404(request.user, request.query_params.get("to", ""))
        if new.plan_id != old.plan_id:
            raise Http404("Choose a version of the same plan")
        changes = compare_versions(old.content, new.content)
        return Response(s.DiffLineSerializer(changes, many=True).data)


class ReviewViewSet(mixins.CreateModelMixin, _ReadViewSet):
    """Annual reviews and their steps."""

    serializer_class = s.AnnualReviewSerializer

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.reviews_for(self.request.user).order_by("id")

    def get_object(self) -> Any:
        return selectors.get_review_or_404(self.request.user, self.kwargs["public_id"])

    def _review(self, needs: Action) -> Any:
        return selectors.get_review_or_404(self.request.user, self.kwargs["public_id"], needs)

    @extend_schema(request=s.ScheduleReviewInput, responses={201: s.AnnualReviewSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        def call(data: dict[str, Any]) -> Any:
            case = access.get_case_or_404(request.user, data.pop("case"), Action.TRANSITION)
            return services.schedule_review(case, by=request.user, **data)

        return _run(
            request, s.ScheduleReviewInput, call, s.AnnualReviewSerializer, status.HTTP_201_CREATED
        )

    def _step(
        self, request: Request, given: type[Serializer], service: Callable[..., Any]
    ) -> Response:
        review = self._review(Action.TRANSITION)

        def call(data: dict[str, Any]) -> Any:
            service(review, by=request.user, **data)
            review.refresh_from_db()
            return review

        return _run(request, given, call, s.AnnualReviewSerializer)

    @extend_schema(request=s.EhcpSentOnInput, responses=s.AnnualReviewSerializer)
    @action(detail=True, methods=["post"], url_path="send-invitations")
    def send_invitations(self, request: Request, public_id: str) -> Response:
        return self._step(request, s.EhcpSentOnInput, services.send_review_invitations)

    @extend_schema(request=s.EhcpSentOnInput, responses=s.AnnualReviewSerializer)
    @action(detail=True, methods=["post"], url_path="send-papers")
    def send_papers(self, request: Request, public_id: str) -> Response:
        return self._step(request, s.EhcpSentOnInput, services.circulate_review_papers)

    @extend_schema(request=s.ReviewMeetingInput, responses=s.AnnualReviewSerializer)
    @action(detail=True, methods=["post"], url_path="record-meeting")
    def record_meeting(self, request: Request, public_id: str) -> Response:
        return self._step(request, s.ReviewMeetingInput, services.record_review_meeting)

    @extend_schema(request=s.ReviewReportInput, responses=s.AnnualReviewSerializer)
    @action(detail=True, methods=["post"], url_path="send-report")
    def send_report(self, request: Request, public_id: str) -> Response:
        return self._step(request, s.ReviewReportInput, services.send_review_report)

    @extend_schema(request=s.ReviewDecisionInput, responses=s.AnnualReviewSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, public_id: str) -> Response:
        """Keep, amend or stop the plan (concludes the review)."""
        return self._step(request, s.ReviewDecisionInput, services.decide_after_review)
