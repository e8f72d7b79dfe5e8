"""The directory as Open Referral UK 3.0 JSON: plain functions from models to dicts.

What maps where (the standard has no place for some of our fields; see the API page):
- service.description is the summary, a blank line, then the description; the importer splits it back.
- categories, SEND needs and age bands are service attributes linking our taxonomy terms; accessibility
  features are location attributes and location accessibility entries.
- cost: a "Free" cost option (amount 0) for free services, else a cost option describing the cost.
- eligibility and how to access go in the HSDS 3.0 fields eligibility_description and
  application_process; the phone and email in a contact with phones (HSDS 3.0); languages carry
  their name and code (HSDS 3.0). The UK profile's schemas allow these extra fields.
- area served is a service area named in words ("In the local area", "National service", ...).

Records the standard needs ids for but we do not store (service at location, address, contact,
cost option, attribute, ...) get UUID5 ids derived from the records they belong to, so every id
is stable from one request to the next.
"""
from __future__ import annotations

import uuid
from datetime import datetime
from urllib.parse import urlsplit

from ..models import (ACCESSIBILITY, AGE_BAND, CATEGORY, NEED, VOCABULARIES, Location, Organisation, Schedule, Service,
                      TaxonomyTerm)
from ..taxonomy import NAMESPACE

API_NAMESPACE = uuid.uuid5(NAMESPACE, "open-referral-uk")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# Our vocabularies as ORUK taxonomies: (name, description). The API is published in English.
TAXONOMIES = {
    CATEGORY: ("Local Offer types of support",
               "The kinds of support in the Local Offer: education, health, social care, short breaks, "
               "post-16 and preparing for adulthood, advice and support, activities and leisure."),
    NEED: ("Special educational needs and disabilities",
           "The special educational needs and disabilities (SEND) a service supports."),
    ACCESSIBILITY: ("Accessibility features",
                    "Features of a place that make it easier for disabled children, young people and "
                    "their families to visit."),
    AGE_BAND: ("Age bands", "Age ranges of the children and young people (0 to 25) a service is for."),
}
TAXONOMY_VERSION = "1"

AREA_NAMES = {"local": "In the local area", "outside": "Outside the local area", "national": "National service"}
FREE_OPTION = "Free"


def derived_id(*parts) -> uuid.UUID:
    """A stable id for a record we do not store, from the ids it belongs to."""
    return uuid.uuid5(API_NAMESPACE, ":".join(str(part) for part in parts))


def taxonomy_id(vocabulary: str) -> uuid.UUID:
    """The stable id of one of our vocabularies (UUID5 of the taxonomy namespace and its name)."""
    return uuid.uuid5(NAMESPACE, vocabulary)


TAXONOMY_IDS = {taxonomy_id(v): v for v in VOCABULARIES}


def service_at_location_id(service_id, location_id) -> uuid.UUID:
    return derived_id("service_at_location", service_id, location_id)


def timestamp(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with milliseconds, as the standard asks: 2023-03-15T10:30:45.123Z."""
    if value is None:
        return None
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def web_address(text: str | None) -> str | None:
    """A website as an absolute http(s) URI (adding https:// when it was left off), or None."""
    text = (text or "").strip()
    if not text:
        return None
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in text):
        return None
    return text


def email_address(text: str | None) -> str | None:
    text = (text or "").strip()
    local, _, domain = text.rpartition("@")
    if not local or "." not in domain or any(c.isspace() for c in text):
        return None
    return text


def _put(data: dict, key: str, value) -> None:
    """Optional fields are left out rather than sent empty (empty strings fail "uri" and "email")."""
    if value not in (None, "", []):
        data[key] = value


def combined_description(service: Service) -> str:
    """The summary, then the description after a blank line: ORUK services have one description."""
    summary = " ".join((service.summary or "").split())
    description = (service.description or "").strip()
    return "\n\n".join(part for part in (summary, description) if part)


def service_last_modified(service: Service) -> datetime:
    """When the service or its organisation last changed."""
    stamps = [service.updated_at]
    if service.organisation is not None and service.organisation.updated_at:
        stamps.append(service.organisation.updated_at)
    return max(s for s in stamps if s is not None)


# --- taxonomies ------------------------------------------------------------------------------------------

def taxonomy(vocabulary: str, terms: list[TaxonomyTerm] | None = None) -> dict:
    name, description = TAXONOMIES[vocabulary]
    data = {"id": str(taxonomy_id(vocabulary)), "name": name, "description": description,
            "version": TAXONOMY_VERSION}
    if terms is not None:
        data["taxonomy_terms"] = [taxonomy_term(t) for t in terms]
    return data


def taxonomy_term(term: TaxonomyTerm) -> dict:
    return {
        "id": str(term.id),
        "name": term.name,
        "description": term.description or "",
        "taxonomy": TAXONOMIES[term.vocabulary][0] if term.vocabulary in TAXONOMIES else term.vocabulary,
        "taxonomy_id": str(taxonomy_id(term.vocabulary)),
        "term": term.code,
    }


def attribute(link_id, link_entity: str, term: TaxonomyTerm) -> dict:
    return {
        "id": str(derived_id("attribute", link_id, term.id)),
        "link_id": str(link_id),
        "link_type": term.vocabulary,
        "link_entity": link_entity,
        "taxonomy_term_id": str(term.id),
        "taxonomy_term": taxonomy_term(term),
    }


# --- organisations ---------------------------------------------------------------------------------------

def organization(org: Organisation) -> dict:
    """An organisation's one-to-one fields (the list shape)."""
    data = {"id": str(org.id), "name": org.name, "description": org.description or ""}
    _put(data, "email", email_address(org.email))
    _put(data, "website", web_address(org.website))
    return data


def organization_full(org: Organisation, services: list[dict] | None = None) -> dict:
    """An organisation in full, with its published services (basic or full) when given."""
    data = organization(org)
    data["organization_identifiers"] = []
    if org.phone and org.phone.strip():
        data["phones"] = [{"id": str(derived_id("phone", org.id)), "number": org.phone.strip()}]
    if services is not None:
        data["services"] = services
    return data


# --- services --------------------------------------------------------------------------------------------

def service_basic(service: Service) -> dict:
    """A service's one-to-one fields with its organisation (the service_list shape)."""
    data = {
        "id": str(service.id),
        "organization_id": str(service.organisation_id),
        "name": service.name,
        "description": combined_description(service),
        "status": "active",
        "minimum_age": service.age_min,
        "maximum_age": service.age_max,
    }
    _put(data, "url", web_address(service.website))
    _put(data, "email", email_address(service.email))
    if service.assured_on is not None:
        data["assured_date"] = service.assured_on.isoformat()
    data["last_modified"] = timestamp(service_last_modified(service))
    data["organization"] = organization(service.organisation)
    return data


def service_minimal(service: Service) -> dict:
    """The `minimal` list shape: id and last_modified (and the name and status the schema requires)."""
    return {"id": str(service.id), "name": service.name, "status": "active",
            "last_modified": timestamp(service_last_modified(service))}


def service_full(service: Service) -> dict:
    """A fully nested service, as /services/{id} returns it."""
    data = service_basic(service)
    _put(data, "eligibility_description", (service.eligibility or "").strip())
    _put(data, "application_process", (service.how_to_access or "").strip())
    location_ids = {loc.id for loc in service.locations}
    data["schedules"] = [schedule(service, s, location_ids) for s in service.schedules]
    data["service_areas"] = [service_area(service)]
    data["service_at_locations"] = [service_at_location(service, loc) for loc in _locations(service)]
    data["languages"] = [{"id": str(lang.id), "service_id": str(service.id), "name": lang.name, "code": lang.code}
                         for lang in service.languages]
    data["organization"] = organization_full(service.organisation)
    data["funding"] = []
    data["cost_options"] = [cost_option(service)]
    data["contacts"] = contacts(service)
    data["attributes"] = [attribute(service.id, "service", term) for term in _service_terms(service)]
    return data


def _locations(service: Service) -> list[Location]:
    return sorted(service.locations, key=lambda loc: (loc.name or "", loc.postcode or "", str(loc.id)))


def _service_terms(service: Service) -> list[TaxonomyTerm]:
    order = {v: i for i, v in enumerate(VOCABULARIES)}
    return sorted((t for t in service.terms if t.vocabulary != ACCESSIBILITY),
                  key=lambda t: (order.get(t.vocabulary, 99), t.position, t.code))


def schedule(service: Service, slot: Schedule, location_ids: set) -> dict:
    data = {"id": str(slot.id), "service_id": str(service.id), "freq": "WEEKLY", "interval": 1,
            "byday": WEEKDAYS[slot.weekday % 7]}
    if slot.opens_at is not None:
        data["opens_at"] = slot.opens_at.strftime("%H:%M")
    if slot.closes_at is not None:
        data["closes_at"] = slot.closes_at.strftime("%H:%M")
    _put(data, "description", (slot.description or "").strip())
    if slot.location_id is not None and slot.location_id in location_ids:
        data["service_at_location_id"] = str(service_at_location_id(service.id, slot.location_id))
    return data


def service_area(service: Service) -> dict:
    name = AREA_NAMES.get(service.area_served, AREA_NAMES["local"])
    return {"id": str(derived_id("service_area", service.id)), "service_id": str(service.id),
            "name": name, "service_area": name}


def cost_option(service: Service) -> dict:
    data = {"id": str(derived_id("cost_option", service.id)), "service_id": str(service.id)}
    detail = (service.cost_detail or "").strip()
    if service.is_free:
        data.update(option=FREE_OPTION, amount=0)
    _put(data, "amount_description", detail)
    return data


def contacts(service: Service) -> list[dict]:
    email = email_address(service.email)
    phone = (service.phone or "").strip()
    if not email and not phone:
        return []
    contact_id = derived_id("contact", service.id)
    contact = {"id": str(contact_id), "service_id": str(service.id)}
    _put(contact, "email", email)
    contact["phones"] = ([{"id": str(derived_id("phone", service.id)), "contact_id": str(contact_id),
                           "number": phone}] if phone else [])
    return [contact]


# --- locations -------------------------------------------------------------------------------------------

def location_basic(location: Location) -> dict:
    data = {"id": str(location.id), "location_type": "physical"}
    _put(data, "name", (location.name or "").strip())
    if location.has_coordinates:
        data["latitude"] = location.latitude
        data["longitude"] = location.longitude
    return data


def location_full(location: Location) -> dict:
    data = location_basic(location)
    if (location.address_1 or "").strip() or (location.postcode or "").strip() or (location.city or "").strip():
        data["addresses"] = [{
            "id": str(derived_id("address", location.id)),
            "location_id": str(location.id),
            "address_1": (location.address_1 or "").strip(),
            "city": (location.city or "").strip(),
            "state_province": "",
            "postal_code": (location.postcode or "").strip(),
            "country": "GB",
            "address_type": "physical",
        }]
    else:
        data["addresses"] = []
    data["accessibility"] = [{
        "id": str(derived_id("accessibility", location.id, term.id)),
        "location_id": str(location.id),
        "description": term.name,
        "accessibility": term.name,
    } for term in location.accessibility]
    data["attributes"] = [attribute(location.id, "location", term) for term in location.accessibility]
    return data


def service_at_location(service: Service, location: Location, *, full_location: bool = True,
                        with_service: bool = False) -> dict:
    data = {"id": str(service_at_location_id(service.id, location.id)), "service_id": str(service.id),
            "location_id": str(location.id),
            "location": location_full(location) if full_location else location_basic(location)}
    if with_service:
        data["service"] = service_basic(service)
    return data


def page(contents: list, total: int, page_number: int, per_page: int) -> dict:
    """The standard's paginated list shape."""
    total_pages = max(1, -(-total // per_page))
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": len(contents),
        "first_page": page_number == 1,
        "last_page": page_number >= total_pages,
        "empty": not contents,
        "contents": contents,
    }
