from django.apps import AppConfig


class SendcppConfig(AppConfig):
    name = "sendcpp"
    verbose_name = "SEND case management"
    default_auto_field = "django.db.models.BigAutoField"
