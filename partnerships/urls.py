from django.urls import path

from partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("", views.board, name="board"),
    path("set-up/", views.board_set_up, name="board-set-up"),
    path("rules/", views.board_rules, name="board-rules"),
    path("rules/roles/", views.required_role_edit, name="required-role-edit"),
    path(
        "rules/roles/<int:role_id>/remove/", views.required_role_remove, name="required-role-remove"
    ),
    path("members/", views.member_list, name="member-list"),
    path("members/add/", views.member_add, name="member-add"),
    path("members/<uuid:member_id>/", views.member_edit, name="member-edit"),
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/schedule/", views.meeting_schedule, name="meeting-schedule"),
    path("meetings/<uuid:meeting_id>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<uuid:meeting_id>/cancel/", views.meeting_cancel, name="meeting-cancel"),
    path(
        "meetings/<uuid:meeting_id>/agenda/add/",
        views.meeting_agenda_add,
        name="meeting-agenda-add",
    ),
    path(
        "meetings/<uuid:meeting_id>/papers/add/", views.meeting_paper_add, name="meeting-paper-add"
    ),
    path(
        "meetings/<uuid:meeting_id>/attendance/",
        views.meeting_attendance,
        name="meeting-attendance",
    ),
    path("meetings/<uuid:meeting_id>/minutes/", views.meeting_minutes, name="meeting-minutes"),
    path(
        "meetings/<uuid:meeting_id>/decisions/add/",
        views.meeting_decision_add,
        name="meeting-decision-add",
    ),
    path(
        "meetings/<uuid:meeting_id>/actions/add/",
        views.meeting_action_add,
        name="meeting-action-add",
    ),
    path("papers/<uuid:paper_id>/", views.paper_download, name="paper-download"),
    path("actions/", views.action_list, name="action-list"),
    path("actions/add/", views.action_add, name="action-add"),
    path("actions/<uuid:action_id>/", views.action_detail, name="action-detail"),
    path("engagement/", views.engagement_list, name="engagement-list"),
    path("engagement/add/", views.engagement_add, name="engagement-add"),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/add/", views.plan_add, name="plan-add"),
    path("plans/<uuid:plan_id>/", views.plan_detail, name="plan-detail"),
    path("plans/<uuid:plan_id>/new-version/", views.plan_new_version, name="plan-new-version"),
    path("plan-versions/<uuid:version_id>/", views.version_detail, name="version-detail"),
    path("plan-versions/<uuid:version_id>/edit/", views.version_edit, name="version-edit"),
    path("plan-versions/<uuid:version_id>/approve/", views.version_approve, name="version-approve"),
    path("plan-versions/<uuid:version_id>/publish/", views.version_publish, name="version-publish"),
    path(
        "plan-versions/<uuid:version_id>/retry-pdf/",
        views.version_retry_pdf,
        name="version-retry-pdf",
    ),
    path(
        "plan-versions/<uuid:version_id>/return-to-draft/",
        views.version_return_to_draft,
        name="version-return-to-draft",
    ),
    # Public: published Local Area Inclusion Plans, no sign-in.
    path("published/", views.public_plan_list, name="public-plan-list"),
    path("published/<uuid:plan_id>/", views.public_plan, name="public-plan"),
    path(
        "published/<uuid:plan_id>/versions/<int:number>/",
        views.public_plan,
        name="public-plan-version",
    ),
    path(
        "published/<uuid:plan_id>/versions/<int:number>/pdf/",
        views.public_plan_pdf,
        name="public-plan-pdf",
    ),
]
