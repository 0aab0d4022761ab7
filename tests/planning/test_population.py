"""Learning from the practice: her opt-in, `fit_population` per therapist and server,
and plans that use it and say so."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from bench.practice import client_request
from safetouch.engine import default_population
from safetouch.planning.models import Population
from safetouch.planning.selectors import engine_request, pools_history
from safetouch.planning.services import pooling_set
from tests.conftest import client_for

LABEL = "Let my history, without my name, improve plans at my therapists' practices"


def _client_with_history(k: int, therapist, *, pooled: bool = True):
    from safetouch.accounts.services import account_create
    from safetouch.clients.models import CareGrant
    from safetouch.treatments.services import outcome_record, session_create

    user = account_create(
        email=f"client{k}@example.com",
        password="x-long-password-1",
        first_name=f"C{k}",
        role="client",
    )
    client = user.client_profile
    CareGrant.objects.create(client=client, grantee=therapist, access="read")
    request = client_request(k, shift=-1.0, relief_log=0.0, sessions=3, seed=5)
    for s in request["history"]:
        flagged = {(f["region"], f["technique"]) for f in s["too_much"]}
        items = [{**i, "too_much": (i["region"], i["technique"]) in flagged} for i in s["items"]]
        session = session_create(
            client=client,
            date=dt.date.fromisoformat(s["date"]),
            minutes=50,
            position="side_lying",
            items=items,
            confirm_breaks=True,  # a synthetic history repeats what was too much
        )
        tightness = {
            r: (int(s["tightness_before"][r]), int(s["tightness_after"][r]))
            for r in s["tightness_before"]
        }
        outcome_record(session=session, flare=s["flare"], tightness=tightness)
    if pooled:
        pooling_set(client=client, pooled=True)
    return client


@pytest.fixture
def practice_of_bob(bob):
    return [_client_with_history(k, bob) for k in range(21)]


def test_pooling_is_off_by_default_and_her_sharing_page_offers_it(alice):
    html = client_for(alice).get(reverse("sharing")).content.decode()
    assert LABEL in html
    box = html.split('name="pooled"', 1)[1].split(">", 1)[0]
    assert "checked" not in box
    assert not pools_history(alice.client_profile)


def test_she_turns_it_on_and_off_again(alice):
    web = client_for(alice)
    assert web.post(reverse("pooling_set"), {"pooled": "on"}).status_code == 302
    assert pools_history(alice.client_profile)
    html = web.get(reverse("sharing")).content.decode()
    assert "checked" in html.split('name="pooled"', 1)[1].split(">", 1)[0]
    web.post(reverse("pooling_set"), {})
    assert not pools_history(alice.client_profile)


def test_her_therapist_cannot_turn_it_on_for_her(alice_profile, bob):
    client_for(bob).post(reverse("pooling_set"), {"pooled": "on"})
    assert not pools_history(alice_profile)


def test_it_fits_one_population_per_therapist_and_one_for_the_server(bob, practice_of_bob):
    _client_with_history(99, bob, pooled=False)  # did not agree: not asked
    call_command("fit_population")
    server = Population.objects.get(therapist=None)
    own = Population.objects.get(therapist=bob)
    for population in (server, own):
        assert population.consenting == 21
        assert population.fitted_on == 21
        assert population.parameters["clients"] == 21
        assert population.parameters["threshold_shift"]["mean"] < 0  # a sensitive practice
    first = {p.pk: p.parameters for p in Population.objects.all()}
    call_command("fit_population")  # idempotent: the same rows, the same parameters
    assert {p.pk: p.parameters for p in Population.objects.all()} == first


def test_revoking_takes_her_history_out_of_the_next_fit(bob, practice_of_bob):
    call_command("fit_population")
    pooling_set(client=practice_of_bob[0], pooled=False)
    pooling_set(client=practice_of_bob[1], pooled=False)
    call_command("fit_population")
    server = Population.objects.get(therapist=None)
    assert server.consenting == 19
    assert server.fitted_on == 0  # below 20: the built-in prior
    assert server.parameters == default_population()


def test_her_plan_uses_her_therapists_population_and_says_so(
    alice, alice_profile, bob, practice_of_bob
):
    call_command("fit_population")
    request = engine_request(alice_profile, 45)
    assert request["population"] == Population.objects.get(therapist=bob).parameters
    html = client_for(alice).get(reverse("plan", args=[alice_profile.pk])).content.decode()
    assert "Learned from 21 of Bob" in html


def test_a_client_whose_therapist_has_none_uses_the_servers(charlie, bob, practice_of_bob):
    call_command("fit_population")
    request = engine_request(charlie.client_profile, 45)
    assert request["population"] == Population.objects.get(therapist=None).parameters


def test_without_a_fitted_population_the_plan_says_built_in_prior(alice, alice_profile):
    call_command("fit_population")
    assert "population" not in engine_request(alice_profile, 45)
    html = client_for(alice).get(reverse("plan", args=[alice_profile.pk])).content.decode()
    assert "Built-in prior: fewer than 20 clients" in html


def test_what_the_plan_says_of_its_population_reads_no_other_row(
    alice_profile, bob, practice_of_bob, django_assert_num_queries
):
    from safetouch.planning.selectors import population_for, population_note

    call_command("fit_population")
    population = population_for(alice_profile)
    with django_assert_num_queries(0):
        assert population_note(population).startswith("Learned from 21 of Bob's clients")
    bob.first_name = ""
    bob.save()
    population = population_for(alice_profile)
    with django_assert_num_queries(0):
        assert population_note(population).startswith(
            f"Learned from 21 of {bob.email.split('@')[0]}'s"
        )
