"""One-click unsubscribe (RFC 8058): the signed link in each reminder turns its kind off.

A GET shows a button (link scanners in mail systems open links, and must not unsubscribe
anyone); a POST turns the kind off. Mail clients send that POST themselves, with
`List-Unsubscribe=One-Click` and no cookie, so it needs no login and no CSRF token: the
signed token names the person and the kind, and does nothing else.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from safetouch.accounts.models import User
from safetouch.reminders.models import SETTING, Kind
from safetouch.reminders.sending import unsubscribe_read


@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    found = unsubscribe_read(token)
    user = User.objects.filter(pk=found[0]).first() if found else None
    if user is None:
        raise Http404("No such link")
    kind = Kind(found[1])
    done = False
    if request.method == "POST":
        setattr(user, SETTING[kind], False)
        user.save(update_fields=[SETTING[kind]])
        done = True
    context = {"kind": kind, "done": done, "token": token}
    return render(request, "reminders/unsubscribe.html", context)
