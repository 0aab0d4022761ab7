from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "safetouch.demo"
    label = "demo"
