"""A prepared query answers what its QuerySet answers, for any ids, without rebuilding."""

from __future__ import annotations

import pytest

from safetouch.core.prepared import Prepared
from safetouch.records.access import clients_visible_to
from safetouch.records.models import CareGrant, ClientProfile


def _profiles_named(user_id, client_id):
    return ClientProfile.objects.filter(user_id=user_id).exclude(pk=client_id).order_by("pk")


def test_it_returns_the_querysets_rows_for_each_set_of_ids(alice, alice_profile, bob, carol):
    prepared = Prepared(_profiles_named, user_id=int, client_id=int)
    for user in (alice, bob, carol):
        for client_id in (alice_profile.pk, -1):
            got = prepared.run(user_id=user.pk, client_id=client_id)
            assert got == list(_profiles_named(user.pk, client_id))
    row = prepared.run(user_id=alice.pk, client_id=-1)[0]
    assert row.first_name == alice_profile.first_name  # every column, converted


def test_it_builds_the_queryset_once(alice, alice_profile):
    built = []

    def build(user_id, client_id):
        built.append((user_id, client_id))
        return _profiles_named(user_id, client_id)

    prepared = Prepared(build, user_id=int, client_id=int)
    for _ in range(3):
        prepared.run(user_id=alice.pk, client_id=alice_profile.pk)
    assert len(built) == 1
    assert all(value < 0 for value in built[0])  # stand-ins, never a real id


def test_an_id_the_query_never_uses_is_refused(db):
    prepared = Prepared(lambda user_id: ClientProfile.objects.all(), user_id=int)
    with pytest.raises(ValueError, match="never uses"):
        prepared.run(user_id=1)


def test_the_access_check_follows_grants_as_they_change(alice_profile, bob, carol):
    """The prepared access check against the QuerySet it was built from, as a grant is
    revoked: a kept SQL string must not keep an answer."""
    from django.http import Http404
    from django.test import RequestFactory

    from safetouch.records.access import access_for

    def level(user):
        request = RequestFactory().get("/")
        request.user = user
        try:
            return access_for(request, alice_profile.pk).level
        except Http404:
            return None

    assert level(bob) == "write" and level(carol) == "read"
    assert alice_profile in clients_visible_to(carol)
    CareGrant.objects.filter(grantee=carol).update(revoked=alice_profile.created)
    assert level(carol) is None
    assert alice_profile not in clients_visible_to(carol)
    assert level(bob) == "write"
