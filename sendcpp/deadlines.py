"""Statutory deadlines for EHC needs assessments, plans, reviews, mediation and appeals (England).

One pure function per rule: the date (or dates) of the triggering event in, the due date out. The
due date is the last day on which the step is on time. Functions that count working days take
the England and Wales bank holidays as an argument (see ``sendcpp.calendar.bank_holidays``).

Sources and counting rules are those of the domain spec (sections 0 and 1); see
``sendcpp.calendar`` for the counting conventions. In short: weeks and months are calendar
periods, weekends, bank holidays and school holidays included; "days" without qualifier are
calendar days; working days appear only where the law says so.

Exceptions (spec 1.4) never change a due date. Where the law says the LA "need not comply" with a
time limit because of a listed reason, the due date is still computed and stored, and the case
records the exception as an event; ``exception_applies`` says which reasons can disapply which
limit.

``RULES`` lists every rule with a plain-English title and its legal basis, for screens and
letters that show a deadline with its source.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import partial
from types import MappingProxyType

from sendcpp.calendar import (
    add_calendar_months,
    add_days,
    add_weeks,
    add_working_days,
    last_day_of_days_beginning_with,
    last_day_of_months_beginning_with,
    last_working_day_beginning_with,
    subtract_working_days,
    working_day_on_or_after,
)

# --- Legal constants ------------------------------------------------------------------------------

# Subject access requests (UK GDPR Article 12(3))
SUBJECT_ACCESS_MONTHS = 1
SUBJECT_ACCESS_EXTENDED_MONTHS = 3

# EHC needs assessment and plan (spec 1.3)

#: Regs reg 5(1): decide whether to assess within 6 calendar weeks of receiving the request.
ASSESSMENT_DECISION_WEEKS = 6
#: Regs reg 8(1): a body asked for advice responds within 6 calendar weeks of the LA's request.
ADVICE_WEEKS = 6
#: Regs reg 10(1): notice of a decision not to issue a plan within 16 calendar weeks of request.
NO_PLAN_NOTICE_WEEKS = 16
#: IPSEA practice, not law: send the draft plan by week 14 so the comment window and the
#: consultation with settings fit before week 20.
DRAFT_PLAN_TARGET_WEEKS = 14
#: Regs reg 13(1): at least 15 calendar days, beginning with the day the draft was served.
DRAFT_COMMENT_DAYS = 15
#: CoP 9.83-9.84 (guidance): a setting consulted on being named should respond within 15 days.
SETTING_CONSULTATION_DAYS = 15
#: Regs reg 13(2): final plan within 20 calendar weeks of receiving the request.
FINAL_PLAN_WEEKS = 20

# Annual review and amendment (spec 1.5)

#: CFA s44(1): review in each period of 12 months beginning with the plan or the last review.
ANNUAL_REVIEW_MONTHS = 12
#: Regs reg 20(3)-(4): at least 2 weeks' notice of the meeting date.
REVIEW_NOTICE_WEEKS = 2
#: Regs reg 20(3)-(4): advice and information circulated at least 2 weeks before the meeting.
REVIEW_PAPERS_WEEKS = 2
#: Regs regs 20-21: the review report within 2 weeks of the meeting.
REVIEW_REPORT_WEEKS = 2
#: Regs reg 20; L v Devon CC [2022] EWHC 493 (Admin): decision (and proposed amendments) within
#: 4 weeks of the meeting.
REVIEW_DECISION_WEEKS = 4
#: Regs reg 22(2)(c): at least 15 calendar days, beginning with the day the notice was served.
AMENDMENT_COMMENT_DAYS = 15
#: Regs reg 22(3): final amended plan within 8 weeks of sending the amendment notice.
FINAL_AMENDED_PLAN_WEEKS = 8

# Phase transfer (spec 1.6)

#: Regs reg 18(1)(b): school phase transfers are reviewed and amended *before* 15 February of the
#: year of the transfer: (month, day) of that date, which is itself too late.
PHASE_TRANSFER_SCHOOL_BEFORE = (2, 15)
#: Regs reg 18(1)(a): secondary school to post-16, *before* 31 March: (month, day), too late too.
PHASE_TRANSFER_POST16_BEFORE = (3, 31)
#: Regs reg 18(2): post-16 to post-16 moves reviewed at least 5 months before the move.
POST16_MOVE_MONTHS_BEFORE = 5

# Reassessment (spec 1.7)

#: Regs reg 25(1) [verify]: decide whether to reassess within 15 calendar days of the request.
REASSESSMENT_DECISION_DAYS = 15
#: Regs reg 27(2): final plan within 14 calendar weeks of the decision to reassess.
REASSESSMENT_FINAL_PLAN_WEEKS = 14

# Transfer between local authorities (spec 1.9)

#: Regs reg 15(2): the old LA transfers the plan within 15 working days (late notice).
LA_TRANSFER_WORKING_DAYS = 15
#: Regs reg 15(4): the new LA writes to the family within 6 weeks of the transfer.
TRANSFER_NOTICE_WEEKS = 6
#: Regs reg 15(5)(a): 12 months beginning with the date the plan was made or last reviewed.
TRANSFER_REVIEW_MONTHS_FROM_REVIEW = 12
#: Regs reg 15(5)(b): 3 months beginning with the date of the transfer.
TRANSFER_REVIEW_MONTHS_FROM_TRANSFER = 3

# Mediation (spec 1.10)

#: Regs reg 33: contact the mediation adviser within 2 months after the decision notice was sent.
MEDIATION_ADVISER_CONTACT_MONTHS = 2
#: Regs reg 34: certificate within 3 working days of the adviser being told (no mediation).
MEDIATION_CERTIFICATE_WORKING_DAYS = 3
#: Regs reg 35: the LA tells the health commissioners of health issues within 3 working days.
MEDIATION_HEALTH_NOTICE_WORKING_DAYS = 3
#: Regs reg 36 (reg 35 with health issues): mediation within 30 calendar days of being told.
MEDIATION_HELD_DAYS = 30
#: Regs reg 37: certificate within 3 working days when mediation could not be arranged in time.
MEDIATION_DEEMED_CERTIFICATE_WORKING_DAYS = 3
#: Regs reg 39: certificate within 3 working days of the mediation concluding.
MEDIATION_CONCLUDED_CERTIFICATE_WORKING_DAYS = 3
#: Regs reg 42(3): act on a mediation agreement about non-appealable matters within 2 weeks.
MEDIATION_AGREEMENT_ACTION_WEEKS = 2
#: Regs reg 42: a health commissioner party tells the LA of the agreement within 1 week.
MEDIATION_AGREEMENT_ICB_NOTICE_WEEKS = 1

# First-tier Tribunal (spec 1.11)

#: Tribunal rules: appeal within 2 calendar months of the decision letter ...
APPEAL_MONTHS_FROM_DECISION = 2
#: ... or 1 calendar month of the mediation certificate, whichever is later.
APPEAL_MONTHS_FROM_CERTIFICATE = 1
#: Tribunal Rules 2008 r 21(1)(a) and Schedule: the LA responds within 30 working days of receiving
#: the appeal.
TRIBUNAL_RESPONSE_WORKING_DAYS = 30
#: SEND (First-tier Tribunal Recommendations Power) Regs 2017: health and social care bodies
#: should respond to recommendations within 5 weeks.
RECOMMENDATION_RESPONSE_WEEKS = 5


class TribunalOrderStep(StrEnum):
    """What a tribunal order (or a mediation agreement on an appealable matter) requires."""

    CEASE = "cease"
    CONTINUE_TO_MAINTAIN = "continue_to_maintain"
    ASSESS_NOTIFY = "assess_notify"
    ASSESS_NO_PLAN = "assess_no_plan"
    ASSESS_FINAL_PLAN = "assess_final_plan"
    MAKE_PLAN_DRAFT = "make_plan_draft"
    MAKE_PLAN_FINAL = "make_plan_final"
    AMEND_CONTENTS = "amend_contents"
    AMEND_SETTING = "amend_setting"


#: Regs reg 44 and HMCTS SEND18: calendar weeks from the date the order was sent (0 = that day,
#: "immediately").
TRIBUNAL_ORDER_WEEKS: Mapping[TribunalOrderStep, int] = MappingProxyType(
    {
        TribunalOrderStep.CEASE: 0,
        TribunalOrderStep.CONTINUE_TO_MAINTAIN: 0,
        TribunalOrderStep.ASSESS_NOTIFY: 2,
        TribunalOrderStep.ASSESS_NO_PLAN: 10,
        TribunalOrderStep.ASSESS_FINAL_PLAN: 14,
        TribunalOrderStep.MAKE_PLAN_DRAFT: 5,
        TribunalOrderStep.MAKE_PLAN_FINAL: 11,
        TribunalOrderStep.AMEND_CONTENTS: 5,
        TribunalOrderStep.AMEND_SETTING: 2,
    }
)


class UnopposedAppealStep(StrEnum):
    """What the LA must do when it concedes an appeal before its response (Regs reg 45)."""

    ASSESS_OR_REVIEW = "assess_or_review"
    AMEND_CONTENTS = "amend_contents"
    AMEND_SETTING = "amend_setting"


#: Regs reg 45: calendar weeks from the LA notifying the tribunal that it will not oppose.
#: Amending contents is 4 weeks in the spec; IPSEA cites 5 [conflict - verify reg 45(4)].
UNOPPOSED_APPEAL_WEEKS: Mapping[UnopposedAppealStep, int] = MappingProxyType(
    {
        UnopposedAppealStep.ASSESS_OR_REVIEW: 4,
        UnopposedAppealStep.AMEND_CONTENTS: 4,
        UnopposedAppealStep.AMEND_SETTING: 2,
    }
)


# --- EHC needs assessment and plan (spec 1.3) -----------------------------------------------------


def assessment_decision_due(request_received_on: date) -> date:
    """Tell the family whether the LA will carry out an EHC needs assessment.

    Legal source: SEND Regulations 2014, regulation 5(1); CoP chapter 9.
    Counting: 6 calendar weeks from the day the LA received the request (that day is day 0; the
    due date is the same weekday 6 weeks later). The same limit runs from the day the LA became
    responsible for the child under CFA s24 (e.g. a move into the area): pass that date.
    Example: request Mon 2 Sep 2024, decision due Mon 14 Oct 2024.
    """
    return add_weeks(request_received_on, ASSESSMENT_DECISION_WEEKS)


def assessment_advice_due(advice_requested_on: date) -> date:
    """A body asked for advice (EP, health, social care, school) gives it to the LA.

    Legal source: SEND Regulations 2014, regulation 8(1) (applied to reassessment by reg 26).
    Counting: 6 calendar weeks from the day the body received the LA's request (use the day the
    LA sent it when receipt is not recorded).
    """
    return add_weeks(advice_requested_on, ADVICE_WEEKS)


def no_plan_notice_due(request_received_on: date) -> date:
    """Tell the family the LA has decided not to issue a plan after the assessment.

    Legal source: SEND Regulations 2014, regulation 10(1).
    Counting: 16 calendar weeks from the day the LA received the assessment request.
    Example: request Mon 2 Sep 2024, notice due Mon 23 Dec 2024.
    """
    return add_weeks(request_received_on, NO_PLAN_NOTICE_WEEKS)


def draft_plan_target_due(request_received_on: date) -> date:
    """Send the draft plan (a practice target, not a legal time limit).

    Source: IPSEA model letter 10 (the law sets no date for the draft; this target leaves room for
    the 15-day comment window and the consultation with settings before week 20).
    Counting: 14 calendar weeks from the day the LA received the request.
    Example: request Mon 2 Sep 2024, draft by Mon 9 Dec 2024.
    """
    return add_weeks(request_received_on, DRAFT_PLAN_TARGET_WEEKS)


def draft_plan_comments_due(draft_served_on: date) -> date:
    """Last day of the family's window to comment on the draft plan and ask for a setting.

    Legal source: SEND Regulations 2014, regulation 13(1); CFA s38.
    Counting: at least 15 calendar days beginning with the day the draft was served, so the
    service day is day 1. Example: served Mon 9 Dec 2024, window ends Mon 23 Dec 2024.
    """
    return last_day_of_days_beginning_with(draft_served_on, DRAFT_COMMENT_DAYS)


def setting_consultation_due(consulted_on: date) -> date:
    """A school or college consulted on being named in the plan responds (guidance: "should").

    Source: SEND Code of Practice 2015, paragraphs 9.83-9.84 (via local offers); CFA s39(2)-(3),
    s40(3). The LA decides even without a response.
    Counting: within 15 calendar days of the day the LA consulted the setting (that day is day 0;
    the guidance does not say "beginning with").
    """
    return add_days(consulted_on, SETTING_CONSULTATION_DAYS)


def final_plan_due(request_received_on: date) -> date:
    """Issue the final EHC plan.

    Legal source: SEND Regulations 2014, regulation 13(2) (sending: regulation 14).
    Counting: 20 calendar weeks from the day the LA received the request; school holidays do not
    stop the clock. Example: request Mon 2 Sep 2024, final plan due Mon 20 Jan 2025.
    """
    return add_weeks(request_received_on, FINAL_PLAN_WEEKS)


# --- Annual review and amendment (spec 1.5) -------------------------------------------------------


def annual_review_due(plan_made_on: date, last_review_concluded_on: date | None = None) -> date:
    """Complete the next review of the plan (the LA's decision concludes a review).

    Legal source: Children and Families Act 2014, section 44(1); CoP 9.166-9.185.
    Counting: the last day of the period of 12 calendar months beginning with the date the plan
    was made or, once reviewed, with the date the last review was concluded (the date of the LA's
    decision letter, per IPSEA). Plan made 1 Jan 2019: review by 31 Dec 2019 (Surrey's example).
    IPSEA's phase-transfer example words a decision of 25 Nov 2024 as "within 12 months of
    25 November 2024"; the period beginning with 25 Nov 2024 ends on 24 Nov 2025.
    The CoP 9.178 advice to consider reviewing under-5s every 3-6 months is not a deadline.
    """
    start = plan_made_on
    if last_review_concluded_on is not None:
        if last_review_concluded_on < plan_made_on:
            raise ValueError("A review cannot be concluded before the plan was made.")
        start = last_review_concluded_on
    return last_day_of_months_beginning_with(start, ANNUAL_REVIEW_MONTHS)


def review_meeting_notice_due(meeting_on: date) -> date:
    """Give invitees notice of the review meeting date (latest day to send it).

    Legal source: SEND Regulations 2014, regulation 20(3)-(4) (regulation 21 where the child does
    not attend a school or other institution).
    Counting: at least 2 calendar weeks before the meeting: the same weekday 2 weeks earlier.
    """
    return add_weeks(meeting_on, -REVIEW_NOTICE_WEEKS)


def review_papers_due(meeting_on: date) -> date:
    """Circulate the advice and information gathered for the review meeting.

    Legal source: SEND Regulations 2014, regulation 20(3)-(4) (regulation 21 where the child does
    not attend a school or other institution).
    Counting: at least 2 calendar weeks before the meeting: the same weekday 2 weeks earlier.
    """
    return add_weeks(meeting_on, -REVIEW_PAPERS_WEEKS)


def review_report_due(meeting_on: date) -> date:
    """Send the review report (recommendations on amendments and any differences of view).

    Legal source: SEND Regulations 2014, regulations 20-21.
    Counting: 2 calendar weeks after the meeting. Example: meeting Fri 1 Nov 2024, report by
    Fri 15 Nov 2024. (Some LAs say "10 working days"; that is a local convention.)
    """
    return add_weeks(meeting_on, REVIEW_REPORT_WEEKS)


def review_decision_due(meeting_on: date) -> date:
    """Tell the family whether the LA will maintain, amend or cease the plan; when amending, send
    the proposed amendments with the decision.

    Legal source: SEND Regulations 2014, regulation 20; L v Devon CC [2022] EWHC 493 (Admin).
    Counting: 4 calendar weeks after the meeting. Example: meeting Fri 1 Nov 2024, decision by
    Fri 29 Nov 2024.
    """
    return add_weeks(meeting_on, REVIEW_DECISION_WEEKS)


def amendment_comments_due(notice_served_on: date) -> date:
    """Last day of the family's window to comment on proposed amendments and ask for a setting.

    Legal source: SEND Regulations 2014, regulation 22(2)(c).
    Counting: at least 15 calendar days beginning with the day the notice was served (day 1).
    """
    return last_day_of_days_beginning_with(notice_served_on, AMENDMENT_COMMENT_DAYS)


def final_amended_plan_due(notice_sent_on: date, long_stop_on: date | None = None) -> date:
    """Issue the final amended plan after a review.

    Legal source: SEND Regulations 2014, regulation 22(3); with a phase transfer, regulation 18.
    Counting: 8 calendar weeks after the LA sent the amendment notice (with an on-time decision,
    at most 12 weeks after the meeting). Given a phase-transfer long-stop (the last day on time
    from ``school_phase_transfer_due``, ``post16_phase_transfer_due`` or ``post16_move_due``), the
    earlier of the two: the 8-week limit still applies inside the long-stop.
    Example: notice Fri 29 Nov 2024, final plan by Fri 24 Jan 2025 (school phase transfer: the
    plan must be amended before 15 Feb 2025, so by Fri 14 Feb 2025 at the latest).
    """
    due = add_weeks(notice_sent_on, FINAL_AMENDED_PLAN_WEEKS)
    if long_stop_on is not None:
        return min(due, long_stop_on)
    return due


# --- Phase transfer (spec 1.6) --------------------------------------------------------------------


def school_phase_transfer_due(transfer_on: date) -> date:
    """Review and amend the plan to name the next school, for a school phase transfer (early
    years to school, infant to junior, primary to middle or secondary, middle to secondary).

    Legal source: SEND Regulations 2014, regulation 18(1)(b).
    Counting: a fixed date. The plan must be reviewed and amended *before* 15 February in the
    calendar year of the transfer, so 15 February is already late and the last day on time (the
    due date) is 14 February. Example: transfer Sep 2025, due Fri 14 Feb 2025.
    """
    month, day = PHASE_TRANSFER_SCHOOL_BEFORE
    return _day_before(date(transfer_on.year, month, day))


def post16_phase_transfer_due(transfer_on: date) -> date:
    """Review and amend the plan to name the post-16 institution, for a move from secondary school.

    Legal source: SEND Regulations 2014, regulation 18(1)(a).
    Counting: a fixed date. The plan must be reviewed and amended *before* 31 March in the
    calendar year of the transfer, so the last day on time (the due date) is 30 March. Example:
    transfer Sep 2025, due Sun 30 Mar 2025.
    """
    month, day = PHASE_TRANSFER_POST16_BEFORE
    return _day_before(date(transfer_on.year, month, day))


def _day_before(day: date) -> date:
    """The last day on time when the law says "before" a date."""
    return day - timedelta(days=1)


def post16_move_due(transfer_on: date) -> date:
    """Review and amend the plan before a move from one post-16 institution to another.

    Legal source: SEND Regulations 2014, regulation 18(2).
    Counting: at least 5 calendar months before the move: the corresponding date 5 months
    earlier, or the last day of that month if it is shorter (move 31 Jul 2025: due 28 Feb 2025).
    """
    return add_calendar_months(transfer_on, -POST16_MOVE_MONTHS_BEFORE)


# --- Reassessment (spec 1.7) ----------------------------------------------------------------------


def reassessment_decision_due(request_received_on: date) -> date:
    """Tell the family whether the LA will carry out a reassessment.

    Legal source: SEND Regulations 2014, regulation 25(1) [verify: the spec takes 15 calendar days
    from secondary sources (Kent, National SENDIASS, Surrey, Dorset)].
    Counting: within 15 calendar days of the day the LA received the request (that day is day 0).
    """
    return add_days(request_received_on, REASSESSMENT_DECISION_DAYS)


def reassessment_final_plan_due(decided_to_reassess_on: date) -> date:
    """Issue the final amended or replacement plan after a reassessment.

    Legal source: SEND Regulations 2014, regulation 27(2).
    Counting: 14 calendar weeks from the LA's notification that it will reassess (or its own
    decision that reassessment is necessary under CFA s44(3)).
    """
    return add_weeks(decided_to_reassess_on, REASSESSMENT_FINAL_PLAN_WEEKS)


# --- Transfer between local authorities (spec 1.9) ------------------------------------------------


def la_transfer_due(moved_on: date, became_aware_on: date, holidays: Collection[date]) -> date:
    """The old LA transfers the plan to the new LA.

    Legal source: SEND Regulations 2014, regulation 15(2).
    Counting: on the day of the move if the old LA became aware of it at least 15 working days
    before (on or before the 15th working day counting back from the move day, which does not
    count); otherwise the last of 15 working days beginning with the day it became aware (that
    day is day 1 if it is a working day). Example: learns on Mon 3 Mar 2025 of a completed move:
    due Fri 21 Mar 2025.
    """
    if became_aware_on <= subtract_working_days(moved_on, LA_TRANSFER_WORKING_DAYS, holidays):
        return moved_on
    return last_working_day_beginning_with(became_aware_on, LA_TRANSFER_WORKING_DAYS, holidays)


def transfer_notice_due(transferred_on: date) -> date:
    """The new LA tells the family the plan has transferred, whether it proposes an assessment,
    and when it will review the plan.

    Legal source: SEND Regulations 2014, regulation 15(4).
    Counting: 6 calendar weeks from the date of the transfer.
    """
    return add_weeks(transferred_on, TRANSFER_NOTICE_WEEKS)


def transfer_review_due(plan_made_or_last_reviewed_on: date, transferred_on: date) -> date:
    """The new LA reviews a transferred plan.

    Legal source: SEND Regulations 2014, regulation 15(5).
    Counting: by the later of the last day of the 12 calendar months beginning with the date the
    plan was made or last reviewed, and the last day of the 3 calendar months beginning with the
    date of the transfer.
    """
    by_review = last_day_of_months_beginning_with(
        plan_made_or_last_reviewed_on, TRANSFER_REVIEW_MONTHS_FROM_REVIEW
    )
    by_transfer = last_day_of_months_beginning_with(
        transferred_on, TRANSFER_REVIEW_MONTHS_FROM_TRANSFER
    )
    return max(by_review, by_transfer)


# --- Mediation (spec 1.10) ------------------------------------------------------------------------


def mediation_adviser_contact_due(decision_sent_on: date) -> date:
    """The family contacts the mediation adviser (needed before most appeals).

    Legal source: SEND Regulations 2014, regulation 33.
    Counting: within 2 calendar months after the day the LA sent the decision notice (not the day
    it arrived): the corresponding date 2 months on, or the month's last day (1 Oct -> 1 Dec).
    """
    return add_calendar_months(decision_sent_on, MEDIATION_ADVISER_CONTACT_MONTHS)


def mediation_certificate_due(adviser_told_on: date, holidays: Collection[date]) -> date:
    """The mediation adviser issues a certificate when the family does not want mediation.

    Legal source: SEND Regulations 2014, regulation 34.
    Counting: 3 working days after the day the adviser was told (that day never counts).
    Example: told Fri 20 Dec 2024, certificate by Fri 27 Dec 2024.
    """
    return add_working_days(adviser_told_on, MEDIATION_CERTIFICATE_WORKING_DAYS, holidays)


def mediation_health_notice_due(la_told_on: date, holidays: Collection[date]) -> date:
    """The LA tells each relevant health commissioner (ICB) the health issues for mediation.

    Legal source: SEND Regulations 2014, regulation 35 (mediation about health care provision).
    Counting: 3 working days after the day the LA was told the family wants mediation.
    """
    return add_working_days(la_told_on, MEDIATION_HEALTH_NOTICE_WORKING_DAYS, holidays)


def mediation_held_due(told_on: date) -> date:
    """Hold the mediation.

    Legal source: SEND Regulations 2014, regulation 36 (no health care issues: the LA arranges it);
    regulation 35 where the mediation is about health care provision (the health commissioner
    arranges it when it is only about health care, otherwise the LA arranges a joint mediation).
    Counting: within 30 calendar days of the day the arranging body was told (that day is day 0):
    the LA, from being told the family wants mediation; for health-only issues the ICB, from being
    told by the LA. Example: told Fri 10 Jan 2025, held by Sun 9 Feb 2025.
    """
    return add_days(told_on, MEDIATION_HELD_DAYS)


def mediation_deemed_certificate_due(adviser_told_on: date, holidays: Collection[date]) -> date:
    """The adviser issues a certificate when the LA says it cannot arrange mediation in 30 days.

    Legal source: SEND Regulations 2014, regulation 37.
    Counting: 3 working days after the day the adviser was told (that day never counts).
    """
    return add_working_days(adviser_told_on, MEDIATION_DEEMED_CERTIFICATE_WORKING_DAYS, holidays)


def mediation_concluded_certificate_due(concluded_on: date, holidays: Collection[date]) -> date:
    """The mediator issues a certificate after the mediation.

    Legal source: SEND Regulations 2014, regulation 39 (the certificate under section 55(5) of the
    Children and Families Act 2014).
    Counting: 3 working days after the day the mediation concluded (that day never counts).
    """
    return add_working_days(concluded_on, MEDIATION_CONCLUDED_CERTIFICATE_WORKING_DAYS, holidays)


def mediation_agreement_action_due(agreed_on: date) -> date:
    """The LA (or health commissioner) does what a mediation agreement says, for matters that
    cannot be appealed (for example, arranging an educational psychologist's visit).

    Legal source: SEND Regulations 2014, regulation 42(3). Parties may agree other timescales in
    writing. Agreements on appealable matters follow the tribunal-order limits: use
    ``tribunal_order_due`` with the date of the agreement.
    Counting: 2 calendar weeks after the day of the agreement.
    """
    return add_weeks(agreed_on, MEDIATION_AGREEMENT_ACTION_WEEKS)


def mediation_agreement_icb_notice_due(agreed_on: date) -> date:
    """A health commissioner that was a party tells the LA about the mediation agreement.

    Legal source: SEND Regulations 2014, regulation 42.
    Counting: 1 calendar week after the day of the agreement.
    """
    return add_weeks(agreed_on, MEDIATION_AGREEMENT_ICB_NOTICE_WEEKS)


# --- First-tier Tribunal (spec 1.11) --------------------------------------------------------------


def subject_access_due(
    request_received_on: date, holidays: Collection[date], *, extended: bool = False
) -> date:
    """Answer a subject access request (the person's own data, with third parties' redacted).

    Legal source: UK GDPR, Article 12(3) (right of access, Article 15); ICO guidance "Time limits
    for responding to data protection rights requests".
    Counting: one calendar month starting on the day the request is received: the corresponding
    day of the next month, or that month's last day where it has none (received 31 March: by
    30 April). Where that day is a weekend or bank holiday, the next working day (ICO). For a
    complex request, or many from one person, the time may be extended by two further months
    (``extended``: three in all), telling the person within the first month.
    """
    months = SUBJECT_ACCESS_EXTENDED_MONTHS if extended else SUBJECT_ACCESS_MONTHS
    return working_day_on_or_after(add_calendar_months(request_received_on, months), holidays)


def tribunal_holiday_rollover(day: date, holidays: Collection[date]) -> date:
    """Move an appeal deadline out of the Christmas period or August (SEND appeals only).

    Source: tribunal rules as explained by IPSEA (spec 1.2 and 1.11). A deadline ending on any day
    from 25 December to 1 January moves to the next working day in January (the first working day
    after 1 January); one ending in August moves to the first working day of September. Any other
    day is returned unchanged (the spec gives no weekend roll-over).
    """
    if day.month == 12 and day.day >= 25:
        return working_day_on_or_after(date(day.year + 1, 1, 2), holidays)
    if day.month == 1 and day.day == 1:
        return working_day_on_or_after(date(day.year, 1, 2), holidays)
    if day.month == 8:
        return working_day_on_or_after(date(day.year, 9, 1), holidays)
    return day


def appeal_due(
    decision_sent_on: date, certificate_issued_on: date | None, holidays: Collection[date]
) -> date:
    """Last day for the tribunal to receive a SEND appeal.

    Legal source: Tribunal Procedure (First-tier Tribunal) (Health, Education and Social Care
    Chamber) Rules 2008, rule 20(1)(a) and the Schedule; CFA s51; IPSEA FAQs on appeal deadlines.
    Counting: the later of 2 calendar months from the date of the decision letter (or the letter
    enclosing the final plan) and 1 calendar month from the date of the mediation certificate;
    each of the two is first moved by ``tribunal_holiday_rollover`` (Christmas and August).
    Pass ``certificate_issued_on=None`` when no certificate is needed (an appeal only about the
    school or type of school named) or none has been issued yet.
    Example: letter 1 Oct 2024, certificate 29 Nov 2024: 1 Dec vs 29 Dec, and 29 Dec falls in
    the Christmas period, so the appeal is due Thu 2 Jan 2025.
    Not for disability-discrimination claims, where the roll-overs do not apply.
    """
    due = tribunal_holiday_rollover(
        add_calendar_months(decision_sent_on, APPEAL_MONTHS_FROM_DECISION), holidays
    )
    if certificate_issued_on is None:
        return due
    after_certificate = tribunal_holiday_rollover(
        add_calendar_months(certificate_issued_on, APPEAL_MONTHS_FROM_CERTIFICATE), holidays
    )
    return max(due, after_certificate)


def tribunal_response_due(appeal_sent_to_la_on: date, holidays: Collection[date]) -> date:
    """The LA sends its response to an appeal.

    Legal source: Tribunal Procedure (First-tier Tribunal) (Health, Education and Social Care
    Chamber) Rules 2008, rule 21(1)(a), with the time for a special educational needs case set
    in the Schedule to the Rules: the response must reach the tribunal within 30 working days of
    the LA receiving the appeal. The time limit is in the Rules, not in the tribunal's practice
    direction (which says what the response must contain and how the case is managed).
    Counting: 30 working days after the day the LA received the appeal from the tribunal (that
    day never counts); pass the day the tribunal sent it when receipt is not recorded.
    """
    return add_working_days(appeal_sent_to_la_on, TRIBUNAL_RESPONSE_WORKING_DAYS, holidays)


def tribunal_order_due(order_sent_on: date, step: TribunalOrderStep) -> date:
    """The LA carries out a step a tribunal order requires (or a mediation agreement on an
    appealable matter, from the date of the agreement).

    Legal source: SEND Regulations 2014, regulation 44 (and 42 for agreements); HMCTS SEND18;
    amending contents: BA v Nottinghamshire CC [2021] EWHC 1348 (Admin).
    Counting: calendar weeks from the date the order was sent, by step (``TRIBUNAL_ORDER_WEEKS``):
    cease or continue to maintain, immediately (the same day); tell the family the LA will assess
    or reassess, 2 weeks; notice of a decision not to issue a plan, 10 weeks; final plan after
    that assessment, 14 weeks; make a plan: draft 5 weeks, final 11 weeks; amend the contents,
    5 weeks; change only the named school or type, 2 weeks.
    """
    return add_weeks(order_sent_on, TRIBUNAL_ORDER_WEEKS[TribunalOrderStep(step)])


def unopposed_appeal_due(tribunal_notified_on: date, step: UnopposedAppealStep) -> date:
    """The LA acts on an appeal it has conceded before sending its response.

    Legal source: SEND Regulations 2014, regulation 45.
    Counting: calendar weeks from the day the LA notified the tribunal that it would not oppose
    the appeal (``UNOPPOSED_APPEAL_WEEKS``): carry out the assessment, review or reassessment,
    4 weeks; issue the plan with amended contents, 4 weeks [the spec's value; IPSEA cites
    5 weeks - verify reg 45(4)]; change only the named school or type, 2 weeks.
    """
    return add_weeks(tribunal_notified_on, UNOPPOSED_APPEAL_WEEKS[UnopposedAppealStep(step)])


def recommendation_response_due(recommendations_sent_on: date) -> date:
    """A health or social care body responds, with reasons, to tribunal recommendations it will
    not follow (extended appeals).

    Legal source: SEND (First-tier Tribunal Recommendations Power) Regulations 2017.
    Counting: 5 calendar weeks from the day the recommendations were sent.
    """
    return add_weeks(recommendations_sent_on, RECOMMENDATION_RESPONSE_WEEKS)


# --- Exceptions that disapply a time limit (spec 1.4) ---------------------------------------------


class ExceptionKind(StrEnum):
    """A lawful reason why the LA need not meet a time limit (disapplied, not moved)."""

    #: Advice asked of a school or post-16 institution from 1 week before it closed for 4+ weeks
    #: until 1 week before it reopened (see ``advice_requested_during_closure``).
    SETTING_CLOSED = "setting_closed"
    #: The same, for an early years provider closed for 4+ weeks.
    EARLY_YEARS_CLOSED = "early_years_closed"
    #: Exceptional personal circumstances affecting the child, the parent or the young person.
    PERSONAL_CIRCUMSTANCES = "personal_circumstances"
    #: The family was away from the LA's area for a continuous period: 4+ weeks for the
    #: assessment limits; 2+ weeks for tribunal orders.
    ABSENT_FROM_AREA = "absent_from_area"
    #: The child missed an appointment for an examination or test (advice under reg 8 only).
    MISSED_APPOINTMENT = "missed_appointment"
    #: The family wants to make representations after a tribunal order.
    REPRESENTATIONS_AFTER_ORDER = "representations_after_order"


#: Each exception's reason in plain English, for families and staff alike.
EXCEPTION_TEXT: Mapping[str, str] = {
    ExceptionKind.SETTING_CLOSED: "The school or college was closed for 4 weeks or more",
    ExceptionKind.EARLY_YEARS_CLOSED: "The early years setting was closed for 4 weeks or more",
    ExceptionKind.PERSONAL_CIRCUMSTANCES: "Exceptional personal circumstances of the child or family",
    ExceptionKind.ABSENT_FROM_AREA: "The child or family was away from the area",
    ExceptionKind.MISSED_APPOINTMENT: "The child missed an appointment for an assessment",
    ExceptionKind.REPRESENTATIONS_AFTER_ORDER: (
        "The family is making representations after the tribunal order"
    ),
}

#: Closures shorter than this do not count (Regs reg 5(4)(a), 10(4)(a)-(b), 27(3)(a)-(b)).
CLOSURE_MIN_WEEKS = 4
#: The exception window starts and ends this many weeks before closing and reopening.
CLOSURE_WINDOW_LEAD_WEEKS = 1

_ASSESSMENT_EXCEPTIONS = frozenset(
    {
        ExceptionKind.SETTING_CLOSED,
        ExceptionKind.EARLY_YEARS_CLOSED,
        ExceptionKind.PERSONAL_CIRCUMSTANCES,
        ExceptionKind.ABSENT_FROM_AREA,
    }
)
_ADVICE_EXCEPTIONS = frozenset(
    {
        ExceptionKind.PERSONAL_CIRCUMSTANCES,
        ExceptionKind.ABSENT_FROM_AREA,
        ExceptionKind.MISSED_APPOINTMENT,
    }
)
_TRIBUNAL_ORDER_EXCEPTIONS = frozenset(
    {
        ExceptionKind.PERSONAL_CIRCUMSTANCES,
        ExceptionKind.ABSENT_FROM_AREA,
        ExceptionKind.REPRESENTATIONS_AFTER_ORDER,
    }
)
_IMMEDIATE_ORDER_STEPS = frozenset(
    {TribunalOrderStep.CEASE, TribunalOrderStep.CONTINUE_TO_MAINTAIN}
)


def _tribunal_order_key(step: TribunalOrderStep) -> str:
    return f"tribunal_order_{step.value}"


def _unopposed_appeal_key(step: UnopposedAppealStep) -> str:
    return f"unopposed_appeal_{step.value}"


#: Which exceptions can disapply which rule's time limit. Rules not listed have none.
#: Regs reg 5(4) (decision to assess), reg 10(4) (no plan), reg 13(3) (final plan), reg 27(3)
#: (final plan after reassessment), reg 8(2) (advice; no closure exception), reg 44 (tribunal
#: orders with a time limit; "immediately" cannot be disapplied).
EXCEPTIONS_BY_RULE: Mapping[str, frozenset[ExceptionKind]] = MappingProxyType(
    {
        "assessment_decision": _ASSESSMENT_EXCEPTIONS,
        "assessment_advice": _ADVICE_EXCEPTIONS,
        "no_plan_notice": _ASSESSMENT_EXCEPTIONS,
        "final_plan": _ASSESSMENT_EXCEPTIONS,
        "reassessment_final_plan": _ASSESSMENT_EXCEPTIONS,
        **{
            _tribunal_order_key(step): _TRIBUNAL_ORDER_EXCEPTIONS
            for step in TribunalOrderStep
            if step not in _IMMEDIATE_ORDER_STEPS
        },
    }
)


def exception_applies(rule_key: str, exception_kind: ExceptionKind | str) -> bool:
    """Whether the law lets ``exception_kind`` disapply the time limit of rule ``rule_key``.

    The due date is unaffected either way: the case keeps it and flags it as excepted, and only if
    the delay was actually caused by the exception (IPSEA model letter 10). Raises ``ValueError``
    for an unknown rule key or exception kind.
    """
    if rule_key not in RULES:
        raise ValueError(f"Unknown deadline rule {rule_key!r}.")
    return ExceptionKind(exception_kind) in EXCEPTIONS_BY_RULE.get(rule_key, frozenset())


def closure_exception_window(closes_on: date, reopens_on: date) -> tuple[date, date] | None:
    """The period in which asking a closed setting for advice excuses the LA, or None.

    Legal source: SEND Regulations 2014, regulations 5(4)(a)-(b), 10(4)(a)-(b), 27(3)(a)-(b).
    ``closes_on`` is the first day the school, college or early years provider is closed and
    ``reopens_on`` the day it reopens. Only a continuous closure of at least 4 weeks counts; the
    window then runs from 1 week before ``closes_on`` to 1 week before ``reopens_on``, both
    included. Summer holiday closing Tue 22 Jul 2025, reopening Wed 3 Sep 2025: window Tue 15 Jul
    to Wed 27 Aug 2025.
    """
    if reopens_on <= closes_on:
        raise ValueError("A setting must reopen after it closes.")
    if reopens_on - closes_on < timedelta(weeks=CLOSURE_MIN_WEEKS):
        return None
    lead = timedelta(weeks=CLOSURE_WINDOW_LEAD_WEEKS)
    return closes_on - lead, reopens_on - lead


def advice_requested_during_closure(requested_on: date, closes_on: date, reopens_on: date) -> bool:
    """Whether advice requested on ``requested_on`` falls in ``closure_exception_window``."""
    window = closure_exception_window(closes_on, reopens_on)
    return window is not None and window[0] <= requested_on <= window[1]


# --- The registry ---------------------------------------------------------------------------------


class Duty(StrEnum):
    """How binding a time limit is (the spec's MUST / SHOULD, and practice targets)."""

    MUST = "must"  # a statutory duty (Act or Regulations, or a tribunal order)
    SHOULD = "should"  # statutory guidance: follow unless there is good reason not to
    TARGET = "target"  # good practice, not a legal time limit


class Party(StrEnum):
    """Who must act for a time limit to be met: the council, a professional (an advisor, a school
    or college, the health service, the mediation adviser or mediator), or the family. A family's
    time limit is a window for a choice they may make, never a duty of the council."""

    COUNCIL = "council"
    PROFESSIONAL = "professional"
    FAMILY = "family"


@dataclass(frozen=True)
class Rule:
    """One deadline rule, for listing a due date with its legal basis."""

    key: str
    #: What has to happen, in plain English for families.
    title: str
    #: Short citation, e.g. "SEND Regulations 2014, regulation 5(1)".
    legal_basis: str
    #: One sentence saying who must do what by when, counted from what.
    plain_english: str
    #: The pure function computing the due date.
    function: Callable[..., date]
    duty: Duty = Duty.MUST
    #: Who must act.
    party: Party = Party.COUNCIL
    #: Who must act, named for the family when more exact than the party ("The school or
    #: college"); blank: the party's own name.
    who: str = ""
    #: For a family's window: the choice it offers, worded for the family, ending "until" (the
    #: date follows), e.g. "You can ask for mediation until".
    choice: str = ""


_REGS = "SEND Regulations 2014"
_TRIBUNAL_RULES = (
    "Tribunal Procedure (First-tier Tribunal) (Health, Education and Social Care Chamber) "
    "Rules 2008"
)

_TRIBUNAL_ORDER_TEXT: Mapping[TribunalOrderStep, tuple[str, str]] = {
    TribunalOrderStep.CEASE: (
        "Stop the plan after the tribunal agreed it should end",
        "If the tribunal dismisses an appeal against ending the plan, the council stops the plan "
        "straight away.",
    ),
    TribunalOrderStep.CONTINUE_TO_MAINTAIN: (
        "Keep the plan after the tribunal ordered it to continue",
        "If the tribunal orders the council to keep the plan, it must do so straight away.",
    ),
    TribunalOrderStep.ASSESS_NOTIFY: (
        "Confirm the assessment the tribunal ordered",
        "The council must tell you within 2 weeks of the tribunal's order that it will carry out "
        "the assessment or reassessment.",
    ),
    TribunalOrderStep.ASSESS_NO_PLAN: (
        "Decide not to issue a plan after a tribunal-ordered assessment",
        "If the council decides not to issue a plan after the ordered assessment, it must tell "
        "you within 10 weeks of the order.",
    ),
    TribunalOrderStep.ASSESS_FINAL_PLAN: (
        "Issue the final plan after a tribunal-ordered assessment",
        "The council must send you the final plan within 14 weeks of the order.",
    ),
    TribunalOrderStep.MAKE_PLAN_DRAFT: (
        "Send the draft plan the tribunal ordered",
        "The council must send you a draft plan within 5 weeks of the order.",
    ),
    TribunalOrderStep.MAKE_PLAN_FINAL: (
        "Issue the final plan the tribunal ordered",
        "The council must send you the final plan within 11 weeks of the order.",
    ),
    TribunalOrderStep.AMEND_CONTENTS: (
        "Change the plan as the tribunal ordered",
        "The council must send you the plan with the changes the tribunal ordered within 5 weeks "
        "of the order.",
    ),
    TribunalOrderStep.AMEND_SETTING: (
        "Name the school or college the tribunal ordered",
        "The council must change the school or college named in the plan within 2 weeks of the "
        "order.",
    ),
}

_TRIBUNAL_ORDER_CASE_LAW: Mapping[TribunalOrderStep, str] = {
    TribunalOrderStep.AMEND_CONTENTS: "; BA v Nottinghamshire CC [2021] EWHC 1348 (Admin)",
}

_UNOPPOSED_APPEAL_TEXT: Mapping[UnopposedAppealStep, tuple[str, str]] = {
    UnopposedAppealStep.ASSESS_OR_REVIEW: (
        "Carry out the assessment or review after not opposing the appeal",
        "If the council says it will not oppose your appeal, it must carry out the assessment, "
        "review or reassessment within 4 weeks of telling the tribunal.",
    ),
    UnopposedAppealStep.AMEND_CONTENTS: (
        "Change the plan after not opposing the appeal",
        "If the council says it will not oppose your appeal about the plan, it must send you the "
        "changed plan within 4 weeks of telling the tribunal.",
    ),
    UnopposedAppealStep.AMEND_SETTING: (
        "Name the school or college after not opposing the appeal",
        "If the council says it will not oppose your appeal about the school or college, it must "
        "change the plan within 2 weeks of telling the tribunal.",
    ),
}


def _rules() -> dict[str, Rule]:
    rules = [
        Rule(
            "assessment_decision",
            "Decide whether to carry out an assessment",
            f"{_REGS}, regulation 5(1)",
            "The council must tell you within 6 weeks of getting the request whether it will "
            "carry out an education, health and care needs assessment.",
            assessment_decision_due,
        ),
        Rule(
            "assessment_advice",
            "Give advice for the assessment",
            f"{_REGS}, regulation 8(1)",
            "Professionals asked for advice (such as the educational psychologist, health and "
            "social care) must give it within 6 weeks of being asked.",
            assessment_advice_due,
            party=Party.PROFESSIONAL,
            who="The professionals asked for advice",
        ),
        Rule(
            "no_plan_notice",
            "Decide not to issue a plan after the assessment",
            f"{_REGS}, regulation 10(1)",
            "If the council decides not to issue a plan, it must tell you within 16 weeks of "
            "getting the request.",
            no_plan_notice_due,
        ),
        Rule(
            "draft_plan_target",
            "Send the draft plan",
            "IPSEA guidance (not a legal time limit)",
            "The council should send the draft plan by week 14, so there is time for your comments "
            "before the final plan is due at week 20.",
            draft_plan_target_due,
            Duty.TARGET,
        ),
        Rule(
            "draft_plan_comments",
            "Comment on the draft plan and ask for a school or college",
            f"{_REGS}, regulation 13(1); Children and Families Act 2014, section 38",
            "You have at least 15 days, counting the day the draft plan was sent as day 1, to "
            "comment, ask for a school or college, or ask to meet the council.",
            draft_plan_comments_due,
            party=Party.FAMILY,
            choice="You can comment on the draft plan, ask for a school or college, or ask to meet us until",
        ),
        Rule(
            "setting_consultation",
            "School or college replies to the council",
            "SEND Code of Practice 2015, paragraphs 9.83 to 9.84",
            "A school or college the council asks about naming it in the plan should reply within "
            "15 days.",
            setting_consultation_due,
            Duty.SHOULD,
            party=Party.PROFESSIONAL,
            who="The school or college",
        ),
        Rule(
            "final_plan",
            "Issue the final plan",
            f"{_REGS}, regulation 13(2)",
            "The council must send you the final plan within 20 weeks of getting the request.",
            final_plan_due,
        ),
        Rule(
            "annual_review",
            "Review the plan",
            "Children and Families Act 2014, section 44(1)",
            "The council must review the plan at least once in every 12 months, counted from the "
            "day the plan was made or the day the last review was decided.",
            annual_review_due,
        ),
        Rule(
            "review_meeting_notice",
            "Give notice of the review meeting",
            f"{_REGS}, regulation 20(3) to (4)",
            "Everyone invited must be told the date of the review meeting at least 2 weeks before.",
            review_meeting_notice_due,
            who="The school or college, or the council",
        ),
        Rule(
            "review_papers",
            "Send out reports before the review meeting",
            f"{_REGS}, regulation 20(3) to (4)",
            "Advice and reports for the review meeting must be sent out at least 2 weeks before "
            "it.",
            review_papers_due,
            who="The school or college, or the council",
        ),
        Rule(
            "review_report",
            "Send the review meeting report",
            f"{_REGS}, regulations 20 to 21",
            "The report of the review meeting must be sent within 2 weeks of the meeting.",
            review_report_due,
            who="The school or college, or the council",
        ),
        Rule(
            "review_decision",
            "Decide whether to keep, change or end the plan",
            f"{_REGS}, regulation 20; L v Devon County Council [2022] EWHC 493 (Admin)",
            "The council must tell you within 4 weeks of the review meeting whether it will keep, "
            "change or end the plan, and send any changes it proposes.",
            review_decision_due,
        ),
        Rule(
            "amendment_comments",
            "Comment on the proposed changes to the plan",
            f"{_REGS}, regulation 22(2)(c)",
            "You have at least 15 days, counting the day the changes were sent as day 1, to "
            "comment, ask for a school or college, or ask to meet the council.",
            amendment_comments_due,
            party=Party.FAMILY,
            choice="You can comment on the proposed changes, ask for a school or college, or ask to meet us until",
        ),
        Rule(
            "final_amended_plan",
            "Issue the changed plan",
            f"{_REGS}, regulation 22(3); with a move to a new school or college, regulation 18(1)",
            "The council must send you the final changed plan within 8 weeks of sending the "
            "proposed changes. If your child is moving to a new school or college, it must also "
            "be sent no later than 14 February in the year of the move (30 March for a move from "
            "secondary school to a college or sixth form).",
            final_amended_plan_due,
        ),
        Rule(
            "school_phase_transfer",
            "Name the next school before the move",
            f"{_REGS}, regulation 18(1)(b)",
            "Before a move to a new phase of school, the council must review the plan and name the "
            "next school before 15 February in the year of the move, so 14 February at the latest.",
            school_phase_transfer_due,
        ),
        Rule(
            "post16_phase_transfer",
            "Name the college or sixth form before leaving secondary school",
            f"{_REGS}, regulation 18(1)(a)",
            "Before a move from secondary school to a college or sixth form, the council must "
            "review the plan and name the new place before 31 March in the year of the move, so "
            "30 March at the latest.",
            post16_phase_transfer_due,
        ),
        Rule(
            "post16_move",
            "Name the new college before a move between colleges",
            f"{_REGS}, regulation 18(2)",
            "Before a move from one college to another, the council must review the plan and name "
            "the new college at least 5 months before the move.",
            post16_move_due,
        ),
        Rule(
            "reassessment_decision",
            "Decide whether to carry out a reassessment",
            f"{_REGS}, regulation 25(1)",
            "The council must tell you within 15 days of getting the request whether it will carry "
            "out a reassessment.",
            reassessment_decision_due,
        ),
        Rule(
            "reassessment_final_plan",
            "Issue the plan after a reassessment",
            f"{_REGS}, regulation 27(2)",
            "The council must send you the final plan within 14 weeks of deciding to reassess.",
            reassessment_final_plan_due,
        ),
        Rule(
            "la_transfer",
            "Send the plan to the new council after a move",
            f"{_REGS}, regulation 15(2)",
            "When you move to another council's area, your old council must send the plan on the "
            "day of the move, or within 15 working days of finding out if it was told late.",
            la_transfer_due,
            who="Your old council",
        ),
        Rule(
            "transfer_notice",
            "New council writes to you about the transferred plan",
            f"{_REGS}, regulation 15(4)",
            "Within 6 weeks of getting the plan, the new council must tell you it has the plan, "
            "whether it will carry out an assessment, and when it will review the plan.",
            transfer_notice_due,
            who="Your new council",
        ),
        Rule(
            "transfer_review",
            "New council reviews the transferred plan",
            f"{_REGS}, regulation 15(5)",
            "The new council must review the plan within 12 months of it being made or last "
            "reviewed, or within 3 months of getting it, whichever is later.",
            transfer_review_due,
            who="Your new council",
        ),
        Rule(
            "mediation_adviser_contact",
            "Contact the mediation adviser",
            f"{_REGS}, regulation 33",
            "If you want to appeal, you must contact the mediation adviser within 2 months of the "
            "date the council sent its decision letter.",
            mediation_adviser_contact_due,
            party=Party.FAMILY,
            choice="If you want to appeal, you can contact the mediation adviser until",
        ),
        Rule(
            "mediation_certificate",
            "Mediation adviser sends the certificate",
            f"{_REGS}, regulation 34",
            "If you do not want mediation, the adviser must send you a certificate within 3 "
            "working days of you telling them.",
            mediation_certificate_due,
            party=Party.PROFESSIONAL,
            who="The mediation adviser",
        ),
        Rule(
            "mediation_health_notice",
            "Council tells the health service about mediation",
            f"{_REGS}, regulation 35",
            "If the mediation is about health care, the council must tell the health service "
            "within 3 working days of hearing that you want mediation.",
            mediation_health_notice_due,
        ),
        Rule(
            "mediation_held",
            "Hold the mediation",
            f"{_REGS}, regulation 36 (regulation 35 if it is about health care)",
            "The mediation must take place within 30 days of the council hearing that you want it.",
            mediation_held_due,
        ),
        Rule(
            "mediation_deemed_certificate",
            "Send the certificate when mediation cannot be arranged",
            f"{_REGS}, regulation 37",
            "If the council cannot arrange mediation within 30 days, the adviser must send you a "
            "certificate within 3 working days of being told.",
            mediation_deemed_certificate_due,
            party=Party.PROFESSIONAL,
            who="The mediation adviser",
        ),
        Rule(
            "mediation_concluded_certificate",
            "Send the certificate after mediation",
            f"{_REGS}, regulation 39",
            "The mediator must send you a certificate within 3 working days of the mediation "
            "ending.",
            mediation_concluded_certificate_due,
            party=Party.PROFESSIONAL,
            who="The mediator",
        ),
        Rule(
            "mediation_agreement_action",
            "Do what was agreed at mediation",
            f"{_REGS}, regulation 42(3)",
            "The council or health service must do what was agreed at mediation within 2 weeks, "
            "unless you all agreed a different time in writing.",
            mediation_agreement_action_due,
            who="The council or the health service",
        ),
        Rule(
            "mediation_agreement_icb_notice",
            "Health service tells the council what was agreed",
            f"{_REGS}, regulation 42",
            "A health service that took part in mediation must tell the council what was agreed "
            "within 1 week.",
            mediation_agreement_icb_notice_due,
            party=Party.PROFESSIONAL,
            who="The health service",
        ),
        Rule(
            "appeal",
            "Appeal to the tribunal",
            f"{_TRIBUNAL_RULES}, rule 20(1)(a) and the Schedule; Children and Families Act 2014, "
            "section 51",
            "The tribunal must get your appeal within 2 months of the council's decision letter or "
            "1 month of your mediation certificate, whichever is later; deadlines at Christmas or "
            "in August move to the next working day in January or September.",
            appeal_due,
            party=Party.FAMILY,
            choice="You can appeal to the tribunal until",
        ),
        Rule(
            "tribunal_response",
            "Council responds to the appeal",
            f"{_TRIBUNAL_RULES}, rule 21(1)(a) and the Schedule",
            "The council must send its response to your appeal within 30 working days of getting "
            "the appeal from the tribunal.",
            tribunal_response_due,
        ),
        *(
            Rule(
                _tribunal_order_key(step),
                title,
                f"{_REGS}, regulation 44{_TRIBUNAL_ORDER_CASE_LAW.get(step, '')}",
                plain_english,
                partial(tribunal_order_due, step=step),
            )
            for step, (title, plain_english) in _TRIBUNAL_ORDER_TEXT.items()
        ),
        *(
            Rule(
                _unopposed_appeal_key(step),
                title,
                f"{_REGS}, regulation 45",
                plain_english,
                partial(unopposed_appeal_due, step=step),
            )
            for step, (title, plain_english) in _UNOPPOSED_APPEAL_TEXT.items()
        ),
        Rule(
            "subject_access",
            "Answer a request for a copy of someone's records",
            "UK GDPR, Article 12(3), with the Data Protection Act 2018",
            "When someone asks for a copy of the information the council holds about them, the "
            "council must answer within one month of getting the request (three months for a "
            "complex request, if it tells them within the first month).",
            subject_access_due,
        ),
        Rule(
            "recommendation_response",
            "Health or social care replies to tribunal recommendations",
            "SEND (First-tier Tribunal Recommendations Power) Regulations 2017",
            "If a health or social care service will not follow the tribunal's recommendations, it "
            "should explain why within 5 weeks.",
            recommendation_response_due,
            Duty.SHOULD,
            party=Party.PROFESSIONAL,
            who="The health or social care service",
        ),
    ]
    return {rule.key: rule for rule in rules}


#: Every deadline rule by key, in the order of the statutory journey.
RULES: dict[str, Rule] = _rules()

PARTY_NAMES: Mapping[Party, str] = {
    Party.COUNCIL: "The council",
    Party.PROFESSIONAL: "A professional",
    Party.FAMILY: "You",
}


def who_acts(rule: Rule) -> str:
    """Who must act for ``rule``, as a family reads it."""
    return rule.who or PARTY_NAMES[rule.party]


#: The family's own windows (comments, mediation contact, appeal): choices the family may make,
#: never a deadline of the council's and never on a coordinator's overdue list.
FAMILY_WINDOWS: frozenset[str] = frozenset(
    key for key, rule in RULES.items() if rule.party == Party.FAMILY
)
