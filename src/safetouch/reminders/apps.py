from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "safetouch.reminders"
    label = "reminders"
