"""WSGI entry point for production servers (gunicorn safetouch.wsgi)."""

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetouch.settings")
application = get_wsgi_application()

from safetouch.core.checks import email_backend_errors  # noqa: E402  (needs Django set up)

# A production server that cannot send mail would print invitation codes to its log:
# refuse to start, as `check --deploy` refuses to pass.
for error in email_backend_errors():
    raise ImproperlyConfigured(f"{error.msg} {error.hint}")
