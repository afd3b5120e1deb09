from django.urls import include, path

from reports import views

app_name = "reports"

measure_patterns = [
    path("", views.measure_report, name="measure"),
    path("cases/", views.cases, name="cases"),
    path("report.<str:extension>", views.download, name="download"),
]

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:measure_key>/", include(measure_patterns)),
]
