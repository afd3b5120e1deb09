from django.apps import AppConfig


class SendcppConfig(AppConfig):
    name = "sendcpp"
    verbose_name = "SEND case management"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from sendcpp.middleware import record_sign_in

        # The absolute session lifetime counts from here.
        user_logged_in.connect(record_sign_in, dispatch_uid="sendcpp.record_sign_in")
