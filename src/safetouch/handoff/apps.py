import logging

from django.apps import AppConfig


class HandoffConfig(AppConfig):
    name = "safetouch.handoff"
    label = "handoff"

    def ready(self) -> None:
        from safetouch.handoff.logging import RedactShareTokens

        # A share token in a request log would be as good as the link itself. Filters on
        # a logger apply only to records created there, so each request logger gets one.
        for name in ("django.server", "django.request", "django.security.csrf"):
            logging.getLogger(name).addFilter(RedactShareTokens())
        # WeasyPrint reports every layout step at INFO; only its warnings matter here.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
