"""Pages between sessions: check-ins, charts and forecast, the routine, reminders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from safetouch.checkins import selectors, services
from safetouch.checkins.dashboard import between_context, checkin_summary
from safetouch.checkins.forms import (
    CheckInForm,
    PreferencesForm,
    RoutineForm,
    celsius_to_fahrenheit,
)
from safetouch.checkins.reminders import reminders_calendar
from safetouch.engine.stretches import STRETCHES, UNSAFE_STRETCHES, UNSAFE_VERDICT
from safetouch.records.access import Access, access_for, access_record, client_for
from safetouch.records.load import load_record
from safetouch.records.models import CheckIn
from safetouch.records.types import Record


@login_required
def between(request: HttpRequest, client_id: int) -> HttpResponse:
    access = access_for(request, client_id)
    client = access.client
    record = load_record(client)
    context = between_context(client, today=timezone.localdate(), record=record)
    everything = request.GET.get("checkins") == "all"
    checkins = record.checkins_newest_first
    context.update(
        access=access,
        editable=access.may_write,
        checkins=[
            (c, checkin_summary(c.tightness)) for c in (checkins if everything else checkins[:7])
        ],
        more=not everything and len(checkins) > 7,
    )
    return render(request, "checkins/between.html", context)


def _checkin_form(request, client, checkin: CheckIn | None = None) -> CheckInForm:
    """The check-in form: her regions, routine and unit from her loaded record; `checkin`:
    the row being changed."""
    record = load_record(client)
    done = [s.stretch for s in checkin.stretches.all()] if checkin else []
    return CheckInForm(
        request.POST or None,
        regions=selectors.regions_asked(record),
        stretches=list(dict.fromkeys([*record.routine, *done])),
        now=timezone.now(),
        initial=_initial(record, checkin),
    )


def _initial(record: Record, checkin: CheckIn | None) -> dict:
    """A new check-in starts from the last one's tightness: she changes what changed."""
    unit = record.preferences.temperature_unit
    initial = {"at": timezone.localtime(), "unit": unit, "training_minutes": 0}
    if checkin:
        initial.update({f"t_{t.region}": t.value for t in checkin.tightness.all()})
    elif record.checkins:
        initial.update({f"t_{t.region}": t.value for t in record.checkins[-1].tightness})
    if checkin:
        temp = checkin.temperature_c
        if temp is not None and unit == "F":
            temp = round(celsius_to_fahrenheit(temp), 1)
        initial.update(
            at=timezone.localtime(checkin.at),
            training_minutes=checkin.training_minutes,
            temperature=temp,
            stretches=[s.stretch for s in checkin.stretches.all()],
            notes=checkin.notes,
        )
    return initial


def _save(form: CheckInForm, client, checkin: CheckIn | None = None) -> CheckIn:
    if form.cleaned_data["temperature"] is not None:
        services.unit_remember(client=client, unit=form.cleaned_data["unit"])
    return services.checkin_save(
        client=client,
        checkin=checkin,
        at=form.cleaned_data["at"],
        training_minutes=form.cleaned_data["training_minutes"],
        temperature_c=form.temperature_c(),
        tightness=form.tightness(),
        stretches=form.cleaned_data["stretches"],
        notes=form.cleaned_data["notes"],
    )


@login_required
def checkin_new(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for(request, client_id, write=True)
    form = _checkin_form(request, client)
    if request.method == "POST" and form.is_valid():
        _save(form, client)
        messages.success(request, "Check-in saved.")
        return redirect("between", client_id=client.pk)
    return _checkin_page(request, client, form)


def _checkin_page(request, client, form, checkin=None) -> HttpResponse:
    context = {"client": client, "form": form, "checkin": checkin}
    status = 422 if form.errors else 200
    return render(request, "checkins/checkin_form.html", context, status=status)


def _checkin(request, client_id: int, checkin_id: int):
    client = client_for(request, client_id, write=True)
    try:
        return client, selectors.checkin_for(client, checkin_id)
    except CheckIn.DoesNotExist:
        raise Http404("No such check-in") from None


@login_required
def checkin_edit(request: HttpRequest, client_id: int, checkin_id: int) -> HttpResponse:
    client, checkin = _checkin(request, client_id, checkin_id)
    form = _checkin_form(request, client, checkin)
    if request.method == "POST" and form.is_valid():
        _save(form, client, checkin)
        messages.success(request, "Check-in updated.")
        return redirect("between", client_id=client.pk)
    return _checkin_page(request, client, form, checkin)


@login_required
@require_POST
def checkin_delete(request: HttpRequest, client_id: int, checkin_id: int) -> HttpResponse:
    client, checkin = _checkin(request, client_id, checkin_id)
    services.checkin_delete(checkin=checkin)
    messages.success(request, "Check-in deleted.")
    return redirect("between", client_id=client.pk)


def _routine_context(access: Access, **forms) -> dict:
    client = access.client
    prefs = selectors.preferences_of(client)
    chosen = [s.id for s in selectors.routine_of(client)]
    return {
        "client": client,
        "access": access,
        "editable": access.may_write,
        "routine_form": forms.get("routine_form") or RoutineForm(initial={"stretches": chosen}),
        "prefs_form": forms.get("prefs_form") or PreferencesForm(instance=prefs),
        "library": [(s, s.id in chosen) for s in STRETCHES.values() if s.si_safe],
        "unsafe": UNSAFE_STRETCHES,
        "unsafe_verdict": UNSAFE_VERDICT,
        "feed_active": client.feeds.active().exists(),
        "feed_url": forms.get("feed_url"),
    }


@login_required
def routine(request: HttpRequest, client_id: int) -> HttpResponse:
    access = access_for(request, client_id)
    return render(request, "checkins/routine.html", _routine_context(access))


@login_required
@require_POST
def routine_save(request: HttpRequest, client_id: int) -> HttpResponse:
    access = access_for(request, client_id, write=True)
    client = access.client
    form = RoutineForm(request.POST)
    if not form.is_valid():
        context = _routine_context(access, routine_form=form)
        return render(request, "checkins/routine.html", context, status=422)
    services.routine_set(client=client, stretches=form.cleaned_data["stretches"])
    messages.success(request, "Routine saved.")
    return redirect("routine", client_id=client.pk)


@login_required
@require_POST
def preferences_save(request: HttpRequest, client_id: int) -> HttpResponse:
    access = access_for(request, client_id, write=True)
    client = access.client
    form = PreferencesForm(request.POST, instance=selectors.preferences_of(client))
    if not form.is_valid():
        context = _routine_context(access, prefs_form=form)
        return render(request, "checkins/routine.html", context, status=422)
    services.preferences_set(client=client, **form.cleaned_data)
    messages.success(request, "Settings saved.")
    return redirect("routine", client_id=client.pk)


def _calendar(client) -> bytes:
    prefs = selectors.preferences_of(client)
    return reminders_calendar(
        client_id=client.pk,
        forecast=selectors.forecast_for(client, today=timezone.localdate()),
        routine=selectors.routine_of(client),
        stretch_days=prefs.stretch_days,
        now=timezone.now(),
    )


def _ics(body: bytes, *, download: bool) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    if download:
        response["Content-Disposition"] = 'attachment; filename="safetouch-reminders.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def reminders_ics(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for(request, client_id)
    return _ics(_calendar(client), download=True)


def reminders_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The subscribable feed: the secret in the URL is the only credential."""
    client = selectors.client_by_feed(token)
    if client is None:
        raise Http404("No such feed")
    # No account, so no client_for: her access log learns of each fetch here.
    access_record(request=request, client=client, write=False, via="calendar feed")
    timezone.activate(client.user.zone)  # her days, as on her pages
    return _ics(_calendar(client), download=False)


def _owner(request: HttpRequest, client_id: int) -> Access:
    """Only she can hand out an address that works without logging in."""
    return access_for(request, client_id, write=True, own=True)


@login_required
@require_POST
def feed_create(request: HttpRequest, client_id: int) -> HttpResponse:
    access = _owner(request, client_id)
    token = services.feed_create(client=access.client)
    url = request.build_absolute_uri(f"/feeds/{token}/reminders.ics")
    context = _routine_context(access, feed_url=url)
    return render(request, "checkins/routine.html", context)


@login_required
@require_POST
def feed_revoke(request: HttpRequest, client_id: int) -> HttpResponse:
    client = _owner(request, client_id).client
    services.feed_revoke(client=client)
    messages.success(request, "The calendar address no longer works.")
    return redirect("routine", client_id=client.pk)
