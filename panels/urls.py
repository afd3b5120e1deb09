from django.urls import path

from panels import views

app_name = "panels"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.panel_create, name="panel-create"),
    path("bands/", views.band_list, name="band-list"),
    path("bands/new/", views.band_create, name="band-create"),
    path("bands/<uuid:band_id>/end/", views.band_end, name="band-end"),
    path("bands/commitments/", views.commitments, name="commitments"),
    path("criteria/", views.criteria_list, name="criteria-list"),
    path("criteria/new/", views.criterion_create, name="criterion-create"),
    path("criteria/<slug:code>/toggle/", views.criterion_toggle, name="criterion-toggle"),
    path("analytics/", views.analytics_report, name="analytics"),
    path("analytics/csv/", views.analytics_csv, name="analytics-csv"),
    path("meetings/<uuid:meeting_id>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<uuid:meeting_id>/agenda/add/", views.agenda_add, name="agenda-add"),
    path(
        "meetings/<uuid:meeting_id>/attendance/",
        views.meeting_attendance,
        name="meeting-attendance",
    ),
    path("meetings/<uuid:meeting_id>/publish/", views.meeting_publish, name="meeting-publish"),
    path("meetings/<uuid:meeting_id>/start/", views.meeting_start, name="meeting-start"),
    path("meetings/<uuid:meeting_id>/run/", views.meeting_run, name="meeting-run"),
    path("meetings/<uuid:meeting_id>/close/", views.meeting_close, name="meeting-close"),
    path("items/<uuid:item_id>/", views.item_detail, name="item-detail"),
    path("items/<uuid:item_id>/decide/", views.item_decide, name="item-decide"),
    path("items/<uuid:item_id>/defer/", views.item_defer, name="item-defer"),
    path("items/<uuid:item_id>/withdraw/", views.item_withdraw, name="item-withdraw"),
    path("items/<uuid:item_id>/conflict/", views.item_conflict, name="item-conflict"),
    path("decisions/<uuid:decision_id>/", views.decision_detail, name="decision-detail"),
    path("decisions/<uuid:decision_id>/amend/", views.decision_amend, name="decision-amend"),
    path("<uuid:panel_id>/", views.panel_detail, name="panel-detail"),
    path("<uuid:panel_id>/members/add/", views.member_add, name="member-add"),
    path(
        "<uuid:panel_id>/members/<uuid:member_id>/leave/", views.member_remove, name="member-remove"
    ),
    path(
        "<uuid:panel_id>/members/<uuid:member_id>/chair/",
        views.member_make_chair,
        name="member-make-chair",
    ),
    path("<uuid:panel_id>/meetings/new/", views.meeting_create, name="meeting-create"),
]
