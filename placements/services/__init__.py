"""Every write of the placements app: the setting directory, Advisory Tailored Lists,
consultations with settings and placements.

Each service is atomic, takes the acting user (or partner system) as ``by``, checks access
through ``sendcpp.access``, moves consultations only through ``placements.workflow``, records a
timeline event, runs the 15-day answer clock through ``sendcpp.clock`` and schedules side effects
after commit. HTML views, the API, tasks and the seed command all call these as
``placements.services.<name>``. The split is by sub-domain: ``directory``, ``lists``,
``consultations``, ``placing``; ``casework`` holds what they share.
"""

from placements.services.consultations import (
    answer_consultation,
    decide_consultation,
    send_consultation,
    withdraw_consultation,
)
from placements.services.directory import import_settings, update_setting_facts
from placements.services.lists import (
    add_to_list,
    answer_family_question,
    ask_about_setting,
    follow_up_lists_without_preference,
    publish_tailored_list,
    record_family_priorities,
    remove_from_list,
    start_tailored_list,
    state_list_preference,
    update_list_criteria,
)
from placements.services.pdfs import retry_list_pdf
from placements.services.placing import (
    end_placement,
    record_placement,
    record_reintegration_review,
)

#: The timeline events this app writes (registered in ``PlacementsConfig.ready``).
EVENT_KINDS = {
    "placements_list_started": "Advisory tailored list started",
    "placements_list_family_added": "The family asked for a setting to be considered",
    "placements_list_published": "Advisory tailored list published",
    "placements_preference_stated": "The family stated a preferred setting",
    "placements_list_pdf_failed": "The tailored list PDF could not be made",
    "placements_consultation_sent": "Consultation sent to a setting",
    "placements_consultation_answered": "A setting answered a consultation",
    "placements_consultation_decided": "Decision on naming a setting",
    "placements_consultation_withdrawn": "Consultation withdrawn",
    "placements_placement_recorded": "Placement recorded",
    "placements_placement_ended": "Placement ended",
    "placements_reintegration_reviewed": "Alternative provision reviewed",
}

__all__ = [
    "EVENT_KINDS",
    "add_to_list",
    "answer_consultation",
    "answer_family_question",
    "ask_about_setting",
    "decide_consultation",
    "end_placement",
    "follow_up_lists_without_preference",
    "import_settings",
    "publish_tailored_list",
    "record_family_priorities",
    "record_placement",
    "record_reintegration_review",
    "remove_from_list",
    "retry_list_pdf",
    "send_consultation",
    "start_tailored_list",
    "state_list_preference",
    "update_list_criteria",
    "update_setting_facts",
    "withdraw_consultation",
]
