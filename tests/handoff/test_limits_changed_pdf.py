"""The PDF of the hand-off sheet says when her limits last changed, and by whom."""

from __future__ import annotations

import datetime as dt

import time_machine

from safetouch.clients.services import zone_set
from tests.handoff.test_sheet_pdf import _pdf, _text, pytestmark  # noqa: F401


def test_the_pdf_says_when_and_by_whom_her_limits_last_changed(
    alice, alice_profile, erin, tmp_path
):
    with time_machine.travel(dt.datetime(2026, 11, 5, 10, tzinfo=dt.UTC), tick=False):
        zone_set(client=alice_profile, region="lower_back", rule="avoid", actor=erin)
    text = " ".join(_text(_pdf(alice, alice_profile.pk, tmp_path)).split())
    assert "Limits last changed Thu 5 Nov 2026 by Erin" in text
