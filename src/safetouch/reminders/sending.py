"""Send what is due, each reminder exactly once, however many senders run at once.

Each due reminder gets one row, unique on (user, kind, due date, about). A sender claims a
row with SELECT ... FOR UPDATE SKIP LOCKED, sends, and marks it sent in the same
transaction: a second sender skips the locked row, and once committed the row is sent and
never picked again. If the mail server fails, the transaction rolls back and the next run
tries again. (SQLite has no row locks; its IMMEDIATE transactions queue writers instead,
so there too the second sender sees the row already sent.)
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from safetouch.core import timefmt
from safetouch.reminders.due import Due, due_now
from safetouch.reminders.models import Kind, Reminder

log = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "safetouch.reminders.unsubscribe"


@dataclass
class Result:
    due: int = 0
    sent: int = 0
    failed: int = 0


def send_reminders(now: dt.datetime | None = None) -> Result:
    now = now or timezone.now()
    result = Result()
    for item in due_now(now):
        result.due += 1
        row = _row(item)
        if row.sent is not None:
            continue
        try:
            if _claim_and_send(row.pk, item, now):
                result.sent += 1
        except Exception as exc:
            # The id, kind and error class only: a traceback or an SMTP answer could
            # carry her address or the email's text.
            log.warning(
                "reminder %s (%s) not sent (%s); the next run tries again",
                row.pk,
                row.kind,
                type(exc).__name__,
            )
            result.failed += 1
    return result


def _row(item: Due) -> Reminder:
    fields = {"user": item.user, "kind": item.kind, "due": item.due, "about": item.about}
    try:
        with transaction.atomic():
            row, _ = Reminder.objects.get_or_create(**fields)
    except IntegrityError:  # another sender created it between our read and our insert
        row = Reminder.objects.get(**fields)
    return row


def _claim_and_send(pk: int, item: Due, now: dt.datetime) -> bool:
    with transaction.atomic():
        row = (
            Reminder.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, sent__isnull=True)
            .first()
        )
        if row is None:
            return False  # another sender holds it, or has sent it
        message(item).send()
        row.sent = now
        row.save(update_fields=["sent"])
    return True


def unsubscribe_token(user, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=False)


def unsubscribe_read(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in Kind.values:
        return None
    return data.get("u"), data["k"]


SUBJECTS = {
    Kind.BOOKING: "Your massage is due: book by {book_by}",
    Kind.STRETCHING: "Time for your stretches today",
    Kind.OUTCOME: "How were your joints after yesterday's session?",
    Kind.FLARE: "{name}'s joints flared after {weekday}'s session",
}


def message(item: Due) -> EmailMultiAlternatives:
    """The email for one reminder: plain text and HTML, dates in her zone, and the
    RFC 8058 one-click unsubscribe headers."""
    user = item.user
    zone = user.zone
    client = item.context.get("client")
    session = item.context.get("session")
    unsubscribe = settings.SITE_URL + reverse(
        "unsubscribe", args=[unsubscribe_token(user, item.kind)]
    )
    context = {
        "user": user,
        "kind": item.kind,
        "site": settings.SITE_URL,
        "unsubscribe_url": unsubscribe,
        "settings_url": settings.SITE_URL + reverse("account_settings"),
        "book_by": item.context.get("book_by", ""),
        "client_name": client.first_name if client else "",
        "session_day": timefmt.day(session.date) if session else "",
        "weekday": session.date.strftime("%A") if session else "",
    }
    if client is not None:
        context["links"] = {
            Kind.BOOKING: reverse("between", args=[client.pk]),
            Kind.STRETCHING: reverse("routine", args=[client.pk]),
            Kind.OUTCOME: reverse("outcome", args=[client.pk, session.pk]) if session else "",
            Kind.FLARE: reverse("history", args=[client.pk]),
        }[item.kind]
    subject = SUBJECTS[item.kind].format(
        book_by=context["book_by"], name=context["client_name"], weekday=context["weekday"]
    )
    context["subject"] = subject
    with timezone.override(zone):
        text = render_to_string(f"email/reminders/{item.kind}.txt", context)
        html = render_to_string(f"email/reminders/{item.kind}.html", context)
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    email.attach_alternative(html, "text/html")
    return email
