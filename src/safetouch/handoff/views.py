"""The hand-off sheet (HTML and PDF), the client's share links, and the public link page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from safetouch.core.cache import cached
from safetouch.engine.errors import EngineError
from safetouch.handoff import selectors, services
from safetouch.handoff.forms import PaperForm, ShareLinkForm
from safetouch.handoff.models import ShareLink
from safetouch.handoff.pdf import sheet_pdf
from safetouch.planning.saved import next_plan_cached
from safetouch.planning.selectors import Plan
from safetouch.records.access import access_for, access_record, client_for
from safetouch.records.load import load_record
from safetouch.records.models import ClientProfile
from safetouch.records.types import Record


def _plan(client: ClientProfile, record: Record) -> Plan | None:
    # The sheet must print even when no plan can be made; it then says so.
    try:
        return next_plan_cached(client, record=record)
    except EngineError:
        return None


def _sheet_context(client: ClientProfile, paper: str) -> dict:
    today = timezone.localdate()
    record = load_record(client)  # read once: the plan, the sheet, and their cache keys
    plan = _plan(client, record)
    return selectors.sheet_context(client, today=today, plan=plan, paper=paper, record=record)


def _pdf_response(request: HttpRequest, context: dict) -> HttpResponse:
    html = render_to_string("handoff/sheet_document.html", context, request=request)
    paper, base_url = context["paper"], request.build_absolute_uri("/")
    # Typesetting takes most of a second, and the same sheet is the same PDF: it is kept
    # under a hash of the whole sheet as rendered for this reader, after the access
    # check, so a download only ever gets the bytes of the sheet it would have typeset.
    pdf = cached(
        "sheet-pdf:v1",
        (html, paper, base_url),
        lambda: sheet_pdf(html, paper=paper, base_url=base_url),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"handoff-{context['client'].first_name}-{context['today']:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def _paper_or_400(request: HttpRequest) -> str | HttpResponse:
    form = PaperForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest("paper: choose a4 or letter.", content_type="text/plain")
    return form.chosen()


@login_required
def sheet(request: HttpRequest, client_id: int) -> HttpResponse:
    access = access_for(request, client_id)
    paper = _paper_or_400(request)
    if isinstance(paper, HttpResponse):
        return paper
    context = _sheet_context(access.client, paper)
    context.update(papers=selectors.PAPERS.items(), access=access)
    return render(request, "handoff/sheet.html", context)


@login_required
def sheet_download(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for(request, client_id)
    paper = _paper_or_400(request)
    if isinstance(paper, HttpResponse):
        return paper
    return _pdf_response(request, _sheet_context(client, paper))


def _own_client(request: HttpRequest, client_id: int) -> ClientProfile:
    """Only she shares her records: a therapist, even with write access, may not."""
    return client_for(request, client_id, write=True, own=True)


NEW_SHARE = "handoff.new_share"


def _shares_page(request, client, form, *, new_link=None, new_url=None, status=200):
    context = {
        "client": client,
        "form": form,
        "links": selectors.share_links(client),
        "therapist_names": client.therapists.values_list("name", flat=True),
        "new_link": new_link,
        "new_url": new_url,
        "now": timezone.now(),
    }
    return render(request, "handoff/shares.html", context, status=status)


@never_cache
@login_required
def shares(request: HttpRequest, client_id: int) -> HttpResponse:
    client = _own_client(request, client_id)
    form = ShareLinkForm(
        request.POST or None, initial={"days": ShareLinkForm.base_fields["days"].initial}
    )
    if request.method != "POST":
        # Post/redirect/get: the new link waits in her server-side session for this one
        # page view, so reloading it shows the list and makes no second link.
        new = request.session.pop(NEW_SHARE, None)
        link = new and client.share_links.filter(pk=new["link"]).first()
        if link:
            return _shares_page(request, client, form, new_link=link, new_url=new["url"])
        return _shares_page(request, client, form)
    if not form.is_valid():
        return _shares_page(request, client, form, status=422)
    link, token = services.share_link_create(client=client, **form.cleaned_data)
    # The token is shown once and never again; no URL carries it.
    url = request.build_absolute_uri(reverse("shared", args=[token]))
    request.session[NEW_SHARE] = {"link": link.pk, "url": url}
    return redirect("shares", client_id=client.pk)


@login_required
@require_POST
def share_revoke(request: HttpRequest, client_id: int, link_id: int) -> HttpResponse:
    client = _own_client(request, client_id)
    link = get_object_or_404(ShareLink, client=client, pk=link_id)
    services.share_link_revoke(link=link)
    messages.success(request, f"The link for {link.therapist_name} no longer opens.")
    return redirect("shares", client_id=client.pk)


def _private(response: HttpResponse) -> HttpResponse:
    """A shared page must not be cached, indexed, or leak its URL to another site."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _open_link(request: HttpRequest, token: str) -> ShareLink | HttpResponse:
    link = selectors.link_for_token(token)
    if link is None:
        raise Http404("No such link")
    # The reader has no account: dates on the sheet and the link's pages are in her
    # zone, and the expiry says which zone that is.
    timezone.activate(link.client.user.zone)
    state = link.state()
    if state != ShareLink.State.ACTIVE:
        context = {"state": state, "link": link}
        return _private(render(request, "handoff/gone.html", context, status=410))
    services.share_link_opened(link=link)
    # No account, so no client_for: the audit trail learns of the visit here.
    access_record(
        request=request,
        client=link.client,
        write=False,
        via=f"share link for {link.therapist_name}",
    )
    return link


def shared(request: HttpRequest, token: str) -> HttpResponse:
    link = _open_link(request, token)
    if isinstance(link, HttpResponse):
        return link
    context = _sheet_context(link.client, "a4")
    context.update(link=link, token=token)
    return _private(render(request, "handoff/shared.html", context))


def shared_download(request: HttpRequest, token: str) -> HttpResponse:
    link = _open_link(request, token)
    if isinstance(link, HttpResponse):
        return link
    paper = _paper_or_400(request)
    if isinstance(paper, HttpResponse):
        return paper
    return _private(_pdf_response(request, _sheet_context(link.client, paper)))
