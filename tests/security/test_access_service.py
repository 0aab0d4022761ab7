"""The access service: one answer to "how far may she go with this record", and the audit
row of each access."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.test import RequestFactory

from safetouch.records.access import access_for, access_of, accesses_of
from safetouch.records.models import AccessEvent


def _request(user, method: str = "get"):
    request = getattr(RequestFactory(), method)("/")
    request.user = user
    return request


@pytest.mark.parametrize(
    ("who", "level", "writes", "loosens", "owns"),
    [
        ("alice", "owner", True, True, True),
        ("erin", "limits", True, True, False),
        ("bob", "write", True, False, False),
        ("carol", "read", False, False, False),
    ],
)
def test_each_role_gets_its_level(request, alice_profile, who, level, writes, loosens, owns):
    user = request.getfixturevalue(who)
    for access in (access_of(user, alice_profile), access_for(_request(user), alice_profile.pk)):
        assert access.level == level
        assert (access.may_write, access.may_edit_limits, access.is_owner) == (
            writes,
            loosens,
            owns,
        )


def test_it_refuses_a_stranger_and_a_revoked_therapist_alike(alice_profile, charlie, dave):
    for user in (charlie, dave):
        assert access_of(user, alice_profile) is None
        with pytest.raises(Http404):
            access_for(_request(user), alice_profile.pk)
    assert not AccessEvent.objects.exists()


def test_a_reader_may_not_ask_for_write_access(alice_profile, carol):
    with pytest.raises(Http404):
        access_for(_request(carol, "post"), alice_profile.pk, write=True)


def test_own_refuses_even_a_therapist_who_may_edit_her_limits(alice_profile, erin):
    with pytest.raises(Http404):
        access_for(_request(erin), alice_profile.pk, own=True)


def test_each_access_writes_one_audit_row(alice_profile, bob):
    request = _request(bob, "post")
    access_for(request, alice_profile.pk, write=True)
    access_for(request, alice_profile.pk, write=True)
    (event,) = AccessEvent.objects.all()
    assert (event.actor, event.client, event.access) == (bob, alice_profile, "write")


def test_the_list_says_how_far_she_may_go_with_each(alice, alice_profile, bob, charlie):
    assert [(a.client, a.level) for a in accesses_of(bob)] == [(alice_profile, "write")]
    assert [(a.client, a.level) for a in accesses_of(alice)] == [(alice_profile, "owner")]
    # charlie, a stranger to alice, sees only her own.
    assert [(a.client.user, a.level) for a in accesses_of(charlie)] == [(charlie, "owner")]
