"""The dashboard card between sessions, so the dashboard view needs no change."""

from __future__ import annotations

from django import template
from django.utils import timezone

from safetouch.checkins.dashboard import between_context

register = template.Library()


@register.inclusion_tag("checkins/_dashboard_body.html")
def between_card(client) -> dict:
    # The dashboard shows her own records: the forecast speaks to her.
    return {**between_context(client, today=timezone.localdate()), "owner": True}
