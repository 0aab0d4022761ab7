from django.apps import AppConfig


class HandoffConfig(AppConfig):
    name = "safetouch.handoff"
    label = "handoff"
