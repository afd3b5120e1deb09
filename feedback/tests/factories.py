"""Questionnaires built through the real services, and timeline events that trigger them."""

from __future__ import annotations

from feedback import services
from feedback.models import Pattern, Questionnaire, Reform, Touchpoint
from sendcpp.models import Audience, Case, CaseEvent, User
from sendcpp.timeline import record_case_event


def questionnaire(
    by: User,
    *,
    touchpoint: str = Touchpoint.FINAL_PLAN_ISSUED,
    reform: str = Reform.NATIONAL_TEMPLATE,
    publish: bool = True,
) -> Questionnaire:
    """A questionnaire with a rating, a radios question, checkboxes and free text, every
    question worded in easy read and for children too."""
    made = services.create_questionnaire(
        by=by,
        title="Your EHC plan",
        reform=reform,
        touchpoint=touchpoint,
        introduction="Tell us about your child's plan.",
        easy_read_introduction="Tell us about the plan.",
    )
    services.add_question(
        made,
        by=by,
        pattern=Pattern.RATING,
        text="How clear was the plan?",
        easy_read_text="Was the plan easy to understand?",
        children_text="Did you understand your plan?",
    )
    services.add_question(
        made,
        by=by,
        pattern=Pattern.RADIOS,
        text="Did the plan describe your child as you know them?",
        easy_read_text="Does the plan say who your child is?",
        children_text="Does the plan sound like you?",
        options="Yes\nPartly\nNo",
        easy_read_options="Yes\nA bit\nNo",
        children_options="Yes\nA bit\nNo",
    )
    services.add_question(
        made,
        by=by,
        pattern=Pattern.CHECKBOXES,
        text="Which parts were useful?",
        easy_read_text="Which parts helped?",
        children_text="Which parts helped you?",
        options="Outcomes\nProvision\nPlacement",
        required=False,
    )
    services.add_question(
        made,
        by=by,
        pattern=Pattern.TEXT,
        text="What could we do better?",
        easy_read_text="What could we do better?",
        children_text="What could we do better?",
        required=False,
    )
    if publish:
        made = services.publish_questionnaire(made, by=by)
    return made


def event(case: Case, kind: str = Touchpoint.FINAL_PLAN_ISSUED, **data) -> CaseEvent:
    return record_case_event(case=case, kind=kind, by=None, audience=Audience.FAMILY, **data)


GOOD_ANSWERS = {"q1": "4", "q2": "0", "q3": ["0", "2"], "q4": ""}
