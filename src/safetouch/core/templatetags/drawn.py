"""`{% drawn "partial.html" name=value ... %}`: a partial drawn once per set of values.

The partial is rendered with *only* the values given (no request, no user, nothing else
from the page), so those values, with the active language and time zone that formats
them, are everything its markup can depend on; they are the key it is kept under, in
the process (`safetouch.core.cache.remembered`). For markup that is costly to draw and
shown again unchanged: charts, the body map, the plan map.
"""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString

from safetouch.core.cache import remembered

register = template.Library()


@register.simple_tag
def drawn(template_name: str, **values) -> SafeString:
    parts = (
        template_name,
        translation.get_language(),
        timezone.get_current_timezone_name(),
        values,
    )
    return remembered("drawn:v2", parts, lambda: render_to_string(template_name, values))
