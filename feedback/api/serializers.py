"""The feedback API's shapes: questionnaires with their questions, the evaluation report in
the export's layout (aggregates only), and the published "You said, we did" entries."""

from __future__ import annotations

from rest_framework import serializers

from feedback.models import Question, Questionnaire, YouSaidWeDid
from sendcpp.api.serializers import ModelSerializer, PublicRecordSerializer


class FeedbackQuestionSerializer(ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    options = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = [
            "id",
            "position",
            "pattern",
            "text",
            "easy_read_text",
            "children_text",
            "options",
            "required",
        ]
        read_only_fields = fields

    def get_options(self, question: Question) -> list[str]:
        return question.option_labels()


class FeedbackQuestionnaireSerializer(PublicRecordSerializer):
    questions = FeedbackQuestionSerializer(many=True, read_only=True)

    class Meta:
        model = Questionnaire
        fields = ["id", "title", "reform", "touchpoint", "status", "published_at", "questions"]
        read_only_fields = fields


class FeedbackReportRowSerializer(serializers.Serializer):
    """One figure of the report; a hidden (suppressed) figure is "c"."""

    measure = serializers.CharField()
    question = serializers.CharField(allow_blank=True)
    answer = serializers.CharField(allow_blank=True)
    count = serializers.CharField(allow_blank=True)
    value = serializers.CharField(allow_blank=True)


class FeedbackReportSerializer(serializers.Serializer):
    reform = serializers.CharField()
    touchpoint = serializers.CharField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    figures = FeedbackReportRowSerializer(many=True)


class FeedbackEntrySerializer(PublicRecordSerializer):
    local_authority = serializers.CharField(source="local_authority.name", read_only=True)

    class Meta:
        model = YouSaidWeDid
        fields = ["id", "local_authority", "reform", "title", "you_said", "we_did", "published_at"]
        read_only_fields = fields
