from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "safetouch.planning"
    label = "planning"
