"""Sharing: invitations by email and by one-time code, accepting, revoking."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from safetouch.clients.models import CareGrant, ClientProfile
from safetouch.records.access import clients_visible_to
from safetouch.sharing import services
from tests.conftest import PASSWORD, client_for


@pytest.fixture
def erin(db):
    from safetouch.accounts.services import account_create

    return account_create(
        email="erin@example.com", password=PASSWORD, first_name="Erin", role="therapist"
    )


def test_a_code_gives_the_therapist_who_enters_it_access(alice_profile, erin):
    grant, code = services.invite_by_code(client=alice_profile, access="write")
    assert grant.code_hash and code.replace("-", "") not in grant.code_hash
    services.code_accept(user=erin, code=code.lower().replace("-", " "))
    assert clients_visible_to(erin, write=True).filter(pk=alice_profile.pk).exists()


def test_a_code_works_once(alice_profile, erin, charlie):
    _, code = services.invite_by_code(client=alice_profile, access="read")
    services.code_accept(user=erin, code=code)
    with pytest.raises(ValidationError) as exc:
        services.code_accept(user=charlie, code=code)
    assert "code" in exc.value.message_dict


def test_an_expired_code_is_refused(alice_profile, erin):
    with time_machine.travel(dt.datetime(2026, 11, 1, tzinfo=dt.UTC), tick=False):
        _, code = services.invite_by_code(client=alice_profile, access="read")
    with (
        time_machine.travel(dt.datetime(2026, 11, 9, tzinfo=dt.UTC), tick=False),
        pytest.raises(ValidationError),
    ):
        services.code_accept(user=erin, code=code)


def test_read_access_does_not_allow_writing(alice_profile, erin):
    _, code = services.invite_by_code(client=alice_profile, access="read")
    services.code_accept(user=erin, code=code)
    assert clients_visible_to(erin).filter(pk=alice_profile.pk).exists()
    assert not clients_visible_to(erin, write=True).filter(pk=alice_profile.pk).exists()


def test_the_client_cannot_accept_her_own_code(alice, alice_profile):
    _, code = services.invite_by_code(client=alice_profile, access="read")
    with pytest.raises(ValidationError):
        services.code_accept(user=alice, code=code)


def test_a_new_invitation_replaces_the_old_access(alice_profile, carol):
    _, code = services.invite_by_code(client=alice_profile, access="write")
    services.code_accept(user=carol, code=code)
    active = CareGrant.objects.active().filter(client=alice_profile, grantee=carol)
    assert [g.access for g in active] == ["write"]


def test_the_sharing_page_shows_a_code_once_and_never_in_the_url(alice):
    c = client_for(alice)
    response = c.post("/sharing/", {"how": "code", "access": "read"})
    assert response.status_code == 200
    code = re.search(r'class="code"[^>]*>([A-Z0-9-]+)<', response.content.decode())[1]
    assert code not in c.get("/sharing/").content.decode()


def test_an_email_invitation_mails_a_code_and_no_health_data(
    alice, alice_profile, erin, django_capture_on_commit_callbacks
):
    from safetouch.clients.services import zone_set

    zone_set(client=alice_profile, region="lower_back", rule="avoid")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(alice).post(
            "/sharing/", {"how": "email", "email": "Erin@Example.com", "access": "write"}
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["erin@example.com"]
    body = mail.outbox[0].body
    assert "Alice" in body and "back" not in body.lower()
    code = re.search(r"Your code: ([A-Z0-9-]+)", body)[1]
    c = client_for(erin)
    assert "Alice</strong> invited you by email" in c.get("/clients/").content.decode()
    assert c.post("/clients/accept/", {"code": code}).status_code == 302
    assert c.get(f"/clients/{alice_profile.pk}/sessions/new/").status_code == 200


def test_an_invitation_that_cannot_be_mailed_leaves_no_row(
    transactional_db, settings, alice, alice_profile
):
    from bench.service import free_port

    # A real SMTP backend with nothing listening: the send fails, as on a mail outage.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    # Committed for real (transactional_db), so the mail goes out as in production.
    response = client_for(alice).post(
        "/sharing/", {"how": "email", "email": "erin@example.com", "access": "read"}
    )
    assert response.status_code == 422
    assert "could not be sent" in response.content.decode()
    assert not CareGrant.with_invitations.filter(invite_email="erin@example.com").exists()


def test_a_name_with_a_line_break_still_mails_its_invitation(
    alice_profile, django_capture_on_commit_callbacks
):
    # Stored before names were held to one line; the header gets one line of it.
    ClientProfile.objects.filter(pk=alice_profile.pk).update(first_name="Ali\r\nBcc: x@y.z")
    alice_profile.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_by_email(client=alice_profile, email="erin@example.com", access="read")
    assert mail.outbox[0].subject == "Ali Bcc: x@y.z shared her SafeTouch records with you"
    assert mail.outbox[0].recipients() == ["erin@example.com"]


@pytest.mark.parametrize(
    "path,field",
    [("/clients/{pk}/preferences/", "first_name"), ("/accounts/signup/", "first_name")],
)
def test_a_first_name_must_be_one_line(alice, alice_profile, path, field):
    data = {"first_name": "Ali\r\nBcc: x@y.z", "position": "side_lying"}
    if "signup" in path:
        data.update(
            email="new@example.com",
            role="client",
            password1="a-long-pass-1234",
            password2="a-long-pass-1234",
        )
        c = Client()
    else:
        c = client_for(alice)
    response = c.post(path.format(pk=alice_profile.pk), data)
    assert response.status_code in (200, 422)
    assert "one line of text" in response.content.decode()


def test_owning_the_address_is_not_enough_without_the_code(alice_profile, erin):
    # Sign-up does not prove an address: an account with it must still show the code.
    services.invite_by_email(client=alice_profile, email="erin@example.com", access="read")
    assert not clients_visible_to(erin).filter(pk=alice_profile.pk).exists()
    response = client_for(erin).post("/clients/accept/", {"code": ""})
    assert response.status_code == 422
    assert not clients_visible_to(erin).filter(pk=alice_profile.pk).exists()


def test_the_email_field_is_named_when_it_is_missing(alice):
    response = client_for(alice).post("/sharing/", {"how": "email", "access": "read"})
    assert response.status_code == 422
    assert "Enter the email address" in response.content.decode()
    assert not CareGrant.with_invitations.filter(invite_email__gt="").exists()


def test_a_wrong_code_is_named_on_the_page(erin):
    response = client_for(erin).post("/clients/accept/", {"code": "AAAAA-BBBBB"})
    assert response.status_code == 422
    assert "unknown, used or expired" in response.content.decode()


def test_revoking_ends_access_at_once(alice, alice_profile, bob, alice_session):
    c = client_for(bob)
    assert c.get(f"/clients/{alice_profile.pk}/sessions/").status_code == 200
    grant = CareGrant.objects.get(grantee=bob)
    assert client_for(alice).post(f"/sharing/{grant.pk}/revoke/").status_code == 302
    assert c.get(f"/clients/{alice_profile.pk}/sessions/").status_code == 404
    grant.refresh_from_db()
    assert grant.revoked is not None


def test_a_therapist_cannot_revoke_a_grant(alice_profile, bob, carol):
    grant = CareGrant.objects.get(grantee=carol)
    assert client_for(bob).post(f"/sharing/{grant.pk}/revoke/").status_code == 404


def test_the_therapist_lists_her_clients_with_their_access(bob, carol, alice_profile):
    page = client_for(bob).get("/clients/").content.decode()
    assert "Alice" in page and "Log sessions and outcomes" in page and "Log a session" in page
    page = client_for(carol).get("/clients/").content.decode()
    assert "Alice" in page and "Log a session" not in page


def test_an_open_invitation_is_not_a_grant_to_anyone(alice_profile, bob):
    services.invite_by_code(client=alice_profile, access="write")
    services.invite_by_email(client=alice_profile, email="erin@example.com", access="read")
    # Code that lists "who has access" (exports, FHIR Consent) never meets a grantee-less row.
    assert [g.grantee for g in alice_profile.grants.all()] == [bob]
    assert CareGrant.with_invitations.filter(client=alice_profile).count() == 3


def test_the_dashboard_tells_a_therapist_an_invitation_waits(alice_profile, erin):
    services.invite_by_email(client=alice_profile, email="erin@example.com", access="read")
    page = client_for(erin).get("/dashboard/").content.decode()
    assert "1 client invited you." in page
