from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SendcppConfig(AppConfig):
    name = "sendcpp"
    verbose_name = "SEND case management"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from sendcpp import audit

        audit.connect_signals()
        # The row-history and context tables refuse UPDATE and DELETE (see sendcpp.audit).
        post_migrate.connect(
            audit.install_append_only, sender=self, dispatch_uid="sendcpp.audit.append_only"
        )

        from django.contrib.auth.signals import user_logged_in

        from sendcpp.middleware import record_sign_in

        # The absolute session lifetime counts from here.
        user_logged_in.connect(record_sign_in, dispatch_uid="sendcpp.record_sign_in")
