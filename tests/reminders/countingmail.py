"""An email backend for the concurrency test: each message becomes one file, slowly, so
two sender processes overlap. Set COUNTING_MAIL_DIR to the folder."""

from __future__ import annotations

import json
import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        folder = Path(os.environ["COUNTING_MAIL_DIR"])
        for message in email_messages:
            time.sleep(0.02)
            record = {"to": message.to, "subject": message.subject, "pid": os.getpid()}
            (folder / f"{uuid.uuid4().hex}.json").write_text(json.dumps(record))
        return len(email_messages)
