from django.urls import include, path

from conversations import views

app_name = "conversations"

case_patterns = [
    path("", views.thread, name="thread"),
    path("call-back/", views.call_back, name="call-back"),
    path("who-can-read/", views.sharing, name="sharing"),
]

urlpatterns = [
    path("cases/<uuid:case_id>/", include(case_patterns)),
    path("call-backs/<uuid:call_back_id>/done/", views.call_back_done, name="call-back-done"),
]
