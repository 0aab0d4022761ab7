from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "safetouch.sharing"
    verbose_name = "Sharing with therapists"
