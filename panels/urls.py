from django.urls import include, path

from panels import views

app_name = "panels"

band_patterns = [
    path("", views.band_list, name="band-list"),
    path("new/", views.band_create, name="band-create"),
    path("<uuid:band_id>/end/", views.band_end, name="band-end"),
    path("commitments/", views.commitments, name="commitments"),
]

criterion_patterns = [
    path("", views.criteria_list, name="criteria-list"),
    path("new/", views.criterion_create, name="criterion-create"),
    path("<slug:code>/toggle/", views.criterion_toggle, name="criterion-toggle"),
]

meeting_patterns = [
    path("", views.meeting_detail, name="meeting-detail"),
    path("agenda/add/", views.agenda_add, name="agenda-add"),
    path("attendance/", views.meeting_attendance, name="meeting-attendance"),
    path("publish/", views.meeting_publish, name="meeting-publish"),
    path("start/", views.meeting_start, name="meeting-start"),
    path("run/", views.meeting_run, name="meeting-run"),
    path("close/", views.meeting_close, name="meeting-close"),
]

item_patterns = [
    path("", views.item_detail, name="item-detail"),
    path("decide/", views.item_decide, name="item-decide"),
    path("defer/", views.item_defer, name="item-defer"),
    path("withdraw/", views.item_withdraw, name="item-withdraw"),
    path("conflict/", views.item_conflict, name="item-conflict"),
]

panel_patterns = [
    path("", views.panel_detail, name="panel-detail"),
    path("members/add/", views.member_add, name="member-add"),
    path("members/<uuid:member_id>/leave/", views.member_remove, name="member-remove"),
    path("members/<uuid:member_id>/chair/", views.member_make_chair, name="member-make-chair"),
    path("meetings/new/", views.meeting_create, name="meeting-create"),
]

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.panel_create, name="panel-create"),
    path("bands/", include(band_patterns)),
    path("criteria/", include(criterion_patterns)),
    path("analytics/", views.analytics_report, name="analytics"),
    path("analytics/csv/", views.analytics_csv, name="analytics-csv"),
    path("meetings/<uuid:meeting_id>/", include(meeting_patterns)),
    path("items/<uuid:item_id>/", include(item_patterns)),
    path("decisions/<uuid:decision_id>/", views.decision_detail, name="decision-detail"),
    path("decisions/<uuid:decision_id>/amend/", views.decision_amend, name="decision-amend"),
    path("<uuid:panel_id>/", include(panel_patterns)),
]
