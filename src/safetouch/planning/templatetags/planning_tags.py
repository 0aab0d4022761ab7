"""The pooling opt-in, shown on her sharing page (planning owns the consent)."""

from __future__ import annotations

from django import template

from safetouch.planning.selectors import pools_history
from safetouch.records.models import ClientProfile

register = template.Library()


@register.inclusion_tag("planning/_pooling.html", takes_context=True)
def pooling_consent(context, client: ClientProfile) -> dict:
    return {"pooled": pools_history(client), "csrf_token": context.get("csrf_token")}
