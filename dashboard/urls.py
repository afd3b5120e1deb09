from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("areas/", views.area_choose, name="area-choose"),
    path("areas/<str:code>/", views.area_detail, name="area"),
    path(
        "areas/<str:code>/tables/<slug:table>.<str:fmt>",
        views.area_table_download,
        name="area-table",
    ),
    path("live/<uuid:organisation_id>/", views.live, name="live"),
    path(
        "live/<uuid:organisation_id>/tables/<slug:table>.<str:fmt>",
        views.live_table_download,
        name="live-table",
    ),
    path("statistics/upload/", views.statistics_upload, name="statistics-upload"),
    path("sen2/", views.sen2_return, name="sen2"),
    path("sen2/<int:year>/download/", views.sen2_download, name="sen2-download"),
]
