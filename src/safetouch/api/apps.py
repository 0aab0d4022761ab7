from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "safetouch.api"
    label = "api"
