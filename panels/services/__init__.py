"""Every write of the panels app: configuring panels and bands, running meetings, and recording
decisions. Each service is atomic, takes the acting user as ``by``, checks who may act, records a
timeline event on the case where one is touched, and returns the changed record. Always called as
``panels.services.<name>``.

A statutory decision (whether to assess, to issue, to reassess, to cease) moves the case only by
calling the EHCP services (``ehcp.services``), which meet and start the statutory deadlines and
open the family's appeal window; funding-band and placement-type decisions are recorded here.

Split by sub-domain: ``configuration`` (panels, members, bands, criteria), ``meetings``
(scheduling, papers, agenda, attendance, conflicts, starting and closing) and ``decisions``
(recording, letters, corrections); ``common`` holds the checks they share.
"""

from panels.services.configuration import (
    add_decision_criterion,
    add_panel_member,
    create_funding_band,
    create_panel,
    end_funding_band,
    make_chair,
    remove_panel_member,
    set_criterion_active,
    update_panel,
)
from panels.services.decisions import amend_panel_decision, record_panel_decision
from panels.services.meetings import (
    add_cases_to_agenda,
    add_to_agenda,
    close_meeting,
    declare_conflict,
    defer_item,
    publish_papers,
    record_attendance,
    schedule_meeting,
    start_meeting,
    withdraw_from_agenda,
)
from sendcpp.models import EDUCATION_SETTING_KINDS

__all__ = [
    "EDUCATION_SETTING_KINDS",
    "add_cases_to_agenda",
    "add_decision_criterion",
    "add_panel_member",
    "add_to_agenda",
    "amend_panel_decision",
    "close_meeting",
    "create_funding_band",
    "create_panel",
    "declare_conflict",
    "defer_item",
    "end_funding_band",
    "make_chair",
    "publish_papers",
    "record_attendance",
    "record_panel_decision",
    "remove_panel_member",
    "schedule_meeting",
    "set_criterion_active",
    "start_meeting",
    "update_panel",
    "withdraw_from_agenda",
]
