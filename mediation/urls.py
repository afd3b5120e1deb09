from django.urls import include, path

from mediation import views

app_name = "mediation"

case_patterns = [
    path("", views.case_page, name="case"),
    path("decisions/new/", views.window_create, name="window-create"),
    path(
        "disagreement-resolution/new/",
        views.disagreement_resolution_create,
        name="disagreement-resolution-create",
    ),
    path("advice-services/new/", views.advice_service_create, name="advice-service-create"),
]

decision_patterns = [
    path("ask-for-mediation/", views.ask_for_mediation, name="ask-for-mediation"),
    path("adviser-contact/", views.adviser_contact, name="adviser-contact"),
    path("appeal/", views.appeal_register, name="appeal-register"),
]

urlpatterns = [
    path("", views.index, name="index"),
    path("cases/<uuid:case_id>/", include(case_patterns)),
    path("decisions/<uuid:window_id>/", include(decision_patterns)),
    path("mediations/<uuid:mediation_id>/", views.mediation_detail, name="mediation-detail"),
    path(
        "mediations/<uuid:mediation_id>/<slug:step>/", views.mediation_step, name="mediation-step"
    ),
    path("agreed-actions/<uuid:term_id>/done/", views.term_done, name="term-done"),
    path("appeals/<uuid:appeal_id>/", views.appeal_detail, name="appeal-detail"),
    path("appeals/<uuid:appeal_id>/<slug:step>/", views.appeal_step, name="appeal-step"),
    path("orders/<uuid:order_id>/done/", views.order_complied, name="order-complied"),
    path("reports/", views.report, name="report"),
    path("reports/csv/", views.report_csv, name="report-csv"),
]
