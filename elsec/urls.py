from django.urls import include, path

from elsec import views

app_name = "elsec"

pathfinder_patterns = [
    path("", views.pathfinder, name="pathfinder"),
    path("settings/add/", views.setting_add, name="setting-add"),
    path("workforce/add/", views.workforce_add, name="workforce-add"),
    path("periods/add/", views.period_add, name="period-add"),
    path("evaluation/", views.evaluation_page, name="evaluation"),
    path("evaluation.csv", views.evaluation_csv, name="evaluation-csv"),
]

setting_patterns = [
    path("", views.setting, name="setting"),
    path("training/add/", views.training_add, name="training-add"),
    path("coaching/add/", views.coaching_add, name="coaching-add"),
    path("audits/add/", views.audit_add, name="audit-add"),
    path("children/add/", views.child_add, name="child-add"),
]

child_patterns = [
    path("", views.child, name="child"),
    path("consent/add/", views.consent_add, name="consent-add"),
    path("screenings/add/", views.screening_add, name="screening-add"),
    path("episodes/add/", views.episode_add, name="episode-add"),
    path("referrals/add/", views.referral_add, name="referral-add"),
]

urlpatterns = [
    path("", views.index, name="index"),
    path("set-up/", views.pathfinder_new, name="pathfinder-new"),
    path("pathfinders/<uuid:pathfinder_id>/", include(pathfinder_patterns)),
    path("settings/<uuid:setting_id>/", include(setting_patterns)),
    path("children/<uuid:record_id>/", include(child_patterns)),
    path("workforce/<uuid:member_id>/", views.workforce_edit, name="workforce-edit"),
    path("children/<uuid:record_id>/link/<uuid:case_id>/", views.link_record, name="link-record"),
    path("consents/<uuid:consent_id>/withdraw/", views.consent_withdraw, name="consent-withdraw"),
    path("episodes/<uuid:episode_id>/finish/", views.episode_end, name="episode-end"),
    path("referrals/<uuid:referral_id>/outcome/", views.referral_outcome, name="referral-outcome"),
]
