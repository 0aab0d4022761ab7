from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "safetouch.practice"
    label = "practice"
