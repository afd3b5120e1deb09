from django.urls import path

from placements.views import consultations, directory, lists, placing, reports

app_name = "placements"

urlpatterns = [
    path("", reports.index, name="index"),
    path("directory/", directory.directory_list, name="directory"),
    path("directory/import/", directory.directory_import, name="directory-import"),
    path("directory/<uuid:setting_id>/", directory.setting_detail, name="setting"),
    path("directory/<uuid:setting_id>/edit/", directory.setting_edit, name="setting-edit"),
    path("cases/<uuid:case_id>/", placing.case_page, name="case"),
    path("cases/<uuid:case_id>/tailored-list/", lists.tailored_list, name="tailored-list"),
    path("cases/<uuid:case_id>/tailored-list/start/", lists.list_start, name="list-start"),
    path("cases/<uuid:case_id>/tailored-list/criteria/", lists.list_criteria, name="list-criteria"),
    path("cases/<uuid:case_id>/tailored-list/add/", lists.list_add, name="list-add"),
    path(
        "cases/<uuid:case_id>/tailored-list/entries/<uuid:entry_id>/remove/",
        lists.list_remove,
        name="list-remove",
    ),
    path(
        "cases/<uuid:case_id>/tailored-list/entries/<uuid:entry_id>/answer/",
        lists.list_answer,
        name="list-answer",
    ),
    path("cases/<uuid:case_id>/tailored-list/publish/", lists.list_publish, name="list-publish"),
    path(
        "cases/<uuid:case_id>/tailored-list/versions/<int:number>/",
        lists.list_version,
        name="list-version",
    ),
    path(
        "cases/<uuid:case_id>/tailored-list/versions/<int:number>/retry-pdf/",
        lists.list_version_retry_pdf,
        name="list-version-retry-pdf",
    ),
    path("cases/<uuid:case_id>/tailored-list/ask/", lists.list_ask, name="list-ask"),
    path(
        "cases/<uuid:case_id>/tailored-list/priorities/",
        lists.list_priorities,
        name="list-priorities",
    ),
    path(
        "cases/<uuid:case_id>/tailored-list/preference/",
        lists.list_preference,
        name="list-preference",
    ),
    path(
        "cases/<uuid:case_id>/consultations/new/",
        consultations.consultation_send,
        name="consultation-send",
    ),
    path("cases/<uuid:case_id>/placements/new/", placing.placement_add, name="placement-add"),
    path("consultations/", consultations.consultation_list, name="consultations"),
    path(
        "consultations/<uuid:consultation_id>/",
        consultations.consultation_detail,
        name="consultation",
    ),
    path(
        "consultations/<uuid:consultation_id>/answer/",
        consultations.consultation_answer,
        name="consultation-answer",
    ),
    path(
        "consultations/<uuid:consultation_id>/decide/",
        consultations.consultation_decide,
        name="consultation-decide",
    ),
    path(
        "consultations/<uuid:consultation_id>/withdraw/",
        consultations.consultation_withdraw,
        name="consultation-withdraw",
    ),
    path("placements/<uuid:placement_id>/end/", placing.placement_end, name="placement-end"),
    path(
        "placements/<uuid:placement_id>/review/", placing.placement_review, name="placement-review"
    ),
    path("alternative-provision/", placing.alternative_provision, name="alternative-provision"),
    path("sufficiency/", reports.sufficiency, name="sufficiency"),
    path("sufficiency/download/", reports.sufficiency_csv, name="sufficiency-csv"),
]
