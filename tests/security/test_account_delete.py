"""Deleting an account removes every record of hers; the audit trail stays, anonymized."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models

from safetouch.accounts.models import User
from safetouch.accounts.services import account_delete
from safetouch.audit.models import AccessEvent
from safetouch.clients.models import ClientProfile
from tests.conftest import PASSWORD, client_for


def _rows_linked_to(profile_pk: int, user_pk: int) -> dict[str, int]:
    """Rows of any model whose foreign key points at the profile or the user.

    Generic on purpose: share links, check-ins or tokens that other parts add are
    counted without this test knowing their names.
    """
    counts = {}
    for model in apps.get_models():
        for f in model._meta.get_fields():
            if not isinstance(f, models.ForeignKey | models.OneToOneField):
                continue
            target = {ClientProfile: profile_pk, User: user_pk}.get(f.related_model)
            if target is None:
                continue
            n = model._base_manager.filter(**{f.name: target}).count()
            if n:
                counts[f"{model._meta.label}.{f.name}"] = n
    return counts


def test_deleting_removes_all_her_records(alice, alice_profile, alice_session, bob, carol):
    client_for(bob).get(f"/clients/{alice_profile.pk}/sessions/")
    client_for(alice).get(f"/clients/{alice_profile.pk}/body-map/", REMOTE_ADDR="10.9.9.9")
    profile_pk, user_pk = alice_profile.pk, alice.pk
    assert _rows_linked_to(profile_pk, user_pk)
    account_delete(user=alice)
    assert _rows_linked_to(profile_pk, user_pk) == {}
    assert not User.objects.filter(pk=user_pk).exists()


def test_audit_rows_stay_without_her(alice, alice_profile, bob):
    client_for(bob).get(f"/clients/{alice_profile.pk}/sessions/", REMOTE_ADDR="10.1.1.1")
    client_for(alice).get(f"/clients/{alice_profile.pk}/body-map/", REMOTE_ADDR="10.9.9.9")
    account_delete(user=alice)
    rows = list(AccessEvent.objects.order_by("pk").values("actor_id", "client_id", "ip"))
    assert rows == [
        {"actor_id": bob.pk, "client_id": None, "ip": "10.1.1.1"},
        {"actor_id": None, "client_id": None, "ip": None},
    ]


def test_her_logged_in_sessions_end(alice, alice_profile):
    phone, _laptop = client_for(alice), client_for(alice)
    assert Session.objects.count() == 2
    account_delete(user=alice)
    assert Session.objects.count() == 0
    assert phone.get("/dashboard/").status_code == 302


def test_the_page_asks_for_her_password(alice):
    c = client_for(alice)
    response = c.post("/account/delete/", {"password": "wrong password!", "confirm": "on"})
    assert response.status_code == 422
    assert "That is not your password." in response.content.decode()
    assert User.objects.filter(pk=alice.pk).exists()


def test_the_page_deletes_and_logs_out(alice, alice_profile):
    c = client_for(alice)
    response = c.post("/account/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=alice.pk).exists()
    assert c.get("/dashboard/").status_code == 302


def test_a_therapist_deleting_leaves_the_clients_records(alice_profile, alice_session, bob):
    account_delete(user=bob)
    assert ClientProfile.objects.filter(pk=alice_profile.pk).exists()
    assert alice_profile.sessions.count() == 1


def test_her_share_links_stop_working(alice, alice_profile):
    """Runs once the hand-off sheet's share links are in the project."""
    if not apps.is_installed("safetouch.handoff"):
        pytest.skip("share links (safetouch.handoff) are not in this build")
    from django.test import Client
    from safetouch.handoff.services import share_link_create

    _, token = share_link_create(client=alice_profile, therapist_name="Tom", days=7)
    anyone = Client()
    assert anyone.get(f"/shared/{token}/").status_code == 200
    account_delete(user=alice)
    assert anyone.get(f"/shared/{token}/").status_code in (404, 410)
