"""The two write grants: the invitation says exactly what each allows, and accepting one
gives that much and no more."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from safetouch.clients.models import ACCESS_ALLOWS, CareGrant
from safetouch.records.access import access_of
from tests.conftest import PASSWORD, client_for


@pytest.fixture
def frank(db):
    from safetouch.accounts.services import account_create

    return account_create(
        email="frank@example.com", password=PASSWORD, first_name="Frank", role="therapist"
    )


def test_the_invitation_form_says_what_each_access_allows(alice):
    page = client_for(alice).get("/sharing/").content.decode()
    for access in CareGrant.Access:
        assert f"{access.label}. {ACCESS_ALLOWS[access]}" in page.replace("&#x27;", "'")
    assert "not loosen them" in ACCESS_ALLOWS["write"]
    assert "remove a never-touch zone" in ACCESS_ALLOWS["limits"]


@pytest.mark.parametrize(
    ("access", "writes", "loosens"),
    [("read", False, False), ("write", True, False), ("limits", True, True)],
)
def test_the_emailed_code_gives_what_the_email_says(
    alice, alice_profile, frank, access, writes, loosens, django_capture_on_commit_callbacks
):
    data = {"how": "email", "email": "frank@example.com", "access": access}
    with django_capture_on_commit_callbacks(execute=True):  # mailed once the row is stored
        assert client_for(alice).post("/sharing/", data).status_code == 302
    body = mail.outbox[0].body
    assert ACCESS_ALLOWS[access] in body
    code = re.search(r"Your code: ([A-Z0-9-]+)", body)[1]
    response = client_for(frank).post("/clients/accept/", {"code": code}, follow=True)
    assert ACCESS_ALLOWS[access] in response.content.decode().replace("&#x27;", "'")
    access = access_of(frank, alice_profile)
    assert access.may_write is writes
    assert access.may_edit_limits is loosens


def test_a_grant_from_before_the_split_only_logs_sessions(alice_profile, bob):
    """ "Read and write" grants keep their value, which now means log sessions only."""
    grant = CareGrant.objects.get(grantee=bob)
    assert grant.access == "write" and grant.get_access_display() == "Log sessions and outcomes"
    access = access_of(bob, alice_profile)
    assert access.may_write and not access.may_edit_limits


def test_a_revoked_edit_limits_grant_loosens_nothing(alice_profile, erin):
    from django.utils import timezone

    CareGrant.objects.filter(grantee=erin).update(revoked=timezone.now())
    assert access_of(erin, alice_profile) is None
