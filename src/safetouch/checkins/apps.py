from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "safetouch.checkins"
    label = "checkins"
