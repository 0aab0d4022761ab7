"""The dashboard card between sessions, so the dashboard view needs no change."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from safetouch.checkins.dashboard import between_context
from safetouch.core.cache import remembered
from safetouch.records.access import Access
from safetouch.records.load import load_record

register = template.Library()


@register.simple_tag(takes_context=True)
def between_card(context: template.Context, access: Access) -> SafeString:
    """The card, drawn once per version of her record, day, time zone and language, and
    whom it speaks to (the viewer's access decides: her, or her therapist)."""
    record = context.get("record") or load_record(access.client)
    today = timezone.localdate()
    parts = (
        record.fingerprint,
        today,
        timezone.get_current_timezone_name(),
        translation.get_language(),
        access.is_owner,
    )

    def draw() -> str:
        values = {**between_context(access.client, today=today, record=record), "access": access}
        return render_to_string("checkins/_dashboard_body.html", values)

    return mark_safe(remembered("between-card:v1", parts, draw))  # drawn by our template
