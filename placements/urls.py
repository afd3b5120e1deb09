from django.urls import include, path

from placements.views import consultations, directory, lists, placing, reports

app_name = "placements"

directory_patterns = [
    path("", directory.directory_list, name="directory"),
    path("import/", directory.directory_import, name="directory-import"),
    path("<uuid:setting_id>/", directory.setting_detail, name="setting"),
    path("<uuid:setting_id>/edit/", directory.setting_edit, name="setting-edit"),
]

list_entry_patterns = [
    path("remove/", lists.list_remove, name="list-remove"),
    path("answer/", lists.list_answer, name="list-answer"),
]

list_version_patterns = [
    path("", lists.list_version, name="list-version"),
    path("retry-pdf/", lists.list_version_retry_pdf, name="list-version-retry-pdf"),
]

tailored_list_patterns = [
    path("", lists.tailored_list, name="tailored-list"),
    path("start/", lists.list_start, name="list-start"),
    path("criteria/", lists.list_criteria, name="list-criteria"),
    path("add/", lists.list_add, name="list-add"),
    path("entries/<uuid:entry_id>/", include(list_entry_patterns)),
    path("publish/", lists.list_publish, name="list-publish"),
    path("versions/<int:number>/", include(list_version_patterns)),
    path("ask/", lists.list_ask, name="list-ask"),
    path("priorities/", lists.list_priorities, name="list-priorities"),
    path("preference/", lists.list_preference, name="list-preference"),
]

case_patterns = [
    path("", placing.case_page, name="case"),
    path("tailored-list/", include(tailored_list_patterns)),
    path("consultations/new/", consultations.consultation_send, name="consultation-send"),
    path("placements/new/", placing.placement_add, name="placement-add"),
]

consultation_patterns = [
    path("", consultations.consultation_detail, name="consultation"),
    path("answer/", consultations.consultation_answer, name="consultation-answer"),
    path("decide/", consultations.consultation_decide, name="consultation-decide"),
    path("withdraw/", consultations.consultation_withdraw, name="consultation-withdraw"),
]

placement_patterns = [
    path("end/", placing.placement_end, name="placement-end"),
    path("review/", placing.placement_review, name="placement-review"),
]

urlpatterns = [
    path("", reports.index, name="index"),
    path("directory/", include(directory_patterns)),
    path("cases/<uuid:case_id>/", include(case_patterns)),
    path("consultations/", consultations.consultation_list, name="consultations"),
    path("consultations/<uuid:consultation_id>/", include(consultation_patterns)),
    path("placements/<uuid:placement_id>/", include(placement_patterns)),
    path("alternative-provision/", placing.alternative_provision, name="alternative-provision"),
    path("sufficiency/", reports.sufficiency, name="sufficiency"),
    path("sufficiency/download/", reports.sufficiency_csv, name="sufficiency-csv"),
]
