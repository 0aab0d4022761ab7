"""Template tags for the sharing card on the dashboard."""

from django import template

from safetouch.sharing.selectors import invitations_for

register = template.Library()


@register.simple_tag
def open_invitations(user) -> int:
    """How many email invitations wait for this account's address."""
    return len(invitations_for(user))
