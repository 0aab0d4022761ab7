from django.apps import AppConfig


class TreatmentsConfig(AppConfig):
    name = "safetouch.treatments"
    label = "treatments"
