"""The access-control matrix, generated from the URL configuration.

Every URL pattern is classified by convention, so a URL added tomorrow is covered
without editing this file:

- a pattern with a `client_id` kwarg is a client record: the owner and the three granted
  therapists read it (GET 200), only the owner and the two write therapists ("log
  sessions and outcomes", "edit limits") change it (a POST by the read-only therapist is
  404), the revoked therapist and a stranger get 404, the anonymous visitor goes to the
  login page. Where a POST loosens one of her limits (LOOSENING), the therapist who only
  logs sessions is refused with 403 and nothing is written. A page whose last segment is
  `new` or `edit` is a write form: the read-only therapist gets 404 for it too.
- a pattern without kwargs needs a login and shows the visitor her own things: every
  logged-in role gets 200, the anonymous visitor the login page.
- a pattern with a kwarg named `token` (or `..._token`) is opened by a token: with a
  made-up token everybody, logged in or not, gets 404 or 410.
- a pattern under `api/` answers the anonymous visitor with 401 or 403, never 200;
  its OpenAPI schema and docs page are public.

EXPLICIT lists the exceptions (public pages, owner-only pages). A pattern that no
convention covers and EXPLICIT does not list fails the matrix test, named.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = ("owner", "limits", "write", "read", "revoked", "stranger", "anonymous")
LOGGED_IN = ROLES[:-1]
METHODS = ("GET", "POST")

LOGIN = "login"  # a redirect to the login page
GET_OK = frozenset({200, 405})  # 405: the URL only takes POST
POST_OK = frozenset({200, 201, 204, 302, 303, 400, 405, 409, 422})
DENY = frozenset({404, 405})
GONE = frozenset({404, 410})
API_DENY = frozenset({401, 403, 404, 405})

Expect = dict[str, dict[str, frozenset]]


def _same(answer: frozenset, roles=ROLES) -> Expect:
    return {role: {m: answer for m in METHODS} for role in roles}


def _rows(**by_role: tuple[frozenset, frozenset]) -> Expect:
    return {role: dict(zip(METHODS, answers, strict=True)) for role, answers in by_role.items()}


CLIENT_RECORD = _rows(
    owner=(GET_OK, POST_OK),
    limits=(GET_OK, POST_OK),
    write=(GET_OK, POST_OK),
    read=(GET_OK, DENY),
    revoked=(DENY, DENY),
    stranger=(DENY, DENY),
    anonymous=(frozenset({LOGIN}), frozenset({LOGIN})),
)
WRITE_FORM = {**CLIENT_RECORD, "read": {"GET": frozenset({404}), "POST": DENY}}
OWN_THINGS = {
    **{role: {"GET": GET_OK, "POST": POST_OK} for role in LOGGED_IN},
    "anonymous": {m: frozenset({LOGIN}) for m in METHODS},
}
# The owner's own sharing records (grant_id is one of alice's grants): nobody else.
OWNER_ONLY = {
    **CLIENT_RECORD,
    "limits": {m: DENY for m in METHODS},
    "write": {m: DENY for m in METHODS},
    "read": {m: DENY for m in METHODS},
}
# A POST here loosens a limit (lifts alice's ban, undoes her ban): only the owner and the
# "edit limits" therapist may; the therapist who logs sessions gets 403, in words.
REFUSED = frozenset({403})
LOOSENING = {**CLIENT_RECORD, "write": {"GET": GET_OK, "POST": REFUSED}}
PUBLIC = _same(frozenset({200, 302, 405, 422}))
TOKEN = _same(GONE)
# The API (django-ninja) takes the browser's session too, so the same roles apply. Input
# is validated before the view runs, so a request without the body or query it needs
# gets 400 or 422 from anyone: refused before it reaches the records. DELETE carries
# no body and so reaches the permission check: only the owner and the write therapist
# pass it.
API_ANON = frozenset({401, 403, 404, 405})
INVALID = frozenset({400, 422})
API_ANY = frozenset(GET_OK | POST_OK | API_DENY)
API = {
    **{role: {"GET": API_ANY, "POST": API_ANY, "DELETE": API_ANY} for role in LOGGED_IN},
    "anonymous": {"GET": API_ANON, "POST": API_ANON, "DELETE": API_ANON},
}
API_REFUSED = {"GET": API_DENY | INVALID, "POST": API_DENY | INVALID, "DELETE": API_DENY}
API_CLIENT = {
    "owner": {"GET": GET_OK | INVALID, "POST": POST_OK, "DELETE": POST_OK},
    "limits": {"GET": GET_OK | INVALID, "POST": POST_OK, "DELETE": POST_OK},
    "write": {"GET": GET_OK | INVALID, "POST": POST_OK, "DELETE": POST_OK},
    "read": {"GET": GET_OK | INVALID, "POST": API_DENY | INVALID, "DELETE": API_DENY},
    "revoked": API_REFUSED,
    "stranger": API_REFUSED,
    "anonymous": API["anonymous"],
}
# DELETE of alice's never-touch zone loosens it: refused to the session-only therapist.
API_LOOSENING = {**API_CLIENT, "write": {**API_CLIENT["write"], "DELETE": REFUSED}}
# Her whole account file names everyone she shares with: the owner's alone.
API_OWNER_ONLY = {
    **API_CLIENT,
    "limits": API_REFUSED,
    "write": API_REFUSED,
    "read": API_REFUSED,
}


@dataclass
class Entry:
    """An exception to the conventions: its rule, and sample kwargs of its own."""

    expect: Expect
    samples: dict[str, Callable] = field(default_factory=dict)


# POSTs that must work without a CSRF token: the RFC 8058 one-click unsubscribe, which a
# mail client sends with no cookie; its signed token is the only credential, and all it
# can do is turn one kind of reminder email off.
CSRF_EXEMPT = frozenset({"unsubscribe"})

EXPLICIT: dict[str, Entry] = {
    "home": Entry(PUBLIC),
    "login": Entry(PUBLIC),
    "signup": Entry(PUBLIC),
    "password_reset": Entry(PUBLIC),
    "password_reset_done": Entry(PUBLIC),
    "password_reset_complete": Entry(PUBLIC),
    "logout": Entry(PUBLIC),
    "health": Entry(PUBLIC),
    "favicon": Entry(PUBLIC),
    "guide": Entry(PUBLIC),
    "guide_positioning": Entry(PUBLIC),
    "guide_massage": Entry(PUBLIC),
    "guide_stretches": Entry(PUBLIC),
    # Share links of the hand-off sheet: only the client herself makes and revokes them.
    "shares": Entry(OWNER_ONLY),
    "share_revoke": Entry(OWNER_ONLY),
    # Re-checking an adjusted plan stores nothing, so reading is enough.
    "plan_check": Entry({**CLIENT_RECORD, "read": {"GET": GET_OK, "POST": POST_OK}}),
    "checkin_new": Entry(WRITE_FORM),
    # The calendar feed's secret URL is the client's own to make and revoke.
    "feed_create": Entry(OWNER_ONLY),
    "feed_revoke": Entry(OWNER_ONLY),
    # Revoking one of her own API tokens; 999999 is nobody's, so nothing happens.
    "token_revoke": Entry(OWN_THINGS),
    # Without a second factor set up, the code page sends everyone on to the dashboard.
    "twofactor_verify": Entry(
        {**OWN_THINGS, **{r: {m: frozenset({302}) for m in METHODS} for r in LOGGED_IN}}
    ),
    # The next-day outcome is a form for those who may write, like a `new` page.
    "outcome": Entry(WRITE_FORM),
    # In-session mode records taps: a page for those who may write, like a `new` page.
    # Its taps (session_tap), saving an adjusted plan and going back to the engine's
    # (plan_save, plan_reset) follow the client-record convention: a "write" therapist
    # may, a reader gets 404; the heartbeat (live_heartbeat) is the visitor's own login.
    "session_live": Entry(WRITE_FORM),
    # Asking engine.check about an item before it is tapped stores nothing, like
    # plan_check: reading is enough.
    "session_live_check": Entry({**CLIENT_RECORD, "read": {"GET": GET_OK, "POST": POST_OK}}),
    "grant_revoke": Entry(OWNER_ONLY, {"grant_id": lambda w: w.read_grant.pk}),
    "banned_remove": Entry(LOOSENING),
    "limit_undo": Entry(LOOSENING, {"change_id": lambda w: w.ban_change.pk}),
    "api-v1:zone_put": Entry(API_LOOSENING),
    "api-v1:zone_delete": Entry(API_LOOSENING),
    # Only she can say a flagged pair may be tried lighter: her therapists are refused.
    "lighter_ok": Entry(
        {
            **OWNER_ONLY,
            "limits": {"GET": DENY, "POST": frozenset({403})},
            "write": {"GET": DENY, "POST": frozenset({403})},
            "read": {"GET": DENY, "POST": frozenset({403})},
        }
    ),
    # Her whole account file, with every share's email and history; a therapist may
    # download the records as CSV and FHIR.
    "export_json": Entry(OWNER_ONLY),
    "api-v1:export_account": Entry(API_OWNER_ONLY),
}

# Sample values for kwargs, taken from the world the test builds (alice's records).
SAMPLES: dict[str, Callable] = {
    "client_id": lambda w: w.client.pk,
    "session_id": lambda w: w.session.pk,
    "item_id": lambda w: w.item.pk,
    "banned_id": lambda w: w.banned.pk,
    "region": lambda w: "calf_left",
}
WRITE_FORM_SEGMENTS = {"new", "edit"}
KWARG = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
SKIPPED_NAMESPACES = {"admin"}  # the admin site has its own test


@dataclass(frozen=True)
class Route:
    route: str
    name: str
    kwargs: tuple[str, ...]
    converters: tuple[str, ...]

    def __str__(self) -> str:
        return f"/{self.route} (name {self.name or '-'})"


def routes() -> Iterator[Route]:
    """Every URL pattern of the project, with its full route and kwargs."""
    yield from _walk(get_resolver().url_patterns, "", "")


def _walk(patterns, prefix: str, namespace: str) -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            if ns in SKIPPED_NAMESPACES:
                continue
            full_ns = f"{namespace}{ns}:" if ns else namespace
            yield from _walk(pattern.url_patterns, prefix + _text(pattern), full_ns)
        elif isinstance(pattern, URLPattern):
            route = prefix + _text(pattern)
            found = KWARG.findall(route)
            name = f"{namespace}{pattern.name}" if pattern.name else ""
            yield Route(
                route=route,
                name=name,
                kwargs=tuple(n for _, n in found),
                converters=tuple(c or "str" for c, _ in found),
            )


def _text(pattern) -> str:
    text = str(pattern.pattern)
    # A regex pattern (rare outside the admin) becomes a route-like string.
    return text.lstrip("^").rstrip("$").replace("\\", "")


def rule_for(route: Route) -> tuple[Expect, dict[str, Callable]] | None:
    """The expected answers for this route, or None when no convention covers it."""
    if route.name in EXPLICIT:
        entry = EXPLICIT[route.name]
        return entry.expect, entry.samples
    if route.route.startswith("api/"):
        if route.route.rstrip("/").endswith(("openapi.json", "docs")):
            return PUBLIC, {}
        return (API_CLIENT if "client_id" in route.kwargs else API), {}
    if any(name == "token" or name.endswith("_token") for name in route.kwargs):
        return TOKEN, {}
    if "client_id" in route.kwargs:
        segments = [s for s in route.route.split("/") if s and not s.startswith("<")]
        is_form = bool(segments) and segments[-1] in WRITE_FORM_SEGMENTS
        return (WRITE_FORM if is_form else CLIENT_RECORD), {}
    if not route.kwargs:
        return OWN_THINGS, {}
    return None


def build_url(route: Route, world, samples: dict[str, Callable]) -> tuple[str, bool]:
    """The route with sample values; the flag says every kwarg had a real sample."""
    exact = True

    def value(match: re.Match) -> str:
        nonlocal exact
        name, converter = match["name"], match["converter"] or "str"
        sample = samples.get(name) or SAMPLES.get(name)
        if sample is not None:
            return str(sample(world))
        exact = False
        # A made-up value: a missing object, or a made-up token.
        return "999999" if converter == "int" else "made-up-" + name

    return "/" + KWARG.sub(value, route.route), exact


def answer(response) -> int | str:
    """The status, or LOGIN for a redirect to the login page."""
    redirect = response.status_code in (301, 302, 303)
    if redirect and urlsplit(response["Location"]).path == reverse("login"):
        return LOGIN
    return response.status_code


def hint(role: str, method: str, got: int | str) -> str:
    """What a mismatch usually means, to make the failure quick to fix."""
    if role == "write" and got in (200, 204, 302):
        return " (a therapist who only logs sessions loosened one of her limits)"
    if role == "read" and method == "POST" and got in (200, 302):
        return " (only a page may answer a read-only POST, and only without writing)"
    if got == 500:
        return " (the view crashed)"
    return ""
