"""Demo data for feedback in the demo local authority: a questionnaire after the final plan
(with easy-read and children's wording) and one after a panel decision, each answered by demo
families (the panel one split between a combined panel and separate panels, for the comparison),
a coding frame with tagged comments, a "You said, we did" entry and a parent carer forum
representative's account (``forum1``). Everything is invented. Safe to run again: each part is
made only if missing."""

from __future__ import annotations

import random

from django.core.management.base import BaseCommand
from django.db import transaction

from feedback import services
from feedback.models import (
    Answer,
    Invitation,
    Pattern,
    Questionnaire,
    QuestionnaireStatus,
    Reform,
    Theme,
    Touchpoint,
    YouSaidWeDid,
)
from sendcpp import demo
from sendcpp.models import Case, Relationship, User

COMMENTS = [
    "The plan took too long to arrive.",
    "The outcomes were written in words we understood.",
    "Nobody told us what would happen at the panel.",
    "The coordinator kept us informed every week.",
    "We had to repeat our story to every professional.",
]
THEMES = [
    ("Waiting times", "How long things took"),
    ("Communication", "Being kept informed"),
    ("Clear writing", "Plans and letters families can read"),
]


class Command(BaseCommand):
    help = "Add demo questionnaires, answers, themes and 'You said, we did' to the demo authority."

    @transaction.atomic
    def handle(self, *args: object, **options: object) -> None:
        la = demo.require_local_authority()
        manager = demo.require_manager(la)
        rng = random.Random(24)
        plan = self._questionnaire(manager, Touchpoint.FINAL_PLAN_ISSUED, Reform.NATIONAL_TEMPLATE)
        panel = self._questionnaire(manager, Touchpoint.PANEL_DECISION, Reform.PANELS)
        families = list(
            Relationship.objects.filter(
                child__cases__local_authority=la, user__isnull=False, portal_access=True
            )
            .exclude(user__username__in=demo.KEEP_FRESH)
            .select_related("user")
            .order_by("id")[:24]
        )
        for number, relationship in enumerate(families):
            case = Case.objects.filter(child_id=relationship.child_id).first()
            self._answer(plan, relationship.user, case, {"plan_format": "national"}, rng)
            segment = {"panels": "one" if number % 2 else "two"}
            self._answer(panel, relationship.user, case, segment, rng)
        for name, description in THEMES:
            if not Theme.objects.filter(local_authority=la, name=name).exists():
                services.add_theme(by=manager, name=name, description=description)
        themes = {theme.name: theme for theme in Theme.objects.filter(local_authority=la)}
        for answer in Answer.objects.filter(response__local_authority=la).exclude(text=""):
            if not answer.themes.exists():
                chosen = (
                    [themes["Waiting times"]]
                    if "long" in answer.text
                    else [themes["Communication"]]
                )
                services.tag_answer(answer, by=manager, themes=chosen)
        if not YouSaidWeDid.objects.filter(local_authority=la).exists():
            services.publish_you_said_we_did(
                by=manager,
                reform=Reform.NATIONAL_TEMPLATE,
                title="Plans arrive sooner",
                you_said="Families told us final plans took too long to arrive.",
                we_did="Every plan is now tracked against its 20-week deadline, and families are "
                "told each week where their plan is.",
            )
        forum = User.objects.filter(username="forum1").first()
        if forum is None:
            forum = User(
                username="forum1",
                first_name="Sarah",
                last_name="Doyle",
                account_type=User.AccountType.PROFESSIONAL,
                email="forum1@example.org",
                is_demo=True,
            )
            forum.set_password(demo.DEMO_PASSWORD)
            forum.save()
        services.grant_forum_access(by=manager, user=forum, forum_name="Demo Parent Carer Forum")
        self.stdout.write(
            f"Feedback: {Invitation.objects.filter(local_authority=la).count()} invitations; "
            "forum representative: forum1"
        )

    def _questionnaire(self, manager: User, touchpoint: str, reform: str) -> Questionnaire:
        existing = Questionnaire.objects.filter(
            local_authority_id=manager.organisation_id,
            touchpoint=touchpoint,
            status=QuestionnaireStatus.PUBLISHED,
        ).first()
        if existing is not None:
            return existing
        made = services.create_questionnaire(
            by=manager,
            title="Your child's EHC plan"
            if touchpoint == Touchpoint.FINAL_PLAN_ISSUED
            else "The panel's decision",
            reform=reform,
            touchpoint=touchpoint,
            introduction="It takes about three minutes. Your answers are shared only as totals.",
            easy_read_introduction="Tell us what you think. It is quick.",
            children_introduction="Tell us what you think. It only takes a few minutes.",
        )
        services.add_question(
            made,
            by=manager,
            pattern=Pattern.RATING,
            text="How clear was it?",
            easy_read_text="Was it easy to understand?",
            children_text="Did you understand it?",
        )
        services.add_question(
            made,
            by=manager,
            pattern=Pattern.RADIOS,
            text="Did you feel listened to?",
            easy_read_text="Did we listen to you?",
            children_text="Did we listen to you?",
            options="Yes\nPartly\nNo",
            easy_read_options="Yes\nA bit\nNo",
            children_options="Yes\nA bit\nNo",
        )
        services.add_question(
            made,
            by=manager,
            pattern=Pattern.TEXT,
            text="What could we do better?",
            easy_read_text="What could we do better?",
            children_text="What could be better?",
            required=False,
        )
        return services.publish_questionnaire(made, by=manager)

    def _answer(
        self,
        questionnaire: Questionnaire,
        user: User,
        case: Case | None,
        segment: dict[str, str],
        rng: random.Random,
    ) -> None:
        if Invitation.objects.filter(questionnaire=questionnaire, recipient=user).exists():
            return
        invitation = Invitation.objects.create(
            questionnaire=questionnaire,
            local_authority_id=questionnaire.local_authority_id,
            touchpoint=questionnaire.touchpoint,
            recipient=user,
            case=case,
            source=f"demo:{case.pk if case else user.pk}",
            segment=segment,
        )
        if rng.random() < 0.2:
            return  # not answered yet
        best = 5 if segment.get("panels") != "two" else 4
        services.submit_response(
            invitation,
            variant=rng.choice(["standard", "standard", "easy_read"]),
            answers={
                "q1": str(rng.randint(2, best)),
                "q2": str(rng.randint(0, 2)),
                "q3": rng.choice(COMMENTS) if rng.random() < 0.6 else "",
            },
        )
