from django.urls import path

from ehcp import views

app_name = "ehcp"

urlpatterns = [
    path("", views.index, name="index"),
    path("requests/new/", views.request_new, name="request-new"),
    path("transfers/new/", views.transfer_in, name="transfer-in"),
    path("cases/<uuid:case_id>/", views.case_page, name="case"),
    path("cases/<uuid:case_id>/request/", views.request_record, name="request-record"),
    path("cases/<uuid:case_id>/decide/<slug:what>/", views.decide, name="decide"),
    path("cases/<uuid:case_id>/advice/new/", views.advice_new, name="advice-new"),
    path(
        "cases/<uuid:case_id>/reassessment/request/",
        views.reassessment_request,
        name="reassessment-request",
    ),
    path("cases/<uuid:case_id>/reviews/new/", views.review_new, name="review-new"),
    path("cases/<uuid:case_id>/cease/", views.cease, name="cease"),
    path("cases/<uuid:case_id>/close/", views.close, name="close"),
    path("cases/<uuid:case_id>/transfer-notice/", views.transfer_notice, name="transfer-notice"),
    path("cases/<uuid:case_id>/move-out/", views.move_out, name="move-out"),
    path("cases/<uuid:case_id>/transfer-out/", views.transfer_out, name="transfer-out"),
    path("cases/<uuid:case_id>/journey/", views.journey, name="journey"),
    path("cases/<uuid:case_id>/views/new/", views.views_new, name="views-new"),
    path("cases/<uuid:case_id>/ask/", views.family_ask, name="family-ask"),
    path("decisions/<uuid:decision_id>/", views.decision, name="decision"),
    path("advice/", views.advice_inbox, name="advice-inbox"),
    path("advice/link/done/", views.advice_link_done, name="advice-link-done"),
    path("advice/link/<str:token>/", views.advice_link, name="advice-link"),
    path("advice/<uuid:request_id>/", views.advice_detail, name="advice-detail"),
    path("advice/<uuid:request_id>/give/", views.advice_give, name="advice-give"),
    path("advice/<uuid:request_id>/withdraw/", views.advice_withdraw, name="advice-withdraw"),
    path("plans/<uuid:plan_id>/", views.plan_page, name="plan"),
    path("plans/<uuid:plan_id>/sections/<slug:section>/", views.plan_section, name="plan-section"),
    path("plans/<uuid:plan_id>/areas/<slug:area>/", views.plan_area, name="plan-area"),
    path("plans/<uuid:plan_id>/areas/<slug:area>/rows/new/", views.plan_row, name="plan-row-new"),
    path(
        "plans/<uuid:plan_id>/areas/<slug:area>/advice/",
        views.plan_pull_advice,
        name="plan-pull-advice",
    ),
    path("plans/<uuid:plan_id>/rows/<int:row_id>/", views.plan_row, name="plan-row"),
    path(
        "plans/<uuid:plan_id>/rows/<int:row_id>/delete/",
        views.plan_row_delete,
        name="plan-row-delete",
    ),
    path("plans/<uuid:plan_id>/preview/", views.plan_preview, name="plan-preview"),
    path("plans/<uuid:plan_id>/issue/<slug:what>/", views.plan_issue, name="plan-issue"),
    path("plans/<uuid:plan_id>/consult/", views.plan_consult, name="plan-consult"),
    path("plans/<uuid:plan_id>/name-setting/", views.plan_name_setting, name="plan-name-setting"),
    path("plans/<uuid:plan_id>/not-amending/", views.plan_not_amending, name="plan-not-amending"),
    path("plans/<uuid:plan_id>/versions/", views.plan_versions, name="plan-versions"),
    path("plans/<uuid:plan_id>/compare/", views.plan_compare, name="plan-compare"),
    path("plans/<uuid:plan_id>/respond/", views.respond, name="respond"),
    path("plans/<uuid:plan_id>/respond/comment/", views.respond_comment, name="respond-comment"),
    path(
        "plans/<uuid:plan_id>/respond/preference/",
        views.respond_preference,
        name="respond-preference",
    ),
    path("plans/<uuid:plan_id>/respond/finished/", views.respond_finished, name="respond-finished"),
    path("versions/<uuid:version_id>/", views.version_page, name="version"),
    path("versions/<uuid:version_id>/read/", views.version_read, name="version-read"),
    path(
        "versions/<uuid:version_id>/retry-pdf/", views.version_retry_pdf, name="version-retry-pdf"
    ),
    path("reviews/<uuid:review_id>/", views.review_page, name="review"),
    path("reviews/<uuid:review_id>/your-views/", views.review_contribute, name="review-contribute"),
    path("reviews/<uuid:review_id>/<slug:step>/", views.review_step, name="review-step"),
]
