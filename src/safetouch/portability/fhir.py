"""A FHIR R4 Bundle of a client's record, built and checked with fhirclient's R4 models.

fhirclient checks each distinct shape of resource once per Bundle (its keys, nesting and
the types of its values; what fhirclient itself checks), and must give it back
unchanged: a record of 5,000 sessions holds a few dozen shapes, not 20,000 resources to
parse. `bundle_lines` streams the Bundle entry by entry for a download.

SNOMED CT codes appear only where the catalog holds one (those interop-security.md
marks verified); every region also carries our own code, and techniques, tightness
and flares use our local code systems, defined in the Bundle itself.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from types import SimpleNamespace

import orjson
from fhirclient.models.adverseevent import AdverseEvent
from fhirclient.models.bundle import Bundle
from fhirclient.models.careplan import CarePlan
from fhirclient.models.codesystem import CodeSystem
from fhirclient.models.consent import Consent
from fhirclient.models.observation import Observation
from fhirclient.models.patient import Patient
from fhirclient.models.practitioner import Practitioner
from fhirclient.models.procedure import Procedure
from fhirclient.models.servicerequest import ServiceRequest

from safetouch.engine import EngineError
from safetouch.engine.catalog import REGIONS, TECHNIQUES
from safetouch.planning.saved import next_plan_response
from safetouch.records.load import load_record
from safetouch.records.models import ClientProfile
from safetouch.records.types import Record, Session, Therapist

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
CS_REGION = "urn:safetouch:codesystem:region"
CS_TECHNIQUE = "urn:safetouch:codesystem:technique"
CS_SAFETOUCH = "urn:safetouch:codesystem:record"
ACCOUNT_SYSTEM = "urn:safetouch:account"
EXT_ITEM = "urn:safetouch:extension:session-item"
EXT_MAX_PRESSURE = "urn:safetouch:extension:max-pressure"
PAIN_LOINC = ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
_NS = uuid.UUID("5b0c1d2e-7f33-4a5e-9d6a-1f2b3c4d5e6f")
_NS_BYTES = _NS.bytes

RECORD_CODES = {
    "massage": "Massage session",
    "tightness-before": "Muscle tightness before the session, 0-10",
    "tightness-after": "Muscle tightness the day after the session, 0-10",
    "joint-flare": "SI joints locked up or flared after a session",
    "tightness": "Muscle tightness between sessions, 0-10",
    "training-minutes": "Training since the previous check-in",
}


def uuid5(name: str) -> str:
    """`str(uuid.uuid5(_NS, name))`, a quarter of its time: a Bundle makes one per
    resource. RFC 4122: the SHA-1 of namespace and name, with version 5 and the variant
    bits set."""
    digest = bytearray(hashlib.sha1(_NS_BYTES + name.encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    x = digest.hex()
    return f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"


class Builder:
    """Collects entries; `ref` gives each record one stable urn:uuid."""

    def __init__(self, client: ClientProfile):
        self.client = client
        self.entries: list[dict] = []
        self.focus: list[str] = []  # focus-zone requests, for the CarePlan
        self._seen: set[tuple] = set()  # the shapes met in this Bundle
        self._items: dict[tuple, dict] = {}  # item extensions made so far, kept alive
        self._known: dict[int, object] = {}  # their shapes, by identity, while kept

    def ref(self, kind: str, key: object) -> str:
        return f"urn:uuid:{uuid5(f'{self.client.pk}/{kind}/{key}')}"

    def add(self, model: type, kind: str, key: object, resource: dict) -> str:
        url = self.ref(kind, key)
        resource = {"resourceType": model.resource_type, **resource}
        self.check(model, resource)
        self.entries.append({"fullUrl": url, "resource": resource})
        return url

    def check(self, model: type, resource: dict) -> None:
        """Raise FHIRValidationError if fhirclient's model refuses the resource, ValueError
        if it would change it; a shape already taken (in this process: what fhirclient
        checks depends on the shape alone) is taken again without parsing."""
        shape = (model, _shape(resource, self._known))
        self._seen.add(shape)
        if shape in _TAKEN:
            return
        if model(resource).as_json() != resource:  # strict: raises on a bad element
            raise ValueError(f"{model.resource_type} changes in fhirclient's hands")
        if len(_TAKEN) >= TAKEN_MAX:
            _TAKEN.clear()
        _TAKEN.add(shape)

    @property
    def shapes_parsed(self) -> int:
        """How many distinct shapes this Bundle holds: what fhirclient parses at most."""
        return len(self._seen)

    def item_extension(self, item) -> dict:
        """`_item_extension`, made once per distinct item in a Bundle: a long record
        repeats the same few items."""
        key = (item.region, item.technique, item.pressure, item.minutes, item.too_much)
        if key not in self._items:
            extension = self._items[key] = _item_extension(item)
            self._known[id(extension)] = _shape(extension)
        return self._items[key]

    def drain(self) -> list[dict]:
        """The entries added since the last drain."""
        entries, self.entries = self.entries, []
        return entries

    @functools.cached_property
    def record(self) -> Record:
        """Her record, loaded once for every part of the Bundle."""
        return load_record(self.client)

    @functools.cached_property
    def grants(self) -> list:
        """Her shares, with whom, read once for the Practitioners and the Consents."""
        return list(self.client.grants.select_related("grantee"))

    @functools.cached_property
    def _therapists(self) -> dict[int, Therapist]:
        linked: dict[int, Therapist] = {}
        for t in self.record.therapists:  # by name
            if t.user_id is not None:
                linked.setdefault(t.user_id, t)
        return linked

    def therapist_of(self, user_id: int) -> Therapist | None:
        """Her therapist entry linked to this account, if any."""
        return self._therapists.get(user_id)

    @functools.cached_property
    def patient(self) -> dict:
        """The reference to her Patient: one object, shared by her resources (do not
        change it); its shape is known, so it is not walked again."""
        reference = {"reference": self._patient_ref}
        self._known[id(reference)] = _shape(reference)
        return reference

    @functools.cached_property
    def _patient_ref(self) -> str:
        return self.ref("Patient", self.client.pk)


# Shapes fhirclient took, kept for the process (a few dozen; bounded all the same).
_TAKEN: set[tuple] = set()
TAKEN_MAX = 10_000
# The shapes of JSON values built once per process and never changed (the concepts of
# regions, techniques and record codes), by identity: they are not walked again.
_CONSTANT_SHAPES: dict[int, object] = {}


def _constant(value: dict) -> dict:
    """Remember the shape of `value` and of each of its parts; the caller keeps it alive
    and unchanged (see `_shape`)."""
    if type(value) is dict:
        for part in value.values():
            _constant(part)
    elif type(value) is list:
        for part in value:
            _constant(part)
    _CONSTANT_SHAPES[id(value)] = _shape(value)
    return value


def _shape(value: object, known: dict[int, object] | None = None) -> object:
    """What fhirclient checks of a JSON value: keys, nesting and value types. `known`:
    shapes of values the caller keeps alive and unchanged, by identity."""
    kind = type(value)  # JSON-ready values only: exact types, no subclasses
    if kind is dict or kind is list:
        shape = _CONSTANT_SHAPES.get(id(value)) or (known and known.get(id(value)))
        if shape:
            return shape
    if kind is dict:
        return tuple([(key, _shape(v, known)) for key, v in value.items()])
    if kind is list:
        return ("list", frozenset([_shape(v, known) for v in value]))
    return kind


@functools.cache
def region_concept(region_id: str) -> dict:
    """The region as a CodeableConcept (one object per region: do not change it)."""
    return _constant(_region_concept(region_id))


def _region_concept(region_id: str) -> dict:
    region = REGIONS[region_id]
    codings = [{"system": CS_REGION, "code": region.id, "display": region.name}]
    if region.snomed:
        codings.insert(
            0, {"system": SNOMED, "code": region.snomed, "display": region.snomed_display}
        )
    return {"coding": codings, "text": region.name}


@functools.cache
def technique_concept(technique_id: str) -> dict:
    """The technique as a CodeableConcept (one object per technique: do not change it)."""
    name = TECHNIQUES[technique_id].name
    return _constant(
        {
            "coding": [{"system": CS_TECHNIQUE, "code": technique_id, "display": name}],
            "text": name,
        }
    )


@functools.cache
def record_concept(code: str) -> dict:
    """One of our record codes as a CodeableConcept (one object per code: do not change
    it)."""
    return _constant(
        {
            "coding": [{"system": CS_SAFETOUCH, "code": code, "display": RECORD_CODES[code]}],
            "text": RECORD_CODES[code],
        }
    )


def pain_observation(b: Builder, key: object, region: str, score: int, when: dt.date) -> str:
    """Pain 0-10 in one region: LOINC 72514-3, where a record holds a pain score."""
    return b.add(
        Observation,
        "Observation",
        f"pain/{key}",
        {
            "status": "final",
            "code": {
                "coding": [{"system": LOINC, "code": PAIN_LOINC[0], "display": PAIN_LOINC[1]}]
            },
            "subject": b.patient,
            "effectiveDateTime": when.isoformat(),
            "bodySite": region_concept(region),
            "valueInteger": score,
        },
    )


# --- the parts of the bundle ---------------------------------------------------------


def _patient(b: Builder) -> None:
    user = b.client.user
    name = {"given": [b.client.first_name]}
    if user.last_name:
        name["family"] = user.last_name
    b.add(Patient, "Patient", b.client.pk, {"active": user.is_active, "name": [name]})


def _practitioners(b: Builder) -> None:
    for t in b.record.therapists:
        resource = {"name": [{"text": t.name}]}
        if t.user_id:  # the session was done by this account, not just a typed name
            resource["identifier"] = [{"system": ACCOUNT_SYSTEM, "value": str(t.user_id)}]
        b.add(Practitioner, "Practitioner", f"t{t.pk}", resource)
    for g in b.grants:
        if b.therapist_of(g.grantee_id) is None:
            name = g.grantee.get_full_name() or g.grantee.email
            b.add(Practitioner, "Practitioner", f"u{g.grantee_id}", {"name": [{"text": name}]})


def _practitioner_ref(b: Builder, therapist: Therapist) -> dict:
    return {"reference": b.ref("Practitioner", f"t{therapist.pk}"), "display": therapist.name}


def _item_extension(item) -> dict:
    return {
        "url": EXT_ITEM,
        "extension": [
            {"url": "region", "valueCoding": region_concept(item.region)["coding"][-1]},
            {"url": "technique", "valueCoding": technique_concept(item.technique)["coding"][0]},
            {"url": "pressure", "valueInteger": item.pressure},
            {"url": "minutes", "valueInteger": item.minutes},
            {"url": "tooMuch", "valueBoolean": item.too_much},
        ],
    }


def _procedures(b: Builder) -> Iterator[None]:
    for s in b.record.sessions:
        items = s.items
        resource = {
            "status": "completed",
            "code": record_concept("massage"),
            "subject": b.patient,
            "performedDateTime": s.date.isoformat(),
            "note": [
                {"text": f"{s.minutes} minutes hands-on." + (f" {s.notes}" if s.notes else "")}
            ],
        }
        regions = list(dict.fromkeys(i.region for i in items))
        if regions:
            resource["bodySite"] = [region_concept(r) for r in regions]
        if items:
            resource["extension"] = [b.item_extension(i) for i in items]
        if s.therapist:
            resource["performer"] = [{"actor": _practitioner_ref(b, s.therapist)}]
        url = b.add(Procedure, "Procedure", s.pk, resource)
        _tightness(b, s, url)
        _flare(b, s, url)
        yield


def _tightness(b: Builder, session: Session, procedure_url: str) -> None:
    # The calendar ends at 9999-12-31: a date stored before dates had limits stays itself.
    day_after = session.date + dt.timedelta(days=1) if session.date < dt.date.max else session.date
    for t in session.tightness:
        for code, value, when in (
            ("tightness-before", t.before, session.date),
            ("tightness-after", t.after, day_after),
        ):
            if value is None:
                continue
            b.add(
                Observation,
                "Observation",
                f"{code}/{t.pk}",
                {
                    "status": "final",
                    "code": record_concept(code),
                    "subject": b.patient,
                    "partOf": [{"reference": procedure_url}],
                    "effectiveDateTime": when.isoformat(),
                    "bodySite": region_concept(t.region),
                    "valueInteger": value,
                },
            )


def _flare(b: Builder, session: Session, procedure_url: str) -> None:
    outcome = session.outcome
    if outcome is None or not outcome.flare:
        return
    resource = {
        "actuality": "actual",
        "event": record_concept("joint-flare"),
        "subject": b.patient,
        "date": session.date.isoformat(),
        "suspectEntity": [{"instance": {"reference": procedure_url}}],
    }
    if outcome.hours_after is not None:
        resource["event"] = {**resource["event"], "text": f"Flare {outcome.hours_after} h after"}
    b.add(AdverseEvent, "AdverseEvent", session.pk, resource)


def _limits(b: Builder) -> None:
    """Never-touch zones and banned techniques as doNotPerform ServiceRequests; focus
    and caution zones as plain ones. Keeps the focus ones for the CarePlan."""
    for z in b.record.zones:
        resource = {
            "status": "active",
            "intent": "plan",
            "code": record_concept("massage"),
            "subject": b.patient,
            "bodySite": [region_concept(z.region)],
        }
        if z.rule == "avoid":
            resource.update(doNotPerform=True, note=[{"text": "Never touch."}])
        elif z.pressure_cap:
            cap = {"url": EXT_MAX_PRESSURE, "valueInteger": z.pressure_cap}
            resource.update(
                extension=[cap], note=[{"text": f"Pressure at most {z.pressure_cap}."}]
            )
        url = b.add(ServiceRequest, "ServiceRequest", f"zone/{z.region}", resource)
        if z.rule == "focus":
            b.focus.append(url)
    for ban in b.record.banned:
        resource = {
            "status": "active",
            "intent": "plan",
            "doNotPerform": True,
            "code": technique_concept(ban.technique),
            "subject": b.patient,
        }
        if ban.region:
            resource["bodySite"] = [region_concept(ban.region)]
        b.add(ServiceRequest, "ServiceRequest", f"ban/{ban.pk}", resource)


def _care_plan(b: Builder) -> None:
    plan = _plan(b)
    activities = [{"reference": {"reference": url}} for url in b.focus]
    for n, item in enumerate((plan or {}).get("items", [])):
        resource = {
            "status": "active",
            "intent": "proposal",
            "code": technique_concept(item["technique"]),
            "subject": b.patient,
            "bodySite": [region_concept(item["region"])],
            "extension": [_item_extension_from(item)],
        }
        if item.get("why"):  # FHIR has no empty lists
            resource["note"] = [{"text": item["why"]}]
        url = b.add(ServiceRequest, "ServiceRequest", f"plan/{n}", resource)
        activities.append({"reference": {"reference": url}})
    resource = {
        "status": "active",
        "intent": "plan",
        "title": "Next massage session",
        "subject": b.patient,
    }
    if activities:
        resource["activity"] = activities
    if plan is None:
        resource["note"] = [{"text": "Focus zones only: no plan could be made from the records."}]
    b.add(CarePlan, "CarePlan", "next", resource)


def _item_extension_from(item: dict) -> dict:
    # The engine's plan item, shaped like a logged one.
    return _item_extension(SimpleNamespace(**{**item, "too_much": False}))


def _consents(b: Builder) -> None:
    for g in b.grants:
        therapist = b.therapist_of(g.grantee_id)
        key = f"t{therapist.pk}" if therapist else f"u{g.grantee_id}"
        period = {"start": g.created.isoformat()}
        if g.revoked:
            period["end"] = g.revoked.isoformat()
        actions = ["access"] if g.access == "read" else ["access", "correct"]
        b.add(
            Consent,
            "Consent",
            g.pk,
            {
                "status": "inactive" if g.revoked else "active",
                "scope": _coding(
                    "http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy"
                ),
                "category": [_coding(LOINC, "59284-0", "Patient Consent")],
                "patient": b.patient,
                "dateTime": g.created.isoformat(),
                "policyRule": _coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN"),
                "provision": {
                    "type": "permit",
                    "period": period,
                    "actor": [
                        {
                            "role": _coding(
                                "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                                "PRCP",
                            ),
                            "reference": {"reference": b.ref("Practitioner", key)},
                        }
                    ],
                    "action": [
                        _coding("http://terminology.hl7.org/CodeSystem/consentaction", a)
                        for a in actions
                    ],
                },
            },
        )


def _coding(system: str, code: str, display: str | None = None) -> dict:
    coding = {"system": system, "code": code}
    if display:
        coding["display"] = display
    return {"coding": [coding]}


@functools.cache
def _code_system_resources() -> tuple[tuple[str, dict], ...]:
    """Our code systems, built once per process (do not change them)."""
    systems = {
        CS_REGION: ("Body regions", [(r.id, r.name) for r in REGIONS.values()]),
        CS_TECHNIQUE: ("Massage techniques", [(t.id, t.name) for t in TECHNIQUES.values()]),
        CS_SAFETOUCH: ("Record codes", list(RECORD_CODES.items())),
    }
    return tuple(
        (
            url,
            _constant(
                {
                    "url": url,
                    "name": "SafeTouch" + title.replace(" ", ""),
                    "title": f"SafeTouch {title.lower()}",
                    "status": "active",
                    "content": "complete",
                    "concept": [{"code": code, "display": text} for code, text in concepts],
                }
            ),
        )
        for url, (title, concepts) in systems.items()
    )


def _code_systems(b: Builder) -> None:
    for url, resource in _code_system_resources():
        b.add(CodeSystem, "CodeSystem", url, resource)


def _plan(b: Builder) -> dict | None:
    try:
        return next_plan_response(b.client, record=b.record)
    except EngineError:  # records the engine cannot plan from: the CarePlan says so
        return None


def _checkins(b: Builder) -> Iterator[None]:
    """Each check-in: tightness per region, and training load, as Observations."""
    for c in b.record.checkins:
        when = c.at.isoformat()
        for t in c.tightness:
            b.add(
                Observation,
                "Observation",
                f"checkin/{t.pk}",
                {
                    "status": "final",
                    "code": record_concept("tightness"),
                    "subject": b.patient,
                    "effectiveDateTime": when,
                    "bodySite": region_concept(t.region),
                    "valueInteger": t.value,
                },
            )
        b.add(
            Observation,
            "Observation",
            f"training/{c.pk}",
            {
                "status": "final",
                "code": record_concept("training-minutes"),
                "subject": b.patient,
                "effectiveDateTime": when,
                "valueQuantity": {
                    "value": c.training_minutes,
                    "unit": "min",
                    "system": "http://unitsofmeasure.org",
                    "code": "min",
                },
            },
        )
        yield


# Each part adds one family's resources, in this order; a new family (with pain scores,
# say, through pain_observation) adds its function here. A part that adds many yields
# now and then, so what it added so far can be sent.
PARTS: list[Callable[[Builder], Iterator[None] | None]] = [
    _patient,
    _practitioners,
    _procedures,
    _checkins,
    _consents,
    _limits,
    _care_plan,
    _code_systems,
]


def entries(client: ClientProfile, builder: Builder | None = None) -> Iterator[dict]:
    """The Bundle's entries, one by one, each checked against fhirclient's models."""
    b = builder or Builder(client)
    for part in PARTS:
        for _ in part(b) or ():
            yield from b.drain()
        yield from b.drain()


def _envelope(now: dt.datetime | None) -> dict:
    stamp = (now or dt.datetime.now(dt.UTC)).isoformat()
    envelope = {"resourceType": "Bundle", "type": "collection", "timestamp": stamp}
    Bundle(envelope)  # strict: raises on a bad element
    return envelope


def bundle_json(client: ClientProfile, *, now: dt.datetime | None = None) -> dict:
    """The Bundle as one JSON object of its own: entries share the concepts built once
    per process, so it is copied for a caller that may change it."""
    return json.loads(json.dumps({**_envelope(now), "entry": list(entries(client))}))


def bundle_lines(client: ClientProfile, *, now: dt.datetime | None = None) -> Iterator[str]:
    """The Bundle as JSON text, one entry a line, made while it is sent: the same JSON
    as `bundle_json`, without holding a long record in memory at once."""
    head = json.dumps(_envelope(now), indent=2, ensure_ascii=False)[:-2]
    yield head + ',\n  "entry": ['
    separator = "\n    "
    for entry in entries(client):
        yield separator + orjson.dumps(entry).decode()
        separator = ",\n    "
    yield "\n  ]\n}\n"


def resources(bundle: dict, kind: str) -> Iterable[dict]:
    return (e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind)
