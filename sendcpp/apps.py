from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import import_string


class SendcppConfig(AppConfig):
    default = True  # this module also holds DomainAppConfig, which is not sendcpp's
    name = "sendcpp"
    verbose_name = "SEND case management"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from sendcpp import audit

        audit.connect_signals()

        from django.db.backends.signals import connection_created

        from sendcpp import timestamps

        # Times read with psycopg's compiled loader (see sendcpp.timestamps).
        connection_created.connect(
            timestamps.use_compiled_loader, dispatch_uid="sendcpp.timestamps"
        )
        # The row-history and context tables refuse UPDATE and DELETE (see sendcpp.audit).
        post_migrate.connect(
            audit.install_append_only, sender=self, dispatch_uid="sendcpp.audit.append_only"
        )
        # And an index on each for reading its changes newest first, a page at a time.
        post_migrate.connect(
            audit.install_history_indexes, sender=self, dispatch_uid="sendcpp.audit.newest"
        )

        from django.contrib.auth.signals import user_logged_in

        from sendcpp.middleware import record_sign_in

        # The absolute session lifetime counts from here.
        user_logged_in.connect(record_sign_in, dispatch_uid="sendcpp.record_sign_in")

        from django.core import checks

        from sendcpp.calendar import check_bank_holiday_coverage

        # Start-up fails when the bank holidays loaded do not reach two years ahead.
        checks.register(check_bank_holiday_coverage)


class DomainAppConfig(AppConfig):
    """A domain app's configuration. When Django starts, it hands the shared core what the app
    declares, each named by its dotted path (read only then, once every model is loaded):

    - ``event_kinds``: the app's timeline events and their sentences (``sendcpp.timeline``);
    - ``access_clauses``: the relationship clauses the app adds to ``sendcpp.access``;
    - ``evidence_panels``: providers of the sections the app adds to a case's page for staff
      (``sendcpp.evidence``);
    - ``shared_history``: records shared by every council (model label to the name shown in the
      audit trail), whose changes a council's managers see when their own staff made them.

    An app's ``apps.py`` imports this module, not the class (``class EhcpConfig(
    sendcpp.apps.DomainAppConfig)``): Django takes an app's configuration to be the one
    ``AppConfig`` class its ``apps.py`` holds.
    """

    default_auto_field = "django.db.models.BigAutoField"
    event_kinds = ""
    access_clauses = ""
    evidence_panels = ""
    shared_history: dict[str, str] = {}

    def ready(self) -> None:
        from sendcpp import access
        from sendcpp.audit import register_history
        from sendcpp.timeline import register_event_kinds

        if self.event_kinds:
            register_event_kinds(import_string(self.event_kinds))
        if self.access_clauses:
            access.register(*import_string(self.access_clauses))
        if self.evidence_panels:
            from sendcpp import evidence

            evidence.register(*import_string(self.evidence_panels))
        for model_label, name in self.shared_history.items():
            register_history(model_label, name=name, shared=True)
