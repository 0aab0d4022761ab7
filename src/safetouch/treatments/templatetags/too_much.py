"""The "too much" card on her limits page, so the limits view needs no change."""

from __future__ import annotations

from django import template

from safetouch.clients.selectors import is_owner
from safetouch.treatments.limits import flagged_pairs

register = template.Library()


@register.inclusion_tag("treatments/_too_much.html", takes_context=True)
def too_much_card(context, client) -> dict:
    return {
        "client": client,
        "flagged": flagged_pairs(client),
        "is_owner": is_owner(context["request"].user, client),
        "csrf_token": context.get("csrf_token"),
    }
