from django.urls import include, path

from partnerships import views

app_name = "partnerships"

rule_patterns = [
    path("", views.board_rules, name="board-rules"),
    path("roles/", views.required_role_edit, name="required-role-edit"),
    path("roles/<int:role_id>/remove/", views.required_role_remove, name="required-role-remove"),
]

member_patterns = [
    path("", views.member_list, name="member-list"),
    path("add/", views.member_add, name="member-add"),
    path("<uuid:member_id>/", views.member_edit, name="member-edit"),
]

meeting_patterns = [
    path("", views.meeting_detail, name="meeting-detail"),
    path("cancel/", views.meeting_cancel, name="meeting-cancel"),
    path("agenda/add/", views.meeting_agenda_add, name="meeting-agenda-add"),
    path("papers/add/", views.meeting_paper_add, name="meeting-paper-add"),
    path("attendance/", views.meeting_attendance, name="meeting-attendance"),
    path("minutes/", views.meeting_minutes, name="meeting-minutes"),
    path("decisions/add/", views.meeting_decision_add, name="meeting-decision-add"),
    path("actions/add/", views.meeting_action_add, name="meeting-action-add"),
]

action_patterns = [
    path("", views.action_list, name="action-list"),
    path("add/", views.action_add, name="action-add"),
    path("<uuid:action_id>/", views.action_detail, name="action-detail"),
]

engagement_patterns = [
    path("", views.engagement_list, name="engagement-list"),
    path("add/", views.engagement_add, name="engagement-add"),
]

plan_patterns = [
    path("", views.plan_list, name="plan-list"),
    path("add/", views.plan_add, name="plan-add"),
    path("<uuid:plan_id>/", views.plan_detail, name="plan-detail"),
    path("<uuid:plan_id>/new-version/", views.plan_new_version, name="plan-new-version"),
]

plan_version_patterns = [
    path("", views.version_detail, name="version-detail"),
    path("edit/", views.version_edit, name="version-edit"),
    path("approve/", views.version_approve, name="version-approve"),
    path("publish/", views.version_publish, name="version-publish"),
    path("retry-pdf/", views.version_retry_pdf, name="version-retry-pdf"),
    path("return-to-draft/", views.version_return_to_draft, name="version-return-to-draft"),
]

# Public: published Local Area Inclusion Plans, no sign-in.
public_plan_patterns = [
    path("", views.public_plan_list, name="public-plan-list"),
    path("<uuid:plan_id>/", views.public_plan, name="public-plan"),
    path("<uuid:plan_id>/versions/<int:number>/", views.public_plan, name="public-plan-version"),
    path(
        "<uuid:plan_id>/versions/<int:number>/pdf/", views.public_plan_pdf, name="public-plan-pdf"
    ),
]

urlpatterns = [
    path("", views.board, name="board"),
    path("set-up/", views.board_set_up, name="board-set-up"),
    path("rules/", include(rule_patterns)),
    path("members/", include(member_patterns)),
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/schedule/", views.meeting_schedule, name="meeting-schedule"),
    path("meetings/<uuid:meeting_id>/", include(meeting_patterns)),
    path("papers/<uuid:paper_id>/", views.paper_download, name="paper-download"),
    path("actions/", include(action_patterns)),
    path("engagement/", include(engagement_patterns)),
    path("plans/", include(plan_patterns)),
    path("plan-versions/<uuid:version_id>/", include(plan_version_patterns)),
    path("published/", include(public_plan_patterns)),
]
