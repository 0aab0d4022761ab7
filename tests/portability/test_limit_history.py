"""The history of her limits travels in the account file, and a wrong-shaped state in it
is refused naming the field."""

from __future__ import annotations

import json

import pytest

from safetouch.portability.document import ImportFileError
from safetouch.portability.selectors import account_document
from safetouch.portability.services import account_import


@pytest.fixture
def history_file(alice_profile, erin):
    from safetouch.clients.services import profile_update, zone_set

    zone_set(client=alice_profile, region="lower_back", rule="avoid")
    zone_set(client=alice_profile, region="lower_back", rule=None, actor=erin)
    profile_update(client=alice_profile, changes={"risk_tolerance": 0.03}, actor=erin)
    document = account_document(alice_profile.user)
    document["account"]["email"] = "alice.elsewhere@example.com"
    return document


def test_the_history_survives_export_and_import(history_file):
    imported = account_import(text=json.dumps(history_file)).user.client_profile
    told = [str(c) for c in imported.limit_changes.order_by("created", "pk")]
    assert told == [
        "Alice marked Lower back never touch",
        "Erin removed Lower back from never touch",
        "Erin lowered the flare limit from 5% to 3%",
    ]


@pytest.mark.parametrize(
    ("index", "name", "value"),
    [(0, "after", {"rule": "avoid"}), (1, "before", {"banned": True}), (2, "after", 3)],
)
def test_a_state_of_the_wrong_shape_is_refused_by_field(history_file, index, name, value):
    history_file["limit_changes"][index][name] = value
    with pytest.raises(ImportFileError) as raised:
        account_import(text=json.dumps(history_file))
    assert raised.value.errors[0].field == f"limit_changes[{index}].{name}"
