"""Share links: created by the client, opened without an account, expired or revoked."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse

from safetouch.handoff.models import ShareLink, token_hash
from safetouch.handoff.services import share_link_create, share_link_revoke
from tests.conftest import client_for
from tests.routine import give_routine

T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def _create(user, client_id, **data):
    payload = {"therapist_name": "Dana", "days": 7, **data}
    return client_for(user).post(reverse("shares", args=[client_id]), payload, follow=True)


def _token(response) -> str:
    return re.search(r"/shared/([A-Za-z0-9_-]+)/", response.content.decode()).group(1)


def test_it_creates_a_link_and_shows_the_token_once(alice, alice_limits):
    browser = client_for(alice)
    url = reverse("shares", args=[alice_limits.pk])
    response = browser.post(url, {"therapist_name": "Dana", "days": 7})
    assert response.status_code == 302 and response["Location"] == url
    shown = browser.get(url)
    token = _token(shown)
    link = ShareLink.objects.get()
    assert link.therapist_name == "Dana"
    assert link.token_hash == token_hash(token)
    # Reloading the page shows the list, not the token, and makes no second link.
    again = browser.get(url)
    assert token not in again.content.decode()
    assert "Dana" in again.content.decode()
    assert ShareLink.objects.count() == 1


def test_the_token_has_at_least_128_random_bits(alice_profile):
    tokens = {share_link_create(client=alice_profile, therapist_name="Dana", days=7)[1]}
    tokens.add(share_link_create(client=alice_profile, therapist_name="Eve", days=7)[1])
    assert len(tokens) == 2
    for token in tokens:
        # urlsafe base64 carries 6 bits a character
        assert len(token) * 6 >= 128


def test_the_token_is_stored_only_as_a_hash(alice_profile):
    _, token = share_link_create(client=alice_profile, therapist_name="Dana", days=7)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM handoff_sharelink")
        rows = cursor.fetchall()
    assert rows and not any(token in str(value) for row in rows for value in row)


def test_it_suggests_her_therapists_by_name(alice, alice_profile):
    alice_profile.therapists.create(name="Maria Keller")
    html = client_for(alice).get(reverse("shares", args=[alice_profile.pk])).content.decode()
    assert '<option value="Maria Keller">' in html
    assert 'list="therapist-names"' in html


def test_it_defaults_to_seven_days(alice, alice_profile):
    form = client_for(alice).get(reverse("shares", args=[alice_profile.pk]))
    assert 'value="7"' in form.content.decode()
    with time_machine.travel(T0, tick=False):
        response = client_for(alice).post(
            reverse("shares", args=[alice_profile.pk]), {"therapist_name": "Dana", "days": ""}
        )
    assert response.status_code == 302
    assert ShareLink.objects.get().expires == T0 + dt.timedelta(days=7)


@pytest.mark.parametrize("days", [0, 91, "soon"])
def test_it_refuses_an_expiry_out_of_range_naming_the_field(alice, alice_profile, days):
    response = _create(alice, alice_profile.pk, days=days)
    assert response.status_code == 422
    assert "Valid for (days): " in response.content.decode()
    assert not ShareLink.objects.exists()


def test_it_accepts_ninety_days(alice, alice_profile):
    with time_machine.travel(T0, tick=False):
        _create(alice, alice_profile.pk, days=90)
    assert ShareLink.objects.get().expires == T0 + dt.timedelta(days=90)


def test_it_refuses_a_blank_therapist_name(alice, alice_profile):
    response = _create(alice, alice_profile.pk, therapist_name="   ")
    assert response.status_code == 422
    assert "Therapist&#x27;s name: " in response.content.decode()


def test_opening_needs_no_account_and_records_the_time(alice_limits):
    with time_machine.travel(T0, tick=False):
        link, token = share_link_create(client=alice_limits, therapist_name="Dana", days=7)
    with time_machine.travel(T0 + dt.timedelta(days=2), tick=False):
        response = Client().get(reverse("shared", args=[token]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Left SI joint" in html and "Never touch" in html
    link.refresh_from_db()
    assert link.last_opened == T0 + dt.timedelta(days=2)
    assert link.open_count == 1


def test_the_shared_page_shows_the_sheet_and_nothing_else(alice_limits):
    _, token = share_link_create(client=alice_limits, therapist_name="Dana", days=7)
    response = Client().get(reverse("shared", args=[token]))
    html = response.content.decode()
    assert f"/clients/{alice_limits.pk}/" not in html  # no way into her other records
    assert "<form" not in html.split("<main", 1)[1]  # read-only
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"


def test_the_shared_pdf_opens_without_an_account(alice_limits):
    _, token = share_link_create(client=alice_limits, therapist_name="Dana", days=7)
    response = Client().get(reverse("shared_pdf", args=[token]), {"paper": "letter"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_an_expired_link_answers_410(alice_limits):
    with time_machine.travel(T0, tick=False):
        link, token = share_link_create(client=alice_limits, therapist_name="Dana", days=7)
    with time_machine.travel(T0 + dt.timedelta(days=7, seconds=1), tick=False):
        response = Client().get(reverse("shared", args=[token]))
        pdf = Client().get(reverse("shared_pdf", args=[token]))
    assert response.status_code == 410
    assert pdf.status_code == 410
    assert "expired" in response.content.decode()
    assert "Left SI joint" not in response.content.decode()
    link.refresh_from_db()
    assert link.last_opened is None


def test_a_link_still_opens_a_second_before_it_expires(alice_limits):
    with time_machine.travel(T0, tick=False):
        _, token = share_link_create(client=alice_limits, therapist_name="Dana", days=7)
    with time_machine.travel(T0 + dt.timedelta(days=7, seconds=-1), tick=False):
        assert Client().get(reverse("shared", args=[token])).status_code == 200


def test_a_revoked_link_answers_410(alice, alice_limits):
    link, token = share_link_create(client=alice_limits, therapist_name="Dana", days=7)
    response = client_for(alice).post(reverse("share_revoke", args=[alice_limits.pk, link.pk]))
    assert response.status_code == 302
    gone = Client().get(reverse("shared", args=[token]))
    assert gone.status_code == 410
    assert "revoked" in gone.content.decode()


def test_revoking_twice_keeps_the_first_time(alice_profile):
    link, _ = share_link_create(client=alice_profile, therapist_name="Dana", days=7)
    with time_machine.travel(T0, tick=False):
        share_link_revoke(link=link)
    with time_machine.travel(T0 + dt.timedelta(hours=1), tick=False):
        share_link_revoke(link=link)
    link.refresh_from_db()
    assert link.revoked == T0


def test_an_unknown_token_answers_404(db):
    assert Client().get(reverse("shared", args=["not-a-real-token"])).status_code == 404


def test_the_list_shows_state_and_last_opened(alice, alice_profile):
    with time_machine.travel(T0, tick=False):
        _, token = share_link_create(client=alice_profile, therapist_name="Dana", days=7)
        revoked, _ = share_link_create(client=alice_profile, therapist_name="Eve", days=7)
        share_link_revoke(link=revoked)
        Client().get(reverse("shared", args=[token]))
        html = client_for(alice).get(reverse("shares", args=[alice_profile.pk])).content.decode()
    assert "last opened Mon 2 Nov 2026, 09:00" in html
    assert "Revoked" in html and "never opened" in html


def test_it_refuses_a_stranger(charlie, alice_profile):
    link, _ = share_link_create(client=alice_profile, therapist_name="Dana", days=7)
    c = client_for(charlie)
    assert c.get(reverse("shares", args=[alice_profile.pk])).status_code == 404
    assert _create(charlie, alice_profile.pk).status_code == 404
    revoke = c.post(reverse("share_revoke", args=[alice_profile.pk, link.pk]))
    assert revoke.status_code == 404
    link.refresh_from_db()
    assert link.revoked is None


def test_only_she_shares_not_her_therapist(bob, alice_profile):
    assert _create(bob, alice_profile.pk).status_code == 404
    assert not ShareLink.objects.exists()


def test_she_cannot_revoke_another_clients_link(alice, charlie):
    link, _ = share_link_create(client=charlie.client_profile, therapist_name="Dana", days=7)
    response = client_for(alice).post(
        reverse("share_revoke", args=[alice.client_profile.pk, link.pk])
    )
    assert response.status_code == 404


def test_each_opening_is_in_her_audit_trail(alice_limits):
    from safetouch.audit.models import AccessEvent

    link, token = share_link_create(client=alice_limits, therapist_name="Dana", days=7)
    Client().get(reverse("shared", args=[token]))
    event = AccessEvent.objects.get(client=alice_limits)
    assert event.via == "share link for Dana"
    assert event.actor is None
    assert token not in event.action


def test_the_shared_page_shows_the_changes_and_grouped_exclusions(alice_profile):
    give_routine(alice_profile)
    _, token = share_link_create(client=alice_profile, therapist_name="Dana", days=7)
    html = Client().get(reverse("shared", args=[token])).content.decode()
    assert "Since her last session" in html
    assert html.count("<strong>Joint mobilization</strong>: banned by the client everywhere") == 1
