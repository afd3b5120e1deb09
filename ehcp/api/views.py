"""The API of the EHC journey. Thin viewsets: records come from ``ehcp.selectors`` (which ask
``sendcpp.access``: what the caller may not see is 404), and every workflow move is an explicit
POST action calling the same service as the HTML page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer, Serializer

from ehcp import selectors, services
from ehcp.api import serializers as s
from ehcp.documents import compare_versions
from ehcp.models import AdviceSubmission, Assessment, AssessmentRequest, Plan
from sendcpp import access
from sendcpp.access import Action, Scope
from sendcpp.api.commands import Call, calls, changes, command, create_on_case, on_case, without
from sendcpp.api.viewsets import LoadedRecordViewSet, RecordViewSet
from sendcpp.exceptions import TransitionNotAllowed
from sendcpp.models import Organisation, User


def _via_case(model: type[Model], user: Any, public_id: str, needs: Action) -> Any:
    """A row whose case ``user`` may ``needs`` (else 404, as for a missing row)."""
    try:
        row = model.objects.select_related("case").get(public_id=public_id)
    except (model.DoesNotExist, ValueError, ValidationError) as error:
        raise Http404 from error
    row.case = access.get_case_or_404(user, row.case.public_id, needs)
    return row


def _decide_request(call: Call) -> AssessmentRequest:
    found, by = call.record, call.by
    if found.kind == AssessmentRequest.Kind.ASSESSMENT:
        services.decide_whether_to_assess(found.case, by=by, **call.data)
    elif found.kind == AssessmentRequest.Kind.REASSESSMENT:
        services.decide_reassessment(found.case, by=by, **call.data)
    else:
        raise TransitionNotAllowed("An early review is arranged, not decided: see reviews")
    found.refresh_from_db()
    return found


def _decision(
    description: str,
    *,
    given: type[Serializer[Any]],
    run: Callable[[Call], Any],
    url_path: str | None = None,
) -> Any:
    """A decision on the case (to assess, to issue, to cease, after a review): it moves the case
    on, and a partner key needs the decisions scope."""
    return command(
        description,
        needs=Action.TRANSITION,
        scope=Scope.DECISIONS_WRITE,
        given=given,
        url_path=url_path,
        run=run,
    )


class RequestViewSet(LoadedRecordViewSet):
    """Requests for an assessment, a reassessment or an early review."""

    serializer_class = s.AssessmentRequestSerializer

    def get_queryset(self) -> QuerySet[AssessmentRequest]:
        return selectors.requests_for(self.request.user).order_by("id")

    def load(self, needs: Action) -> AssessmentRequest:
        return _via_case(AssessmentRequest, self.request.user, self.kwargs["public_id"], needs)

    create = create_on_case(
        "Record a request for an assessment, a reassessment or an early review.",
        needs=Action.EDIT,
        scope=Scope.CASES_WRITE,
        given=s.RecordRequestInput,
        run=on_case(services.record_request),
    )
    decide = _decision(
        "Decide on the request: whether to assess, or whether to reassess.",
        given=s.RequestDecisionInput,
        run=_decide_request,
    )


def _decide_issue(call: Call) -> Assessment:
    services.decide_whether_to_issue(call.record.case, by=call.by, **call.data)
    call.record.refresh_from_db()
    return call.record


class AssessmentViewSet(LoadedRecordViewSet):
    """Assessments and reassessments, and the decision whether to issue (or amend) a plan."""

    serializer_class = s.AssessmentSerializer

    def get_queryset(self) -> QuerySet[Assessment]:
        return selectors.assessments_for(self.request.user).order_by("id")

    def load(self, needs: Action) -> Assessment:
        return _via_case(Assessment, self.request.user, self.kwargs["public_id"], needs)

    decide_issue = _decision(
        "Decide whether to issue (or amend) a plan after the assessment.",
        given=s.IssueDecisionInput,
        url_path="decide-issue",
        run=_decide_issue,
    )


def _request_advice(call: Call) -> Any:
    data = without(call.data, "case")
    advisor_id = data.pop("advisor")
    review_id = data.pop("review")
    advisor = User.objects.filter(public_id=advisor_id).first() if advisor_id else None
    if advisor_id and advisor is None:
        raise Http404("No such advisor")
    review = None
    if review_id:
        review = selectors.get_review_or_404(call.by, review_id, Action.EDIT)
    return services.request_advice(call.record, advisor=advisor, review=review, by=call.by, **data)


class AdviceRequestViewSet(LoadedRecordViewSet):
    """Requests for advice: LA staff see those on their cases; an advisor, their own."""

    serializer_class = s.AdviceRequestSerializer
    command_needs = Action.EDIT
    command_scope = Scope.CASES_WRITE
    # The full report is sent as multipart/form-data; everything else as JSON.
    parser_classes = [JSONParser, MultiPartParser]

    def get_queryset(self) -> QuerySet[Any]:
        return (
            selectors.advice_requests_for(self.request.user)
            .select_related("assessment", "review")
            .order_by("id")
        )

    def load(self, needs: Action) -> Any:
        return selectors.get_advice_request_or_404(
            self.request.user, self.kwargs["public_id"], needs
        )

    create = create_on_case(
        "Ask a professional or a setting for advice on the case.",
        given=s.AdviceRequestInput,
        run=_request_advice,
    )
    submit = command(
        "Give the advice (or correct it: a new version).",
        scope=Scope.ADVICE_WRITE,
        given=s.SubmitAdviceInput,
        answer=s.AdviceSubmissionSerializer,
        created=True,
        run=calls(services.submit_advice),
    )
    draft = command(
        "Save the advice being written as the caller's draft (not submitted: only they see "
        "it). What is left out of the body is kept.",
        scope=Scope.ADVICE_WRITE,
        given=s.SaveAdviceDraftInput,
        answer=s.AdviceDraftSerializer,
        run=calls(services.save_advice_draft),
    )
    draft_report = command(
        "Attach the full report (a PDF or Word document, multipart/form-data field `report`) "
        "to the caller's draft; it is kept as a document on the case when the advice is "
        "submitted.",
        scope=Scope.ADVICE_WRITE,
        given=s.AdviceReportInput,
        answer=s.AdviceDraftSerializer,
        url_path="draft/report",
        run=calls(services.save_advice_draft),
    )
    withdraw = command(
        "Withdraw the request for advice.",
        given=s.WithdrawAdviceInput,
        run=calls(services.withdraw_advice_request),
    )


class AdviceSubmissionViewSet(RecordViewSet):
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
            raise Http404 from error
        selectors.get_advice_request_or_404(self.request.user, submission.request.public_id)
        return submission


def _save_row(call: Call) -> Any:
    plan, data = call.record, dict(call.data)
    row_id = data.pop("row")
    lock_version = data.pop("lock_version")
    row = plan.rows.filter(pk=row_id).first() if row_id else None
    if row_id and row is None:
        raise Http404("No such row")
    services.save_plan_row(plan, row=row, values=data, lock_version=lock_version, by=call.by)
    return plan


def _name_setting(call: Call) -> Any:
    data = dict(call.data)
    setting = Organisation.objects.filter(public_id=data.pop("setting")).first()
    if setting is None:
        raise Http404("No such setting")
    return services.name_setting_in_plan(call.record, setting=setting, by=call.by, **data)


def _cease(call: Call) -> Any:
    services.cease_plan(call.record.case, by=call.by, **call.data)
    return call.record


class PlanViewSet(RecordViewSet):
    """Plans on the national template (working copies): LA staff and the LA's own systems."""

    serializer_class = s.PlanSerializer
    command_needs = Action.TRANSITION
    command_scope = Scope.PLANS_WRITE

    def get_serializer_class(self) -> type[BaseSerializer]:
        return s.PlanListSerializer if self.action == "list" else self.serializer_class

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

    def load(self, needs: Action) -> Any:
        return selectors.get_plan_or_404(self.request.user, self.kwargs["public_id"], needs)

    def present(self, result: Any) -> Any:
        # A changed plan is answered as it now is; an issued version as it was issued.
        if not isinstance(result, Plan):
            return result
        return Plan.objects.prefetch_related("rows").select_related("case").get(pk=result.pk)

    update_section = command(
        "Save one section; refused with 409 if the plan changed since ``lock_version``.",
        needs=Action.EDIT,
        given=s.PlanSectionInput,
        url_path="update-section",
        run=calls(services.update_plan_section),
    )
    save_row = command(
        "Add a row to the grid (or change row ``row``).",
        needs=Action.EDIT,
        given=s.PlanRowInput,
        url_path="save-row",
        run=_save_row,
    )
    issue_draft = command(
        "Issue the draft plan to the family.",
        given=s.IssueDraftInput,
        answer=s.PlanVersionSerializer,
        created=True,
        url_path="issue-draft",
        run=calls(services.issue_draft_plan),
    )
    name_setting = command(
        "Name the school or other setting in section I.",
        given=s.NameSettingInput,
        url_path="name-setting",
        run=_name_setting,
    )
    consult = command(
        "Start consulting settings on being named in section I.",
        run=changes(services.begin_setting_consultation),
    )
    issue_final = command(
        "Issue the final plan.",
        given=s.IssueFinalInput,
        answer=s.PlanVersionSerializer,
        created=True,
        url_path="issue-final",
        run=calls(services.issue_final_plan),
    )
    issue_amendment_notice = command(
        "Send the family the proposed amendments to the plan.",
        given=s.EhcpSentOnInput,
        answer=s.PlanVersionSerializer,
        created=True,
        url_path="issue-amendment-notice",
        run=calls(services.issue_amendment_notice),
    )
    cease = _decision(
        "Stop maintaining the plan (appealable).",
        given=s.CeasePlanInput,
        run=_cease,
    )


class VersionViewSet(RecordViewSet):
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


class ReviewViewSet(LoadedRecordViewSet):
    """Annual reviews and their steps."""

    serializer_class = s.AnnualReviewSerializer
    command_needs = Action.TRANSITION
    command_scope = Scope.REVIEWS_WRITE

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.reviews_for(self.request.user).order_by("id")

    def load(self, needs: Action) -> Any:
        return selectors.get_review_or_404(self.request.user, self.kwargs["public_id"], needs)

    def present(self, review: Any) -> Any:
        review.refresh_from_db()
        return review

    create = create_on_case(
        "Schedule the annual review of the plan.",
        given=s.ScheduleReviewInput,
        run=on_case(services.schedule_review),
    )
    send_invitations = command(
        "Invite everyone to the review meeting.",
        given=s.EhcpSentOnInput,
        url_path="send-invitations",
        run=changes(services.send_review_invitations),
    )
    send_papers = command(
        "Send the advice and information for the review meeting.",
        given=s.EhcpSentOnInput,
        url_path="send-papers",
        run=changes(services.circulate_review_papers),
    )
    record_meeting = command(
        "Record the review meeting.",
        given=s.ReviewMeetingInput,
        url_path="record-meeting",
        run=changes(services.record_review_meeting),
    )
    send_report = command(
        "Send the report of the review meeting.",
        given=s.ReviewReportInput,
        url_path="send-report",
        run=changes(services.send_review_report),
    )
    decide = _decision(
        "Keep, amend or stop the plan (concludes the review).",
        given=s.ReviewDecisionInput,
        run=changes(services.decide_after_review),
    )
