"""Every page of a client's records answers 404 to anyone she did not grant access."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import client_for


def _client_urls(profile, session) -> list[tuple[str, str]]:
    c, s = profile.pk, session.pk
    item = session.items.first().pk
    change = 999999  # the undo URL of a change: refused before the change is looked up
    return [
        ("get", reverse("bodymap", args=[c])),
        ("post", reverse("limit_undo", args=[c, change])),
        ("post", reverse("zone_set", args=[c])),
        ("get", reverse("preferences", args=[c])),
        ("post", reverse("banned_add", args=[c])),
        ("get", reverse("history", args=[c])),
        ("get", reverse("session_new", args=[c])),
        ("get", reverse("session_detail", args=[c, s])),
        ("post", reverse("item_add", args=[c, s])),
        ("post", reverse("item_flag", args=[c, s, item])),
        ("post", reverse("item_delete", args=[c, s, item])),
        ("get", reverse("outcome", args=[c, s])),
    ]


def test_it_refuses_a_stranger_every_page(charlie, alice_session, alice_profile):
    browser = client_for(charlie)
    for method, url in _client_urls(alice_profile, alice_session):
        response = getattr(browser, method)(url, {"region": "neck", "rule": "avoid"})
        assert response.status_code == 404, (method, url, response.status_code)
    assert not alice_profile.zones.exists()


def test_it_sends_anonymous_visitors_to_log_in(client, alice_session, alice_profile):
    for method, url in _client_urls(alice_profile, alice_session):
        response = getattr(client, method)(url)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith("/accounts/login/")


def test_a_read_only_therapist_can_read_but_not_change(carol, alice_session, alice_profile):
    browser = client_for(carol)
    for method, url in _client_urls(alice_profile, alice_session):
        response = getattr(browser, method)(url, {"region": "neck", "rule": "avoid"})
        expected = 200 if method == "get" and "new" not in url and "outcome" not in url else 404
        assert response.status_code == expected, (method, url, response.status_code)
    assert not alice_profile.zones.exists()


def test_a_therapist_with_write_access_can_change(bob, alice_profile):
    response = client_for(bob).post(
        reverse("zone_set", args=[alice_profile.pk]), {"region": "neck", "rule": "avoid"}
    )
    assert response.status_code == 302
    assert alice_profile.zones.get().rule == "avoid"


def test_a_revoked_therapist_is_refused(bob, alice_profile):
    from django.utils import timezone

    alice_profile.grants.update(revoked=timezone.now())
    assert client_for(bob).get(reverse("bodymap", args=[alice_profile.pk])).status_code == 404


@pytest.mark.parametrize("name", ["bodymap", "history", "preferences"])
def test_the_owner_sees_her_pages(alice, alice_profile, name):
    assert client_for(alice).get(reverse(name, args=[alice_profile.pk])).status_code == 200


def test_the_dashboard_lists_only_shared_clients(bob, charlie, alice_profile):
    page = client_for(bob).get(reverse("dashboard")).content.decode()
    assert "Alice" in page
    assert "Charlie" not in page
