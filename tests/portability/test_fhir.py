"""The FHIR R4 Bundle: built with fhirclient's R4 models and parsed back with them."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from fhirclient.models.bundle import Bundle

from safetouch.engine.catalog import REGIONS
from safetouch.portability import fhir

VERIFIED_SNOMED = {r.snomed for r in REGIONS.values() if r.snomed}


def _bundle(client) -> tuple[dict, Bundle]:
    data = fhir.bundle_json(client, now=dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC))
    return data, Bundle(json.loads(json.dumps(data)))  # strict: raises on any bad element


def _kinds(parsed: Bundle) -> dict[str, list]:
    out: dict[str, list] = {}
    for entry in parsed.entry:
        out.setdefault(entry.resource.resource_type, []).append(entry.resource)
    return out


def _codings(node) -> list[tuple[str, str]]:
    """Every (system, code) anywhere in a JSON tree."""
    found = []
    if isinstance(node, dict):
        if "system" in node and "code" in node:
            found.append((node["system"], node["code"]))
        for value in node.values():
            found += _codings(value)
    elif isinstance(node, list):
        for value in node:
            found += _codings(value)
    return found


def test_it_parses_back_with_every_resource_kind(alice_full):
    _, parsed = _bundle(alice_full)
    kinds = _kinds(parsed)
    assert parsed.type == "collection"
    assert len(kinds["Patient"]) == 1
    assert len(kinds["Procedure"]) == 3
    assert {
        "Practitioner",
        "Observation",
        "AdverseEvent",
        "ServiceRequest",
        "CarePlan",
        "Consent",
        "CodeSystem",
    } <= set(kinds)


def test_each_procedure_names_its_body_sites(alice_full):
    _, parsed = _bundle(alice_full)
    for procedure in _kinds(parsed)["Procedure"]:
        sites = [c.code for site in procedure.bodySite for c in site.coding]
        assert "calf_left" in sites and "upper_back" in sites
        assert "1141986006" in sites  # upper back: a SNOMED code the catalog marks verified
        assert procedure.performer[0].actor.display == "Maria"


def test_it_uses_no_snomed_code_that_is_not_verified(alice_full):
    data, _ = _bundle(alice_full)
    snomed = {code for system, code in _codings(data) if system == fhir.SNOMED}
    assert snomed and snomed <= VERIFIED_SNOMED


def test_every_local_code_is_defined_in_the_bundle(alice_full):
    data, _ = _bundle(alice_full)
    defined = {
        (cs["url"], c["code"]) for cs in fhir.resources(data, "CodeSystem") for c in cs["concept"]
    }
    used = {(s, c) for s, c in _codings(data) if s.startswith("urn:safetouch:")}
    assert used and used <= defined


def test_tightness_becomes_observations_part_of_the_session(alice_full):
    data, _ = _bundle(alice_full)
    observations = [o for o in fhir.resources(data, "Observation") if "partOf" in o]
    # 3 sessions x (calf before+after, upper back before only)
    assert len(observations) == 9
    procedures = {
        e["fullUrl"] for e in data["entry"] if e["resource"]["resourceType"] == "Procedure"
    }
    assert all(o["partOf"][0]["reference"] in procedures for o in observations)
    assert {o["valueInteger"] for o in observations} >= {7, 4, 6}


def test_a_flare_is_an_adverse_event_suspecting_the_session(alice_full):
    data, _ = _bundle(alice_full)
    (event,) = fhir.resources(data, "AdverseEvent")
    assert event["actuality"] == "actual"
    assert event["date"] == "2026-10-01"
    assert event["suspectEntity"][0]["instance"]["reference"].startswith("urn:uuid:")


def test_never_touch_zones_and_bans_are_do_not_perform_requests(alice_full):
    data, _ = _bundle(alice_full)
    refused = [r for r in fhir.resources(data, "ServiceRequest") if r.get("doNotPerform")]
    sites = {c["code"] for r in refused for s in r.get("bodySite", []) for c in s["coding"]}
    assert "sacroiliac_joint_left" in sites and "39723000" in sites
    techniques = {c["code"] for r in refused for c in r["code"]["coding"]}
    assert {"joint_mobilization", "deep_tissue"} <= techniques


def test_the_care_plan_holds_the_focus_zones_and_the_engines_plan(alice_full):
    data, _ = _bundle(alice_full)
    (plan,) = fhir.resources(data, "CarePlan")
    requests = {e["fullUrl"]: e["resource"] for e in data["entry"]}
    activities = [requests[a["reference"]["reference"]] for a in plan["activity"]]
    assert any(r["intent"] == "plan" for r in activities)  # the calf focus zone
    proposals = [r for r in activities if r["intent"] == "proposal"]
    assert proposals, "the engine proposed nothing"
    for proposal in proposals:
        site = proposal["bodySite"][0]["coding"][-1]["code"]
        assert site != "sacroiliac_joint_left"


def test_shares_are_consents_and_a_revoked_one_is_inactive(alice_full):
    data, _ = _bundle(alice_full)
    consents = list(fhir.resources(data, "Consent"))
    assert sorted(c["status"] for c in consents) == ["active", "inactive"]
    write = next(c for c in consents if c["status"] == "active")
    actions = {a["coding"][0]["code"] for a in write["provision"]["action"]}
    assert actions == {"access", "correct"}
    assert write["scope"]["coding"][0]["code"] == "patient-privacy"


def test_pain_uses_loinc_72514_3(alice_profile):
    b = fhir.Builder(alice_profile)
    fhir.pain_observation(b, "x", "calf_left", 6, dt.date(2026, 11, 2))
    bundle = Bundle({"resourceType": "Bundle", "type": "collection", "entry": b.entries})
    observation = bundle.entry[0].resource
    assert observation.code.coding[0].system == "http://loinc.org"
    assert observation.code.coding[0].code == "72514-3"
    assert observation.valueInteger == 6


def test_an_empty_record_is_still_a_valid_bundle(alice_profile):
    _, parsed = _bundle(alice_profile)
    assert [e.resource.resource_type for e in parsed.entry][:1] == ["Patient"]


def test_check_ins_become_tightness_and_training_observations(alice_full):
    data, _ = _bundle(alice_full)
    between = [o for o in fhir.resources(data, "Observation") if "partOf" not in o]
    codes = sorted(o["code"]["coding"][0]["code"] for o in between)
    assert codes == ["tightness"] * 4 + ["training-minutes"] * 2
    training = [o for o in between if "valueQuantity" in o]
    assert {o["valueQuantity"]["value"] for o in training} == {240, 0}
    assert training[0]["valueQuantity"]["system"] == "http://unitsofmeasure.org"


def test_every_resource_is_what_fhirclient_makes_of_it(alice_full):
    """Each shape is parsed once per Bundle; every resource must still be one that
    fhirclient's R4 models take and give back unchanged."""
    from fhirclient.models import fhirelementfactory

    data, _ = _bundle(alice_full)
    for entry in data["entry"]:
        resource = entry["resource"]
        model = fhirelementfactory.FHIRElementFactory.instantiate(resource["resourceType"], None)
        assert type(model)(resource).as_json() == resource


def test_a_bad_element_is_refused_though_its_kind_was_checked(alice_profile):
    from fhirclient.models.fhirabstractbase import FHIRValidationError
    from fhirclient.models.observation import Observation

    b = fhir.Builder(alice_profile)
    fhir.pain_observation(b, "ok", "calf_left", 6, dt.date(2026, 11, 2))
    good = dict(b.entries[0]["resource"])
    with pytest.raises(FHIRValidationError):
        b.add(Observation, "Observation", "bad", {**good, "valueInteger": "six"})
    with pytest.raises(FHIRValidationError):
        b.add(Observation, "Observation", "bad", {**good, "valueShoeSize": 6})
    assert len(b.entries) == 1


def test_the_streamed_bundle_is_the_same_json(alice_full):
    now = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)
    text = "".join(fhir.bundle_lines(alice_full, now=now))
    assert json.loads(text) == fhir.bundle_json(alice_full, now=now)
    assert text.count("\n    {") == len(fhir.bundle_json(alice_full, now=now)["entry"])


def test_fhirclient_parses_as_many_shapes_for_120_sessions_as_for_15(alice_full):
    from tests.portability.test_export_queries import grow

    def parsed() -> int:
        b = fhir.Builder(alice_full)
        assert sum(1 for _ in fhir.entries(alice_full, b)) > 15
        return b.shapes_parsed

    grow(alice_full, 12)
    small = parsed()
    grow(alice_full, 105)
    assert parsed() == small < 60


def test_an_empty_record_streams_a_valid_bundle(alice_profile):
    now = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)
    text = "".join(fhir.bundle_lines(alice_profile, now=now))
    assert json.loads(text) == fhir.bundle_json(alice_profile, now=now)


def test_changing_one_bundle_leaves_the_next_alone(alice_full):
    """Concepts are built once per process and shared by every Bundle's entries; a
    Bundle handed out is a copy of its own."""
    now = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)
    first = fhir.bundle_json(alice_full, now=now)
    expected = json.loads(json.dumps(first))
    for entry in first["entry"]:
        sites = entry["resource"].get("bodySite", [])
        for site in sites if isinstance(sites, list) else [sites]:
            site["text"] = "changed"
    assert fhir.bundle_json(alice_full, now=now) == expected
    assert "changed" not in "".join(fhir.bundle_lines(alice_full, now=now))


@pytest.mark.parametrize("name", ["1/Patient/1", "12/Observation/checkin/345", "é/" * 40, ""])
def test_a_resources_uuid_is_rfc_4122s_version_5_of_its_name(name):
    import uuid

    from safetouch.portability.fhir import _NS, uuid5

    assert uuid5(name) == str(uuid.uuid5(_NS, name))
