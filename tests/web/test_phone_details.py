"""Details from the phone walk-through: every number on the sheet says what it is, the
forecast names the client to anyone else, the invitation does not guess the therapist's
gender, and the tabs are one row."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from safetouch.clients.models import CareGrant, ClientProfile
from safetouch.demo.services import load_demo
from safetouch.sharing.forms import InviteForm
from tests.conftest import client_for

NOW = dt.datetime(2026, 11, 23, 21, tzinfo=dt.UTC)


@pytest.fixture
def sofia(db):
    with time_machine.travel(NOW, tick=False):
        load_demo(today=NOW.date())
        yield ClientProfile.objects.get(user__email="demo@example.com")


def test_each_number_in_the_sheets_plan_is_labelled(sofia):
    with time_machine.travel(NOW, tick=False):
        html = client_for(sofia.user).get(reverse("sheet", args=[sofia.pk])).content.decode()
    rows = re.findall(r"<tr><th scope=\"row\">.*?</tr>", html)
    assert rows
    for row in rows:
        assert re.search(r'<span class="cell-label">Pressure </span>\d', row), row
        assert re.search(r'\d+<span class="cell-label"> min</span>', row), row


def test_the_forecast_names_her_to_her_therapist_and_speaks_to_her(sofia):
    maria = CareGrant.objects.get(client=sofia).grantee
    url = reverse("between", args=[sofia.pk])
    with time_machine.travel(NOW, tick=False):
        to_maria = client_for(maria).get(url).content.decode()
        to_her = client_for(sofia.user).get(url).content.decode()
    assert "Book Sofia&#x27;s next massage by" in to_maria
    assert "when Sofia&#x27;s " in to_maria and "limits her training" in to_maria
    assert "your" not in re.search(r'<div class="forecast.*?</div>', to_maria, re.S)[0]
    assert "Book your" not in to_maria and "Next massage due by" in to_maria  # the chart
    assert "Book your next massage by" in to_her and "limits your training" in to_her


def test_the_invitation_choices_do_not_guess_the_therapists_gender():
    labels = [label for _, label in InviteForm().fields["how"].choices]
    assert labels == ["Email the therapist a code", "Show me a code to hand over in person"]
    assert not any(re.search(r"\b(her|him|his|she|he)\b", label) for label in labels)


def test_the_tabs_are_one_nav_with_a_brief_for_the_therapist(sofia):
    maria = CareGrant.objects.get(client=sofia).grantee
    with time_machine.travel(NOW, tick=False):
        html = client_for(maria).get(reverse("plan", args=[sofia.pk])).content.decode()
        own = client_for(sofia.user).get(reverse("plan", args=[sofia.pk])).content.decode()
    assert html.count('<nav class="tabs"') == 1
    assert f'href="{reverse("brief", args=[sofia.pk])}"' in html and ">Her data<" in html
    assert f'href="{reverse("brief", args=[sofia.pk])}"' not in own and ">Your data<" in own
