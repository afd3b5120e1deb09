from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from sendcpp import accounts, audit_views, child_views, health, metrics, user_views, views

sign_in_patterns = [
    path("", accounts.SignInView.as_view(), name="login"),
    path("security-code/", accounts.two_factor, name="two-factor"),
    path("set-up-security-code/", accounts.two_factor_setup, name="two-factor-setup"),
]

case_patterns = [
    path("", views.case_detail, name="case-detail"),
    path("documents/add/", views.document_upload, name="document-upload"),
    path("coordinator/", views.assign_coordinator, name="assign-coordinator"),
    path("notes/", views.add_note, name="add-note"),
    path("who-else-can-see/", views.family_sharing, name="family-sharing"),
    path("who-has-looked/", views.family_record_views, name="family-record-views"),
    path(
        "deadlines/<uuid:deadline_id>/exception/",
        views.record_deadline_exception,
        name="deadline-exception",
    ),
]

audit_patterns = [
    path("", audit_views.audit_log, name="audit-log"),
    path("export/", audit_views.audit_export, name="audit-export"),
]

user_patterns = [
    path("", user_views.user_list, name="user-list"),
    path("invite/", user_views.user_invite, name="user-invite"),
    path("contributors/", user_views.contributor_list, name="contributor-list"),
    path(
        "contributors/<uuid:user_id>/",
        user_views.contributor_detail,
        name="contributor-detail",
    ),
    path("<uuid:user_id>/", user_views.user_detail, name="user-detail"),
    path("<uuid:user_id>/role/", user_views.user_role, name="user-role"),
    path("<uuid:user_id>/deactivate/", user_views.user_deactivate, name="user-deactivate"),
    path("<uuid:user_id>/reactivate/", user_views.user_reactivate, name="user-reactivate"),
    path(
        "<uuid:user_id>/reset-two-factor/",
        user_views.user_reset_two_factor,
        name="user-reset-two-factor",
    ),
]

sendcpp_patterns = [
    path("", views.home, name="home"),
    path("sign-in/", include(sign_in_patterns)),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("caseload/", views.caseload, name="caseload"),
    path("caseload/views/", views.save_view, name="save-view"),
    path("caseload/views/<int:view_id>/delete/", views.delete_view, name="delete-view"),
    path("cases/", views.all_cases, name="all-cases"),
    path("cases/reassign/", views.reassign_cases, name="reassign-cases"),
    path("children/search/", views.child_search, name="child-search"),
    path("children/<uuid:child_id>/", child_views.child_detail, name="child-detail"),
    path("children/<uuid:child_id>/change/", child_views.child_edit, name="child-edit"),
    path("children/<uuid:child_id>/contacts/add/", child_views.contact_edit, name="contact-add"),
    path(
        "children/<uuid:child_id>/contacts/<int:contact_id>/",
        child_views.contact_edit,
        name="contact-edit",
    ),
    path("cases/<uuid:case_id>/", include(case_patterns)),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("messages/", views.notification_list, name="notifications"),
    path("how-we-contact-you/", views.family_contact_preferences, name="contact-preferences"),
    path("messages/<int:notification_id>/open/", views.notification_open, name="notification-open"),
    path("documents/<uuid:document_id>/", views.document_download, name="document-download"),
    path("audit/", include(audit_patterns)),
    path("users/", include(user_patterns)),
    path(
        "account/set-password/<uuid:user_id>/<str:token>/",
        user_views.set_password,
        name="set-password",
    ),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
]


urlpatterns = [
    # Operations: no sign-in, no personal data (see docs/operations.md).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics_view, name="metrics"),
    path("", include((sendcpp_patterns, "sendcpp"))),
    path("api/v1/", include("sendcpp.api.urls")),
    path("api/schema/", login_not_required(SpectacularAPIView.as_view()), name="api-schema"),
    path(
        "api/docs/",
        login_not_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path("partnership/", include("partnerships.urls")),
    path("api/v1/partnership/", include("partnerships.api.urls")),
    path("feedback/", include("feedback.urls")),
    path("api/v1/feedback/", include("feedback.api.urls")),
    path("early-language/", include("elsec.urls")),
    path("api/v1/early-language/", include("elsec.api.urls")),
    path("mediation/", include("mediation.urls")),
    path("api/v1/mediation/", include("mediation.api.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("api/v1/dashboard/", include("dashboard.api.urls")),
    path("ehcp/", include("ehcp.urls")),
    path("api/v1/ehcp/", include("ehcp.api.urls")),
    path("placements/", include("placements.urls")),
    path("api/v1/placements/", include("placements.api.urls")),
    path("panels/", include("panels.urls")),
    path("support/", include("support.urls")),
    path("api/v1/support/", include("support.api.urls")),
    path("reports/", include("reports.urls")),
    path("letters/", include("letters.urls")),
    path("conversations/", include("conversations.urls")),
    path("api/v1/panels/", include("panels.api.urls")),
    path("records/", include("records.urls")),
    path("api/v1/records/", include("records.api.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "sendcpp.errors.not_found"
handler500 = "sendcpp.errors.server_error"
