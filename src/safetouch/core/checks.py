"""System checks for a production deployment (`safetouch manage check --deploy`)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register

# Backends that print, keep or drop mail instead of sending it. In production they would
# put invitation codes and reset links in a log, where anyone who reads it can use them.
NOT_SENDING = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


def email_backend_errors() -> list[Error]:
    backend = settings.EMAIL_BACKEND
    if not settings.PRODUCTION or (backend and backend not in NOT_SENDING):
        return []
    return [
        Error(
            f"EMAIL_BACKEND is {backend}, which does not send mail."
            if backend
            else "EMAIL_BACKEND is not set.",
            hint=(
                "Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST "
                "(and EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS). Otherwise "
                "invitation codes would be written to the log instead of sent."
            ),
            id="safetouch.E001",
        )
    ]


@register(Tags.security, deploy=True)
def check_email_backend(app_configs, **kwargs) -> list[Error]:
    return email_backend_errors()
