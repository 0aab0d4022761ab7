"""Pages of the session log: history, one session, logging items, the next-day outcome."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from safetouch.clients.services import therapist_for_account
from safetouch.records.access import Access, access_for, client_for, own_client_for
from safetouch.records.engine_request import item_dict
from safetouch.records.load import load_record
from safetouch.records.models import MassageSession, SessionItem
from safetouch.treatments import selectors, services
from safetouch.treatments.access import session_access
from safetouch.treatments.forms import ItemForm, LighterOkForm, OutcomeForm, SessionForm
from safetouch.treatments.limits import flagged_pairs

HISTORY_PAGE = 50  # sessions on one page of her history


@login_required
@require_safe
def history(request: HttpRequest, client_id: int) -> HttpResponse:
    access = access_for(request, client_id)
    client = access.client
    # A page of sessions, newest first, from her loaded record: a long record stays a
    # short page.
    newest_first = load_record(client).sessions[::-1]
    page = Paginator(newest_first, HISTORY_PAGE).get_page(request.GET.get("page"))
    context = {
        "client": client,
        "sessions": page.object_list,
        "page": page,
        "editable": access.may_write,
    }
    return render(request, "treatments/history.html", context)


@login_required
def session_new(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for(request, client_id, write=True)
    initial = {"date": timezone.localdate(), "minutes": 45, "position": client.position}
    form = SessionForm(request.POST or None, client=client, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["therapist"] is None and not data["new_therapist"].strip():
            # Logged from a therapist's own account: she did it, unless she names another.
            data["therapist"] = therapist_for_account(client=client, user=request.user)
        session = services.session_create(client=client, **data)
        messages.success(request, "Session started. Add what was done, item by item.")
        return redirect("session_detail", client_id=client.pk, session_id=session.pk)
    status = 422 if form.errors else 200
    return render(
        request, "treatments/session_new.html", {"client": client, "form": form}, status=status
    )


def _items_context(
    request: HttpRequest, access: Access, session, form: ItemForm | None = None, warning=None
) -> dict:
    items = list(session.items.all())
    total = sum(item.minutes for item in items)
    return {
        "client": access.client,
        "session": session,
        "items": items,
        "total_minutes": total,
        # Items adding up to more than the session lasted: said, not refused (she may have
        # typed the session's length wrong rather than an item's).
        "minutes_over": max(0, total - session.minutes),
        "item_form": form or ItemForm(),
        "breaks_warning": warning,
        "editable": access.may_write,
        "removed": request.session.pop(_removed_key(session), None),
    }


def _removed_key(session) -> str:
    return f"removed-item-{session.pk}"


@login_required
@require_safe
def session_detail(request: HttpRequest, client_id: int, session_id: int) -> HttpResponse:
    access, session = session_access(request, client_id, session_id)
    context = _items_context(request, access, session)
    context["tightness"] = session.tightness.all()
    return render(request, "treatments/session_detail.html", context)


@login_required
@require_POST
def item_add(request: HttpRequest, client_id: int, session_id: int) -> HttpResponse:
    access, session = session_access(request, client_id, session_id, write=True)
    form, warning = ItemForm(request.POST), None
    if form.is_valid():
        try:
            services.item_add(
                session=session,
                confirm_breaks=form.cleaned_data["confirm_breaks"],
                **form.item(),
            )
            form = None
        except services.BreaksLimits as exc:  # nothing saved: she must confirm first
            warning = [words for _, words in exc.paths()]
    if form is None and not request.htmx:
        return redirect("session_detail", client_id=access.client.pk, session_id=session.pk)
    context = _items_context(request, access, session, form, warning)
    status = 422 if form else 200
    template = "treatments/_items.html" if request.htmx else "treatments/session_detail.html"
    if not request.htmx:
        context["tightness"] = session.tightness.all()
    return render(request, template, context, status=status)


@login_required
@require_POST
def item_flag(request: HttpRequest, client_id: int, session_id: int, item_id: int) -> HttpResponse:
    access, session = session_access(request, client_id, session_id, write=True)
    item = get_object_or_404(SessionItem, session=session, pk=item_id)
    services.item_flag(item=item, too_much=request.POST.get("too_much") == "1")
    return _items_response(request, access, session)


@login_required
@require_POST
def item_delete(
    request: HttpRequest, client_id: int, session_id: int, item_id: int
) -> HttpResponse:
    access, session = session_access(request, client_id, session_id, write=True)
    item = get_object_or_404(SessionItem, session=session, pk=item_id)
    # What the Undo button posts back to item_add, shown once on the next render.
    request.session[_removed_key(session)] = {
        **item_dict(item),
        "too_much": item.too_much,
        # It was logged against her limits once, confirmed then: putting it back is no
        # new decision, so the Undo confirms again.
        "breaks": bool(item.breaks),
        "label": f"{item.get_region_display()}, {item.get_technique_display()}",
    }
    services.item_delete(item=item)
    return _items_response(request, access, session)


def _items_response(request: HttpRequest, access: Access, session) -> HttpResponse:
    if request.htmx:
        return render(request, "treatments/_items.html", _items_context(request, access, session))
    return redirect("session_detail", client_id=access.client.pk, session_id=session.pk)


@login_required
def outcome(request: HttpRequest, client_id: int, session_id: int) -> HttpResponse:
    access, session = session_access(request, client_id, session_id, write=True)
    regions = selectors.outcome_regions(session)
    form = OutcomeForm(request.POST or None, regions=regions, initial=_outcome_initial(session))
    if request.method == "POST" and form.is_valid():
        services.outcome_record(
            session=session,
            flare=form.cleaned_data["flare"],
            hours_after=form.cleaned_data["hours_after"],
            notes=form.cleaned_data["notes"],
            tightness=form.tightness(),
        )
        messages.success(request, "Outcome saved. Thank you: the next plan learns from it.")
        return redirect("session_detail", client_id=access.client.pk, session_id=session.pk)
    context = {"client": access.client, "session": session, "form": form}
    return render(request, "treatments/outcome.html", context, status=422 if form.errors else 200)


def _outcome_initial(session: MassageSession) -> dict:
    initial: dict = {}
    if hasattr(session, "outcome"):
        o = session.outcome
        initial.update(flare="yes" if o.flare else "no", hours_after=o.hours_after, notes=o.notes)
    for t in session.tightness.all():
        initial[f"before_{t.region}"], initial[f"after_{t.region}"] = t.before, t.after
    return initial


@login_required
@require_POST
def lighter_ok(request: HttpRequest, client_id: int) -> HttpResponse:
    """Only she can say a flagged pair may be tried again, lighter, or take it back."""
    client = own_client_for(request, client_id)
    form = LighterOkForm(request.POST, flagged=flagged_pairs(client))
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("__all__", ["Choose a flagged pair."])))
        return redirect("preferences", client_id=client.pk)
    services.lighter_ok_set(
        client=client,
        region=form.cleaned_data["region"],
        technique=form.cleaned_data["technique"],
        ok=form.cleaned_data["lighter_ok"],
    )
    said = "may be tried lighter" if form.cleaned_data["lighter_ok"] else "is never done again"
    messages.success(request, f"Saved: it {said}.")
    return redirect("preferences", client_id=client.pk)
