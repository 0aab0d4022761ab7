"""The "too much" card on her limits page, so the limits view needs no change."""

from __future__ import annotations

from django import template

from safetouch.records.access import Access
from safetouch.treatments.limits import flagged_pairs

register = template.Library()


@register.inclusion_tag("treatments/_too_much.html", takes_context=True)
def too_much_card(context, access: Access) -> dict:
    return {
        "client": access.client,
        "access": access,
        "flagged": flagged_pairs(access.client),
        "csrf_token": context.get("csrf_token"),
    }
