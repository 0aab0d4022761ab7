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


def test_texts_and_moments_are_swapped_as_the_orm_would_write_them(alice, alice_profile):
    """The session row by its key, alive at a moment: before, at and after its expiry."""
    import datetime as dt

    from django.contrib.sessions.models import Session

    expiry = dt.datetime(2030, 5, 6, 7, 8, 9, 123456, tzinfo=dt.UTC)
    Session.objects.create(session_key="k" * 32, session_data="x", expire_date=expiry)
    Session.objects.create(session_key="j" * 32, session_data="y", expire_date=expiry)

    def alive(session_key, now):
        return Session.objects.filter(session_key=session_key, expire_date__gt=now)

    prepared = Prepared(alive, session_key=str, now=dt.datetime)
    second = dt.timedelta(microseconds=1)
    for key in ("k" * 32, "j" * 32, "K" * 32, "k' OR 1=1 --"):
        for now in (expiry - second, expiry, expiry + second, expiry - dt.timedelta(days=400)):
            got = [s.session_key for s in prepared.run(session_key=key, now=now)]
            assert got == [s.session_key for s in alive(key, now)], (key, now)
    with pytest.raises(TypeError, match="aware"):
        prepared.run(session_key="k" * 32, now=dt.datetime(2030, 1, 1))


def test_a_kind_it_cannot_swap_is_refused_at_once():
    with pytest.raises(TypeError, match="kind"):
        Prepared(lambda ids: ClientProfile.objects.filter(pk__in=ids), ids=list)
