"""The dashboard card between sessions, so the dashboard view needs no change."""

from __future__ import annotations

from django import template
from django.utils import timezone

from safetouch.checkins.dashboard import between_context
from safetouch.records.access import Access

register = template.Library()


@register.inclusion_tag("checkins/_dashboard_body.html")
def between_card(access: Access) -> dict:
    # The viewer's access decides whom the forecast speaks to: her, or her therapist.
    return {**between_context(access.client, today=timezone.localdate()), "access": access}
