"""The account file carries her "lighter is OK" and each item's marks; the import asks
engine.check and marks what breaks her limits even when the file does not."""

from __future__ import annotations

import json

from safetouch.portability.selectors import account_document
from safetouch.portability.services import account_import
from safetouch.treatments.models import LighterOk, SessionItem


def test_lighter_ok_and_the_marks_travel_and_unmarked_breaks_are_marked(alice_full):
    LighterOk.objects.create(client=alice_full, region="upper_back", technique="deep_tissue")
    document = account_document(alice_full.user)
    assert document["lighter_ok"] == [{"region": "upper_back", "technique": "deep_tissue"}]
    marked = [i for s in document["sessions"] for i in s["items"] if i["breaks"]]
    assert marked, "fill_alice logs deep tissue on the upper back again after it was too much"
    for session in document["sessions"]:
        for item in session["items"]:
            item.pop("breaks")  # a file from before marks existed
    alice_full.user.delete()

    imported = account_import(text=json.dumps(document, default=str)).user.client_profile

    assert list(imported.lighter_ok.values_list("region", "technique")) == [
        ("upper_back", "deep_tissue")
    ]
    again = SessionItem.objects.filter(session__client=imported).exclude(breaks=[])
    assert again.count() == len(marked)
    assert all("too_much" in [b["rule"] for b in i.breaks] for i in again)
