from django.apps import AppConfig


class PortabilityConfig(AppConfig):
    name = "safetouch.portability"
    label = "portability"
