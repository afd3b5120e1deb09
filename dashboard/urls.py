from django.urls import include, path

from dashboard import sen2_views, views

app_name = "dashboard"

area_patterns = [
    path("", views.area_choose, name="area-choose"),
    path("<str:code>/", views.area_detail, name="area"),
    path("<str:code>/tables/<slug:table>.<str:fmt>", views.area_table_download, name="area-table"),
]

live_patterns = [
    path("", views.live, name="live"),
    path("tables/<slug:table>.<str:fmt>", views.live_table_download, name="live-table"),
]

sen2_patterns = [
    path("", sen2_views.sen2_return, name="sen2"),
    path("<int:year>/download/", sen2_views.sen2_download, name="sen2-download"),
    path("<int:year>/submit/", sen2_views.sen2_freeze, name="sen2-freeze"),
    path(
        "<int:year>/submitted/download/",
        sen2_views.sen2_submitted_download,
        name="sen2-submitted-download",
    ),
]

urlpatterns = [
    path("", views.index, name="index"),
    path("areas/", include(area_patterns)),
    path("live/<uuid:organisation_id>/", include(live_patterns)),
    path("statistics/upload/", views.statistics_upload, name="statistics-upload"),
    path("sen2/", include(sen2_patterns)),
]
