from django.urls import include, path

from support import views

app_name = "support"

child_patterns = [
    path("", views.child, name="child"),
    path("plans/new/", views.plan_new, name="plan-new"),
    path("exclusions/add/", views.exclusion_add, name="exclusion-add"),
    path("tier1/add/", views.tier1_add, name="tier1-add"),
    path("flag/", views.flag_raise, name="flag-raise"),
]

plan_patterns = [
    path("", views.plan, name="plan"),
    path("views/", views.plan_views, name="plan-views"),
    path("rows/<str:area>/add/", views.row_add, name="row-add"),
    path("rows/<int:row_id>/remove/", views.row_remove, name="row-remove"),
    path("review/", views.plan_review, name="plan-review"),
    path("evidence/", views.plan_evidence, name="plan-evidence"),
    path("move/", views.plan_move, name="plan-move"),
    path("close/", views.plan_close, name="plan-close"),
    path("comment/", views.plan_comment, name="plan-comment"),
    path("pdf/", views.plan_pdf, name="plan-pdf"),
]

delivery_patterns = [
    path("", views.delivery, name="delivery"),
    path("lines/<int:line_id>/follow-up/", views.follow_up, name="follow-up"),
]

urlpatterns = [
    path("", views.index, name="index"),
    path("standards/", views.standards, name="standards"),
    path("standards/load/", views.standards_upload, name="standards-upload"),
    path("reports/", views.reports, name="reports"),
    path("children/<uuid:child_id>/", include(child_patterns)),
    path("flags/<uuid:flag_id>/clear/", views.flag_clear, name="flag-clear"),
    path("plans/<uuid:plan_id>/", include(plan_patterns)),
    path("evidence/<uuid:evidence_id>/", views.evidence, name="evidence"),
    path("ehc-plans/<uuid:plan_id>/confirm/", views.delivery_confirm, name="delivery-confirm"),
    path("delivery/<uuid:delivery_id>/", include(delivery_patterns)),
]
