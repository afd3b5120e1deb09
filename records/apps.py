import sendcpp.apps

EVENT_KINDS = {
    "records_plan_transfer_accepted": "Plan accepted from another council",
    "records_disclosure_recorded": "Disclosure recorded",
    "records_subject_access_released": "Copy of the records released",
    "records_case_migrated": "Case brought over from the previous system",
}


class RecordsConfig(sendcpp.apps.DomainAppConfig):
    name = "records"
    verbose_name = "Records: plan exchange, migration, retention and disclosure"
    access_clauses = "records.access.CLAUSES"
    event_kinds = "records.apps.EVENT_KINDS"
