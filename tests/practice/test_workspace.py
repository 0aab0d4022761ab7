"""The practice workspace: every client who shared with the therapist, with her badges,
search, due-first order, new limit changes, an empty state, and the login landing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from safetouch.audit.models import AccessEvent
from safetouch.checkins.models import Preferences
from safetouch.clients.models import CareGrant, ClientProfile
from safetouch.clients.services import zone_set
from safetouch.demo.services import load_demo
from safetouch.records.load import QUERIES_KEPT, QUERIES_READ
from safetouch.treatments.services import session_create
from tests.conftest import PASSWORD, client_for

NOW = dt.datetime(2026, 11, 23, 21, tzinfo=dt.UTC)


def _page(user, **params) -> str:
    response = client_for(user).get(reverse("workspace"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_therapist_is_told_how_to_add_her_first_client(db):
    from safetouch.accounts.services import account_create

    dora = account_create(
        email="dora@example.com", password=PASSWORD, first_name="Dora", role="therapist"
    )
    html = _page(dora)
    assert "Add your first client" in html
    assert "Who may see my records" in html  # where the client invites her
    assert 'action="/clients/accept/"' in html and 'name="code"' in html
    assert 'role="search"' not in html  # nothing to search yet


def test_it_lists_each_client_who_shared_with_her_badges(alice_record, bob, charlie):
    html = _page(bob)
    assert "Alice" in html and "Charlie" not in html
    assert "<strong>2</strong>: Left gluteal, Lower back" in html  # never touch
    assert "Neck ≤ 2" in html  # caps
    assert "<strong>1</strong> flag" in html  # too much
    assert "1 Nov 2026" in html  # last session
    assert '<strong class="flare-after">Flared after the last session</strong>' in html
    assert f'href="{reverse("brief", args=[alice_record.pk])}"' in html
    assert f'href="{reverse("sheet", args=[alice_record.pk])}"' in html


def test_a_session_without_its_outcome_is_pending(alice_profile, bob):
    session_create(
        client=alice_profile, date=dt.date(2026, 11, 5), minutes=30, position="side_lying"
    )
    html = _page(bob)
    assert "outcome pending" in html
    assert "Flared after the last session" not in html


def test_a_revoked_grant_takes_the_client_off_the_list(alice_record, bob):
    CareGrant.objects.filter(grantee=bob).update(revoked=NOW)
    assert "Alice" not in _page(bob)


def test_search_finds_clients_by_name(alice_record, bob, charlie):
    CareGrant.objects.create(client=charlie.client_profile, grantee=bob, access="read")
    html = _page(bob, q="char")
    assert "Charlie" in html and ">Alice<" not in html
    assert "No client whose name contains" in _page(bob, q="zzz")
    partial = client_for(bob).get(reverse("workspace"), {"q": "ali"}, HTTP_HX_REQUEST="true")
    assert partial.content.decode().lstrip().startswith('<div id="ws-rows"')


@pytest.fixture
def practice(db):
    """Maria's demo practice on a fixed day, with three more clients who shared."""
    with time_machine.travel(NOW, tick=False):
        load_demo(today=NOW.date())
        from safetouch.accounts.models import User
        from safetouch.accounts.services import account_create

        maria = User.objects.get(email="therapist@example.com")
        for name in ("Zoe", "Anna", "Beth"):
            user = account_create(
                email=f"{name.lower()}@example.com",
                password=PASSWORD,
                first_name=name,
                role="client",
            )
            CareGrant.objects.create(client=user.client_profile, grantee=maria, access="read")
        yield maria


def _names(html: str, names: list[str]) -> list[str]:
    return sorted(names, key=lambda name: html.index(f">{name}</a></h2>"))


def test_clients_due_to_book_come_first_then_by_name(practice):
    names = ["Anna", "Beth", "Sofia", "Zoe"]
    with time_machine.travel(NOW, tick=False):
        sofia = ClientProfile.objects.get(user__email="demo@example.com")
        # At a limit of 10 her tightness is weeks away from it: by name only.
        Preferences.objects.update_or_create(client=sofia, defaults={"limit_level": 10})
        assert _names(_page(practice), names) == names
        # Her tightness is above a limit of 2: the forecast says she is due now.
        Preferences.objects.update_or_create(client=sofia, defaults={"limit_level": 2})
        html = _page(practice)
    assert _names(html, names) == ["Sofia", "Anna", "Beth", "Zoe"]
    assert "Due to book" in html


def test_the_forecast_is_cached_until_her_history_changes(practice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    browser = client_for(practice)
    with time_machine.travel(NOW, tick=False):
        browser.get(reverse("workspace"))
        with CaptureQueriesContext(connection) as warm:
            browser.get(reverse("workspace"))
        sofia = ClientProfile.objects.get(user__email="demo@example.com")
        Preferences.objects.update_or_create(client=sofia, defaults={"limit_level": 2})
        with CaptureQueriesContext(connection) as changed:
            html = browser.get(reverse("workspace")).content.decode()
    assert "Due to book" in html  # a new stamp: not the cached "book by" date
    # The fresh forecast is made from the records the page loaded: no query of its own;
    # her changed record is read again, the others are asked for by version only.
    assert len(changed) == len(warm) + QUERIES_READ - QUERIES_KEPT


def test_new_limit_changes_count_until_she_opens_the_brief(alice_record, bob):
    # Her limits were set before she shared them: nothing is new to him yet.
    assert "new limit change" not in _page(bob)
    # Never looked since he got access: what changed since then is new.
    zone_set(client=alice_record, region="neck", rule=None, actor=alice_record.user)
    zone_set(client=alice_record, region="calf_right", rule="avoid", actor=alice_record.user)
    assert "2 new limit changes" in _page(bob)
    assert client_for(bob).get(reverse("brief", args=[alice_record.pk])).status_code == 200
    assert "new limit change" not in _page(bob)
    zone_set(client=alice_record, region="lower_back", rule=None, actor=alice_record.user)
    assert "1 new limit change<" in _page(bob)
    # His own changes are never news to him.
    zone_set(client=alice_record, region="neck", rule="caution", pressure_cap=1, actor=bob)
    assert "1 new limit change<" in _page(bob)


def test_each_listed_client_sees_the_look_in_her_access_log(alice_record, bob):
    _page(bob)
    event = AccessEvent.objects.filter(client=alice_record, actor=bob).get()
    assert (event.action, event.access) == ("workspace", "read")


@pytest.mark.parametrize(("who", "lands"), [("bob", "workspace"), ("alice", "dashboard")])
def test_a_therapist_lands_on_her_clients_and_a_client_on_her_dashboard(
    request, alice, bob, who, lands
):
    from django.test import Client

    user = request.getfixturevalue(who)
    response = Client().post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse(lands)
    assert Client().get(reverse("home")).status_code == 200
    assert client_for(user).get(reverse("home"))["Location"] == reverse(lands)


def test_the_top_bar_links_a_therapist_to_her_clients(alice, bob):
    link = f'<a href="{reverse("workspace")}">Your clients</a>'
    assert link in client_for(bob).get(reverse("dashboard")).content.decode()
    assert link not in client_for(alice).get(reverse("dashboard")).content.decode()


def test_the_dashboard_and_client_list_lead_a_therapist_to_the_brief(alice_profile, bob):
    brief = f'href="{reverse("brief", args=[alice_profile.pk])}"'
    dashboard = client_for(bob).get(reverse("dashboard")).content.decode()
    assert brief in dashboard and "Open your workspace" in dashboard
    assert "<title>Dashboard · SafeTouch</title>" in dashboard
    assert brief in client_for(bob).get(reverse("client_list")).content.decode()
