from django.urls import include, path

from records import views

app_name = "records"

transfer_patterns = [
    path("", views.transfer_list, name="transfer-list"),
    path("new/", views.transfer_upload, name="transfer-upload"),
    path("<uuid:transfer_id>/", views.transfer_detail, name="transfer-detail"),
    path("<uuid:transfer_id>/accept/", views.transfer_accept, name="transfer-accept"),
    path("<uuid:transfer_id>/decline/", views.transfer_decline, name="transfer-decline"),
]

case_patterns = [
    path("", views.case_records, name="case"),
    path("plan-exchange/", views.plan_exchange, name="plan-exchange"),
    path("plan-exchange/current.json", views.plan_export, name="plan-export-current"),
    path("plan-exchange/versions/<int:number>.json", views.plan_export, name="plan-export"),
    path("disclosures/add/", views.disclosure_add, name="disclosure-add"),
    path("legal-hold/", views.legal_hold_add, name="legal-hold-add"),
    path("subject-access/add/", views.subject_access_add, name="subject-access-add"),
]

subject_access_patterns = [
    path("", views.subject_access_list, name="subject-access-list"),
    path("<uuid:request_id>/", views.subject_access_detail, name="subject-access-detail"),
    path(
        "<uuid:request_id>/bundle.zip",
        views.subject_access_download,
        name="subject-access-download",
    ),
    path("<uuid:request_id>/release/", views.subject_access_release, name="subject-access-release"),
]

retention_patterns = [
    path("", views.retention_overview, name="retention"),
    path("lists/<uuid:batch_id>/", views.disposal_detail, name="disposal-detail"),
    path("lists/<uuid:batch_id>/approve/", views.disposal_approve, name="disposal-approve"),
    path("holds/<uuid:hold_id>/release/", views.legal_hold_release, name="legal-hold-release"),
]

migration_patterns = [
    path("", views.migration_upload, name="migration-upload"),
    path("template.csv", views.migration_template, name="migration-template"),
    path("<uuid:run_id>/", views.migration_detail, name="migration-detail"),
    path("<uuid:run_id>/start/", views.migration_start, name="migration-start"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("exchange/ehcp-plan/v1/schema.json", views.exchange_schema, name="exchange-schema"),
    path("transfers/", include(transfer_patterns)),
    path("cases/<uuid:case_id>/", include(case_patterns)),
    path("disclosures/", views.disclosure_list, name="disclosure-list"),
    path("migration/", include(migration_patterns)),
    path("retention/", include(retention_patterns)),
    path("subject-access/", include(subject_access_patterns)),
]
