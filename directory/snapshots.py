"""A listing as plain data: what revisions propose, versions keep, and diffs compare.

A snapshot is a JSON-able dict of every field a provider edits. Terms are kept by code, locations and
schedules as lists of dicts, so a snapshot can be stored, compared and applied without touching the
published listing until an officer approves it.
"""
from __future__ import annotations

from datetime import time

from babel.dates import get_day_names
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.extensions import db

from .labels import AREA_LABELS, DELIVERY_LABELS
from .models import ACCESSIBILITY, CATEGORY, NEED, Location, Schedule, Service, ServiceLanguage, TaxonomyTerm

SCALAR_FIELDS = (
    "name", "summary", "description", "easy_read_summary", "eligibility", "how_to_access",
    "self_referral", "professional_referral", "ehc_plan_required", "is_free", "cost_detail",
    "age_min", "age_max", "delivery", "area_served", "email", "phone", "website",
)
LIST_FIELDS = ("categories", "needs", "locations", "schedules", "languages")

# Labels for the diff, in the order the listing page shows them.
FIELD_LABELS = {
    "name": _l("Name"), "summary": _l("Summary"), "description": _l("Description"),
    "easy_read_summary": _l("Easy read summary"), "categories": _l("Type of support"), "needs": _l("Needs supported"),
    "age_min": _l("Youngest age"), "age_max": _l("Oldest age"), "eligibility": _l("Who can use it"),
    "self_referral": _l("You can refer yourself"), "professional_referral": _l("A professional can refer"),
    "ehc_plan_required": _l("EHC plan needed"), "how_to_access": _l("How to access"), "is_free": _l("Free"),
    "cost_detail": _l("Cost"), "delivery": _l("How it is provided"), "area_served": _l("Area served"),
    "locations": _l("Locations"), "schedules": _l("Opening times"), "email": _l("Email"), "phone": _l("Phone"),
    "website": _l("Website"), "languages": _l("Languages spoken"),
}


def _time_text(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def _parse_time(text: str) -> time | None:
    return time.fromisoformat(text) if text else None


def empty_snapshot() -> dict:
    """The snapshot of a new, blank listing."""
    data: dict = {field: "" for field in SCALAR_FIELDS}
    data.update(self_referral=False, professional_referral=False, ehc_plan_required=False, is_free=True,
                age_min=0, age_max=25, delivery=[], area_served="local")
    data.update({field: [] for field in LIST_FIELDS})
    return data


def snapshot_of(service: Service) -> dict:
    """Everything a provider can edit about a service, as plain data."""
    data = {field: getattr(service, field) for field in SCALAR_FIELDS}
    data["delivery"] = list(service.delivery or [])
    data["categories"] = [t.code for t in service.terms if t.vocabulary == CATEGORY]
    data["needs"] = [t.code for t in service.terms if t.vocabulary == NEED]
    data["locations"] = [{
        "name": loc.name, "address_1": loc.address_1, "city": loc.city, "postcode": loc.postcode,
        "latitude": loc.latitude, "longitude": loc.longitude,
        "accessibility": [t.code for t in loc.accessibility],
    } for loc in service.locations]
    data["schedules"] = [{
        "weekday": s.weekday, "opens_at": _time_text(s.opens_at), "closes_at": _time_text(s.closes_at),
        "description": s.description,
    } for s in service.schedules]
    data["languages"] = [{"code": lang.code, "name": lang.name} for lang in service.languages]
    return data


LOCATION_KEYS = {"name": "", "address_1": "", "city": "", "postcode": "", "latitude": None, "longitude": None,
                 "accessibility": []}
SCHEDULE_KEYS = {"weekday": 0, "opens_at": "", "closes_at": "", "description": ""}


def normalised(data: dict) -> dict:
    """A snapshot with every key present, so equal listings compare equal."""
    full = empty_snapshot()
    full.update(data)
    full["locations"] = [{**LOCATION_KEYS, **loc} for loc in full["locations"]]
    full["schedules"] = [{**SCHEDULE_KEYS, **slot} for slot in full["schedules"]]
    return full


def _terms_by_code(vocabulary: str, codes: list[str]) -> list[TaxonomyTerm]:
    if not codes:
        return []
    found = db.session.scalars(select(TaxonomyTerm).where(
        TaxonomyTerm.vocabulary == vocabulary, TaxonomyTerm.code.in_(codes))).all()
    return sorted(found, key=lambda t: t.position)


def apply_snapshot(service: Service, data: dict) -> None:
    """Make the service match a snapshot (the caller commits). Old locations no other service uses go."""
    base = normalised(data)
    for field in SCALAR_FIELDS:
        setattr(service, field, base[field])
    service.delivery = list(base["delivery"])
    service.terms = ([t for t in service.terms if t.vocabulary not in (CATEGORY, NEED)]
                     + _terms_by_code(CATEGORY, base["categories"]) + _terms_by_code(NEED, base["needs"]))
    old_locations = list(service.locations)
    service.locations = [Location(
        organisation_id=service.organisation_id, name=loc.get("name", ""), address_1=loc.get("address_1", ""),
        city=loc.get("city", ""), postcode=loc.get("postcode", ""), latitude=loc.get("latitude"),
        longitude=loc.get("longitude"), accessibility=_terms_by_code(ACCESSIBILITY, loc.get("accessibility", [])),
    ) for loc in base["locations"]]
    db.session.flush()
    for loc in old_locations:
        if not loc.services:
            db.session.delete(loc)
    service.schedules = [Schedule(
        weekday=int(s["weekday"]), opens_at=_parse_time(s.get("opens_at", "")),
        closes_at=_parse_time(s.get("closes_at", "")), description=s.get("description", ""),
    ) for s in base["schedules"]]
    service.languages = [ServiceLanguage(code=lang["code"], name=lang["name"]) for lang in base["languages"]]


def _display(field: str, value) -> str:
    """A field's value in words, for the review diff."""
    if isinstance(value, bool):
        return str(_l("Yes")) if value else str(_l("No"))
    if field == "delivery":
        return ", ".join(str(DELIVERY_LABELS.get(v, v)) for v in value)
    if field == "area_served":
        return str(AREA_LABELS.get(value, value))
    if field in ("categories", "needs"):
        vocabulary = CATEGORY if field == "categories" else NEED
        names = {t.code: t.name for t in _terms_by_code(vocabulary, list(value))}
        return ", ".join(names.get(code, code) for code in value)
    if field == "locations":
        return "\n".join(", ".join(p for p in (loc.get("name"), loc.get("address_1"), loc.get("city"),
                                                  loc.get("postcode")) if p) for loc in value)
    if field == "schedules":
        days = get_day_names("wide", locale=get_locale())
        return "\n".join(f"{days[int(s['weekday'])]}: {s['opens_at']}–{s['closes_at']} {s['description']}".strip()
                         for s in value)
    if field == "languages":
        return ", ".join(lang["name"] for lang in value)
    return "" if value is None else str(value)


def diff(old: dict | None, new: dict) -> list[dict]:
    """The fields that differ between two snapshots: label, before and after in words."""
    old, new = normalised(old or {}), normalised(new)
    changes = []
    for field, label in FIELD_LABELS.items():
        before, after = old.get(field), new.get(field)
        if before != after:
            changes.append({"field": field, "label": str(label),
                            "before": _display(field, before) if before is not None else "",
                            "after": _display(field, after) if after is not None else ""})
    return changes
