"""Personal access tokens: made and revoked on the Account page, stored only as digests."""

from __future__ import annotations

from safetouch.api.models import ApiToken, token_digest
from safetouch.api.tokens import token_create
from tests.api.conftest import api_client
from tests.conftest import client_for


def test_it_stores_only_a_digest_of_the_secret(alice):
    token, secret = token_create(user=alice, name="sync")
    row = ApiToken.objects.values().get(pk=token.pk)
    assert secret not in str(row)
    assert row["digest"] == token_digest(secret)
    assert row["prefix"] == secret[:10]


def test_the_page_shows_a_new_secret_once(alice):
    browser = client_for(alice)
    made = browser.post("/account/tokens/", {"name": "spreadsheet sync"})
    html = made.content.decode()
    secret = html.split('id="new-token">')[1].split("<")[0]
    assert secret.startswith("st_")
    assert api_client(secret).get("/api/v1/clients").status_code == 200
    assert secret not in browser.get("/account/tokens/").content.decode()


def test_a_revoked_token_no_longer_opens_the_api(alice):
    token, secret = token_create(user=alice, name="old app")
    response = client_for(alice).post(f"/account/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert api_client(secret).get("/api/v1/clients").status_code == 401


def test_nobody_can_revoke_anothers_token(alice, charlie):
    token, secret = token_create(user=alice, name="mine")
    client_for(charlie).post(f"/account/tokens/{token.pk}/revoke/")
    assert api_client(secret).get("/api/v1/clients").status_code == 200


def test_a_nameless_token_is_refused_with_the_field(alice):
    response = client_for(alice).post("/account/tokens/", {"name": "  "})
    assert response.status_code == 422
    assert ApiToken.objects.count() == 0


def test_it_records_when_a_token_was_last_used(alice):
    token, secret = token_create(user=alice, name="app")
    api_client(secret).get("/api/v1/clients")
    token.refresh_from_db()
    assert token.last_used is not None


def test_an_inactive_users_token_is_refused(alice):
    _, secret = token_create(user=alice, name="app")
    alice.is_active = False
    alice.save()
    assert api_client(secret).get("/api/v1/clients").status_code == 401


def test_the_page_needs_a_login(db):
    from django.test import Client

    assert Client().get("/account/tokens/").status_code == 302
