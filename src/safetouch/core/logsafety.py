"""Keep secrets out of every log line: share links, calendar feeds, API tokens, codes.

A request line names the path and query, and some paths are as good as a password
(`/shared/<token>/`, `/feeds/<token>/reminders.ics`, `/unsubscribe/<token>/`,
`/accounts/reset/<uid>/<token>/`). The filter renders each record's
message, then rewrites any secret in it, wherever it stands in the line; the same
function serves Django's handlers and gunicorn's access and error logs.
"""

from __future__ import annotations

import logging
import re

_RULES = [
    # A path segment after /shared/, /feeds/ or /unsubscribe/ is a bearer token.
    (re.compile(r"(/(?:shared|feeds|unsubscribe)/)[^/\s\"'?#]+"), r"\1[token]"),
    # A password reset link: /accounts/reset/<uid>/<token>/ (not Django's own
    # /accounts/reset/<uid>/set-password/ that it redirects to).
    (
        re.compile(r"(/accounts/reset/[^/\s\"'?#]+/)(?!set-password\b)[^/\s\"'?#]+"),
        r"\1[token]",
    ),
    # A personal access token, in a header echoed back or a URL.
    (re.compile(r"\bst_[A-Za-z0-9_-]{8,}"), "st_[token]"),
    # Secrets in a query string: ?token=..., &code=..., key, password, secret.
    (
        re.compile(r"([?&;](?:token|code|key|password|secret|uidb64)=)[^&\s\"';]+", re.I),
        r"\1[redacted]",
    ),
]


def redact(text: str) -> str:
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


class RedactSecrets(logging.Filter):
    """Rewrites the finished message (and any traceback) of every record; drops nothing."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to the formatter to report
            return True
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True
