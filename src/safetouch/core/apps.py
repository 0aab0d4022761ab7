from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "safetouch.core"
    label = "core"

    def ready(self) -> None:
        from safetouch.core import checks  # noqa: F401  (registers the system checks)
