"""Keep share tokens out of the logs: a request line names the path, and the path holds one."""

from __future__ import annotations

import logging
import re

SHARE_PATH = re.compile(r"/shared/[A-Za-z0-9_-]+")
REDACTED = "/shared/[token]"


def redact(text: str) -> str:
    return SHARE_PATH.sub(REDACTED, text)


class RedactShareTokens(logging.Filter):
    """Rewrites any /shared/<token> in a record's message and arguments; drops nothing."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True
