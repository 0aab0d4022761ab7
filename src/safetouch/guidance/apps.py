from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "safetouch.guidance"
    label = "guidance"
