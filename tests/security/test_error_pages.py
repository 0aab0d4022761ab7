"""Error pages say what happened and show nothing of anyone's records."""

from __future__ import annotations

from tests.conftest import client_for

MARKER = "ZQX-private-marker-4417"


def test_a_refused_page_shows_no_record_and_no_debug_details(alice_profile, charlie):
    type(alice_profile).objects.filter(pk=alice_profile.pk).update(positioning_notes=MARKER)
    response = client_for(charlie).get(f"/clients/{alice_profile.pk}/preferences/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Not found</h1>" in page
    assert MARKER not in page and "Traceback" not in page and "urlpatterns" not in page
