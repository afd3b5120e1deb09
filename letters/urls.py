from django.urls import path

from letters import views

app_name = "letters"

urlpatterns = [
    path("wording/", views.wording_list, name="wording-list"),
    path("wording/<slug:kind>/", views.wording_edit, name="wording-edit"),
    path("cases/<uuid:case_id>/", views.case_letters, name="case-letters"),
    path("to-post/", views.to_post, name="to-post"),
    path("several/", views.several, name="several"),
    path("to-post/<uuid:letter_id>/posted/", views.mark_posted, name="mark-posted"),
]
