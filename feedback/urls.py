from django.urls import include, path

from feedback import views

app_name = "feedback"

questionnaire_patterns = [
    path("", views.questionnaire_detail, name="questionnaire"),
    path("questions/add/", views.question_add, name="question-add"),
    path("publish/", views.questionnaire_publish, name="questionnaire-publish"),
    path("retire/", views.questionnaire_retire, name="questionnaire-retire"),
    path("report/", views.report, name="report"),
    path("report/export.<str:fmt>", views.report_export, name="report-export"),
    path("comments/", views.comments, name="comments"),
]

urlpatterns = [
    path("", views.index, name="index"),
    path("questionnaires/new/", views.questionnaire_new, name="questionnaire-new"),
    path("questionnaires/<uuid:questionnaire_id>/", include(questionnaire_patterns)),
    path("questions/<uuid:question_id>/remove/", views.question_remove, name="question-remove"),
    path("comments/<int:answer_id>/themes/", views.comment_tag, name="comment-tag"),
    path("themes/", views.themes, name="themes"),
    path("reforms/", views.reforms, name="reforms"),
    path("answer/<str:token>/", views.answer, name="answer"),
    path("answer/<str:token>/decline/", views.decline, name="decline"),
    path("thank-you/", views.thanks, name="thanks"),
    path("page-useful/<uuid:questionnaire_id>/", views.page_feedback, name="page-feedback"),
    path("forum/", views.forum_feedback, name="forum"),
    path("forum/access/", views.forum_access, name="forum-access"),
    path(
        "forum/access/<int:representative_id>/remove/",
        views.forum_access_remove,
        name="forum-access-remove",
    ),
    path("you-said-we-did/new/", views.you_said_we_did_new, name="you-said-we-did-new"),
    path("you-said-we-did/", views.public_list, name="public-list"),
    path("you-said-we-did/<uuid:entry_id>/", views.public_entry, name="public-entry"),
]
