from django.urls import include, path

from ehcp import views

app_name = "ehcp"

case_patterns = [
    path("", views.case_page, name="case"),
    path("request/", views.request_record, name="request-record"),
    path("decide/<slug:what>/", views.decide, name="decide"),
    path("advice/new/", views.advice_new, name="advice-new"),
    path("advice/several/", views.advice_several, name="advice-several"),
    path("reassessment/request/", views.reassessment_request, name="reassessment-request"),
    path("reviews/new/", views.review_new, name="review-new"),
    path("cease/", views.cease, name="cease"),
    path("close/", views.close, name="close"),
    path("transfer-notice/", views.transfer_notice, name="transfer-notice"),
    path("move-out/", views.move_out, name="move-out"),
    path("transfer-out/", views.transfer_out, name="transfer-out"),
    path("journey/", views.journey, name="journey"),
    path("views/new/", views.views_new, name="views-new"),
    path("ask/", views.family_ask, name="family-ask"),
]

advice_patterns = [
    path("", views.advice_inbox, name="advice-inbox"),
    path("overdue/", views.advice_overdue, name="advice-overdue"),
    path("link/done/", views.advice_link_done, name="advice-link-done"),
    path("link/<str:token>/", views.advice_link, name="advice-link"),
    path("<uuid:request_id>/", views.advice_detail, name="advice-detail"),
    path("<uuid:request_id>/give/", views.advice_give, name="advice-give"),
    path("<uuid:request_id>/withdraw/", views.advice_withdraw, name="advice-withdraw"),
]

plan_area_patterns = [
    path("", views.plan_area, name="plan-area"),
    path("rows/new/", views.plan_row, name="plan-row-new"),
    path("advice/", views.plan_pull_advice, name="plan-pull-advice"),
]

plan_respond_patterns = [
    path("", views.respond, name="respond"),
    path("comment/", views.respond_comment, name="respond-comment"),
    path("preference/", views.respond_preference, name="respond-preference"),
    path("finished/", views.respond_finished, name="respond-finished"),
]

plan_patterns = [
    path("", views.plan_page, name="plan"),
    path("sections/<slug:section>/", views.plan_section, name="plan-section"),
    path("areas/<slug:area>/", include(plan_area_patterns)),
    path("rows/<int:row_id>/", views.plan_row, name="plan-row"),
    path("rows/<int:row_id>/delete/", views.plan_row_delete, name="plan-row-delete"),
    path("preview/", views.plan_preview, name="plan-preview"),
    path("issue/<slug:what>/", views.plan_issue, name="plan-issue"),
    path("consult/", views.plan_consult, name="plan-consult"),
    path("name-setting/", views.plan_name_setting, name="plan-name-setting"),
    path("not-amending/", views.plan_not_amending, name="plan-not-amending"),
    path("versions/", views.plan_versions, name="plan-versions"),
    path("compare/", views.plan_compare, name="plan-compare"),
    path("respond/", include(plan_respond_patterns)),
]

version_patterns = [
    path("", views.version_page, name="version"),
    path("read/", views.version_read, name="version-read"),
    path("easy-read/", views.version_easy_read, name="version-easy-read"),
    path("easy-read.pdf", views.version_easy_read_pdf, name="version-easy-read-pdf"),
    path("retry-pdf/", views.version_retry_pdf, name="version-retry-pdf"),
]

review_patterns = [
    path("", views.review_page, name="review"),
    path("your-views/", views.review_contribute, name="review-contribute"),
    path("<slug:step>/", views.review_step, name="review-step"),
]

urlpatterns = [
    path("", views.index, name="index"),
    path("requests/new/", views.request_new, name="request-new"),
    path("transfers/new/", views.transfer_in, name="transfer-in"),
    path("cases/<uuid:case_id>/", include(case_patterns)),
    path("decisions/<uuid:decision_id>/", views.decision, name="decision"),
    path("advice/", include(advice_patterns)),
    path("plans/<uuid:plan_id>/", include(plan_patterns)),
    path("versions/<uuid:version_id>/", include(version_patterns)),
    path("reviews/<uuid:review_id>/", include(review_patterns)),
]
