"""Imports: Open Referral UK 3.0 JSON (a file, or another ORUK API by its base address) and the CSV template.

Both follow the listing workflow (directory.listings): an imported listing waits for an officer's
review as a submitted ListingRevision, unless the import is told to publish, when it is published
through the same apply_snapshot path as an approval, with a ServiceVersion row and an audit entry.

ORUK imports are idempotent. Imported organisations and services get ids derived from the source's
ids (UUID5 of the record type and the source's id), so running the same import again finds the same
records; a listing whose data has not changed is left alone (no new revision, no new version, no
write at all), and a changed one gets a new or updated revision (or version, with --publish).
Fields the source has no place for (easy read summary, referral routes, how it is provided) keep
what the portal has. A record carrying the id of one of the portal's own services is never
overwritten. A change made by a person in the portal and not yet reviewed is never overwritten by an
import either: the import skips that listing and says why.
"""
from __future__ import annotations

import csv
import json
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import utcnow
from portal.security import web_address
from portal.services import record_audit

from . import exports, geo
from .api import standard
from .api.serializers import AREA_NAMES, FREE_OPTION, TAXONOMIES, WEEKDAYS, taxonomy_id
from .listings import open_revision
from .models import (ACCESSIBILITY, AGE_BAND, ARCHIVED, AREAS, CATEGORY, DELIVERY_MODES, DRAFT, NEED, PENDING,
                     PUBLISHED, REVISION_SUBMITTED, REVISION_WITHDRAWN, VOCABULARIES, ListingRevision, Organisation,
                     Service, ServiceVersion, TaxonomyTerm)
from .snapshots import apply_snapshot, empty_snapshot, normalised, snapshot_of
from .taxonomy import NAMESPACE

IMPORT_NAMESPACE = uuid.uuid5(NAMESPACE, "import")
MAX_AGE = 25
FETCH_TIMEOUT = 30  # seconds per request to another API
FETCH_MAX_BYTES = 20 * 1024 * 1024
FETCH_PER_PAGE = 100
FETCH_MAX_PAGES = 10_000
USER_AGENT = "LocalOfferPortal (Open Referral UK import)"


class ImportFailed(Exception):
    """The source cannot be read at all (the message says why)."""


class Skip(Exception):
    """This record is not imported (the message says why)."""


def imported_id(record_type: str, external_id: str) -> uuid.UUID:
    """The portal's id for a record from another system, the same every time it is imported."""
    return uuid.uuid5(IMPORT_NAMESPACE, f"{record_type}:{external_id}")


def _text(value, limit: int | None = None) -> str:
    text = value.strip() if isinstance(value, str) else ""
    return text[:limit] if limit else text


def _web_address(value, notes: list[str], what: str) -> str:
    """An http(s) address from a feed, or "" with a note: a "javascript:" link must never be stored."""
    text = _text(value, 500)
    if text and web_address(text) is None:
        notes.append(f"{what} “{text[:80]}” is not an http or https address: left out")
        return ""
    return text


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", (text or "").lower()).strip("-")


# --- the report ------------------------------------------------------------------------------------------

@dataclass
class ImportReport:
    """What an import did: listings created, updated and unchanged; what it skipped or left out, and why."""
    source: str
    publish: bool = False
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (record, why)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (listing, what was left out or changed)
    organisations_created: int = 0
    organisations_updated: int = 0

    def lines(self) -> list[str]:
        what = "published" if self.publish else "waiting for review"
        lines = [f"Imported from {self.source}: {len(self.created)} new listings, {len(self.updated)} updated "
                 f"({what}), {len(self.unchanged)} unchanged, {len(self.skipped)} skipped.",
                 f"Organisations: {self.organisations_created} new, {self.organisations_updated} updated."]
        for name, why in self.skipped:
            lines.append(f"Skipped {name}: {why}")
        for name, note in self.notes:
            lines.append(f"Note on {name}: {note}")
        return lines


# --- reading a source ------------------------------------------------------------------------------------

def _fetch_json(url: str):
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise ImportFailed(f"Only http and https addresses can be read, not {url}")
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": USER_AGENT})
    try:
        # Only http(s): the scheme is checked above, so no file: or other handler can be reached.
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:  # noqa: S310  # nosec B310
            body = response.read(FETCH_MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise ImportFailed(f"{url} answered {error.code} {error.reason}") from None
    except (urllib.error.URLError, OSError) as error:
        raise ImportFailed(f"Could not reach {url}: {getattr(error, 'reason', error)}") from None
    if len(body) > FETCH_MAX_BYTES:
        raise ImportFailed(f"{url} sent more than {FETCH_MAX_BYTES // (1024 * 1024)} MB")
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise ImportFailed(f"{url} did not send JSON") from None


def _label(raw) -> str:
    if isinstance(raw, dict):
        name = _text(raw.get("name")) or "(no name)"
        return f"“{name}” ({raw.get('id')})" if raw.get("id") else f"“{name}”"
    return "(not an object)"


def _services_in(data) -> list[dict]:
    """The services in a JSON document: a service, a list page, a list, or an organisation with services."""
    if isinstance(data, list):
        found = []
        for item in data:
            found += _services_in(item) if isinstance(item, dict) and ("contents" in item or "services" in item) \
                else [item]
        return found
    if not isinstance(data, dict):
        raise ImportFailed("This is not Open Referral UK JSON: expected a service, a list of services, a page "
                           "of services or an organisation with services")
    if isinstance(data.get("contents"), list):
        return _services_in(data["contents"])
    if isinstance(data.get("services"), list):
        organisation = {k: v for k, v in data.items() if k != "services"}
        return [{**s, "organization": s.get("organization") or organisation} if isinstance(s, dict) else s
                for s in data["services"]]
    return [data]


def read_file(path: str) -> list[dict]:
    try:
        with open(path, encoding="utf-8-sig") as fh:
            data = json.load(fh)
    except OSError as error:
        raise ImportFailed(f"Could not read {path}: {error.strerror}") from None
    except ValueError as error:
        raise ImportFailed(f"{path} is not JSON: {error}") from None
    return _services_in(data)


def read_api(base_url: str):
    """Every service of another ORUK API, fully nested: page through /services, then /services/{id}.

    Yields (raw service or None, label, why skipped)."""
    base = base_url.rstrip("/")
    if base.endswith("/services"):
        base = base[: -len("/services")]
    seen: set[str] = set()
    for page in range(1, FETCH_MAX_PAGES + 1):
        listing = _fetch_json(f"{base}/services?page={page}&per_page={FETCH_PER_PAGE}")
        contents = listing.get("contents") if isinstance(listing, dict) else None
        if not contents:
            break
        for item in contents:
            external = str(item.get("id") or "").strip() if isinstance(item, dict) else ""
            if not external:
                yield None, _label(item), "it has no id"
                continue
            if external in seen:
                continue
            seen.add(external)
            try:
                yield _fetch_json(f"{base}/services/{urllib.parse.quote(external, safe='')}"), _label(item), ""
            except ImportFailed as error:
                yield None, _label(item), str(error)
        if listing.get("last_page") is True:
            break
        total_pages = listing.get("total_pages")
        if isinstance(total_pages, int) and page >= total_pages:
            break


def read_source(source: str):
    """(raw service or None, label, why skipped) for every service in a file or another API."""
    if urllib.parse.urlsplit(source).scheme in ("http", "https"):
        yield from read_api(source)
        return
    for raw in read_file(source):
        yield raw, _label(raw), ""


# --- taxonomy terms --------------------------------------------------------------------------------------

class TermLookup:
    """Finds our term for a term from elsewhere: by our id, else by its code or name, within a vocabulary
    when the source names one of ours."""

    def __init__(self):
        self.terms = list(db.session.scalars(select(TaxonomyTerm)))
        self.by_id = {str(t.id): t for t in self.terms}
        self.by_slug: dict[str, list[TaxonomyTerm]] = defaultdict(list)
        for term in self.terms:
            for key in {slug(term.code), slug(term.name)}:
                self.by_slug[key].append(term)
        self.vocabularies: dict[str, str] = {}
        for vocabulary in VOCABULARIES:
            for key in (vocabulary, slug(vocabulary), slug(TAXONOMIES[vocabulary][0]), str(taxonomy_id(vocabulary))):
                self.vocabularies[key] = vocabulary

    def _vocabulary(self, *hints) -> str | None:
        for hint in hints:
            if isinstance(hint, str) and hint.strip():
                found = self.vocabularies.get(hint.strip()) or self.vocabularies.get(slug(hint))
                if found:
                    return found
        return None

    def find(self, attribute: dict, allowed: tuple[str, ...]) -> tuple[TaxonomyTerm | None, str]:
        """Our term for an attribute (or a bare taxonomy term), or None and why not."""
        term = attribute.get("taxonomy_term") if isinstance(attribute.get("taxonomy_term"), dict) else attribute
        for key in (attribute.get("taxonomy_term_id"), term.get("id")):
            if isinstance(key, str) and key.strip().lower() in self.by_id:
                found = self.by_id[key.strip().lower()]
                return (found, "") if found.vocabulary in allowed else (None, f"our {found.vocabulary} term "
                                                                            f"“{found.name}” does not belong here")
        vocabulary = self._vocabulary(term.get("taxonomy_id"), term.get("taxonomy"), attribute.get("link_type"))
        candidates: list[TaxonomyTerm] = []
        for text in (term.get("term"), term.get("code"), term.get("name")):
            if isinstance(text, str):
                candidates += [t for t in self.by_slug.get(slug(text), []) if t not in candidates]
        if vocabulary:
            candidates = [t for t in candidates if t.vocabulary == vocabulary]
        candidates = [t for t in candidates if t.vocabulary in allowed]
        if len(candidates) == 1:
            return candidates[0], ""
        what = _text(term.get("name")) or _text(term.get("term")) or _text(term.get("id")) or "(unnamed)"
        taxonomy = f" in “{_text(term.get('taxonomy'))}”" if _text(term.get("taxonomy")) else ""
        if candidates:
            return None, f"the term “{what}”{taxonomy} matches more than one of ours"
        return None, f"the term “{what}”{taxonomy} is not one of ours"


def _ordered_codes(terms: list[TaxonomyTerm], vocabulary: str) -> list[str]:
    chosen = {t.code: t for t in terms if t.vocabulary == vocabulary}
    return [t.code for t in sorted(chosen.values(), key=lambda t: (t.position, t.code))]


# --- ORUK service -> snapshot ----------------------------------------------------------------------------

@dataclass
class Converted:
    """A service from an ORUK source, as the parts of a listing snapshot the source gives."""
    external_id: str
    name: str
    provided: dict  # snapshot fields the source gives
    new_only: dict  # snapshot fields for a new listing only (guesses the portal may improve on)
    organisation: dict  # name, description, website, email, phone
    organisation_external_id: str
    age_bands: list[str] | None  # codes, when the source gives any
    assured_on: date | None
    notes: list[str]


def split_description(text: str) -> tuple[str, str]:
    """ORUK has one description; ours is a short summary and a description. The first paragraph is the
    summary when it is short enough (that is how we export), otherwise its first sentences are."""
    text = (text or "").strip().replace("\r\n", "\n")
    first, _, rest = text.partition("\n\n")
    first, rest = first.strip(), rest.strip()
    if len(first) <= 500:
        return first, rest
    cut = first[:500]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    summary = cut[: end + 1] if end > 100 else cut[: cut.rfind(" ")].rstrip(",;:") + "…"
    return summary.strip(), text


def _age(raw, key: str, default: int, notes: list[str]) -> int:
    value = raw.get(key)
    if value is None or value == "":
        return default
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            notes.append(f"{key} “{value}” is not a number: left as {default}")
            return default
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return default
    whole = int(value)
    if whole < 0 or whole > MAX_AGE:
        kept = min(max(whole, 0), MAX_AGE)
        notes.append(f"{key} {value:g} is outside 0 to {MAX_AGE}: recorded as {kept}")
        return kept
    return whole


def _cost(raw: dict) -> tuple[bool, str] | None:
    options = [o for o in raw.get("cost_options") or [] if isinstance(o, dict)]
    if options:
        free, paid, details = False, False, []
        for option in options:
            label = _text(option.get("option"))
            amount = option.get("amount")
            amount = amount if isinstance(amount, (int, float)) and not isinstance(amount, bool) else None
            description = _text(option.get("amount_description"))
            if amount == 0 or label.lower() == FREE_OPTION.lower():
                free = True
                if description:
                    details.append(description)
                continue
            paid = True
            text = " ".join(p for p in (f"£{amount:,.2f}".replace(".00", "") if amount is not None else "",
                                        description) if p)
            details.append(f"{label}: {text}" if label and text else label or text)
        return free and not paid, "; ".join(d for d in details if d)
    fees = _text(raw.get("fees"))
    if fees:
        return fees.lower().startswith("free"), fees
    return None


def _area(raw: dict) -> str | None:
    names = {slug(v): k for k, v in AREA_NAMES.items()} | {k: k for k in AREAS}
    for area in raw.get("service_areas") or []:
        if isinstance(area, dict):
            for text in (area.get("name"), area.get("service_area")):
                found = names.get(slug(text or "")) or names.get((text or "").strip().lower())
                if found:
                    return found
    return None


def _time(text, notes: list[str], what: str) -> str | None:
    text = _text(text)
    if not text:
        return ""
    match = re.match(r"^(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$", text)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        notes.append(f"{what} time “{text}” is not HH:MM: opening time left out")
        return None
    return time(int(match.group(1)), int(match.group(2))).strftime("%H:%M")


def _schedules(raw: dict, notes: list[str]) -> list[dict]:
    slots = []
    for item in raw.get("schedules") or []:
        if not isinstance(item, dict):
            continue
        freq = _text(item.get("freq")).upper()
        days = [d.strip().upper() for d in _text(item.get("byday")).split(",") if d.strip()]
        if freq not in ("", "WEEKLY") or not days or any(d not in WEEKDAYS for d in days):
            notes.append(f"a {freq.lower() or 'non-weekly'} schedule ({_text(item.get('byday')) or 'no days'}) "
                         "cannot be shown as weekly opening times: left out")
            continue
        opens = _time(item.get("opens_at"), notes, "an opening")
        closes = _time(item.get("closes_at"), notes, "a closing")
        if opens is None or closes is None:
            continue
        description = _text(item.get("description")) or _text(item.get("notes"))
        for day in days:
            slots.append({"weekday": WEEKDAYS.index(day), "opens_at": opens, "closes_at": closes,
                          "description": description[:255]})
    return sorted(slots, key=lambda s: (s["weekday"], s["opens_at"], s["closes_at"], s["description"]))


def _coordinates(location: dict, notes: list[str], name: str) -> tuple[float | None, float | None]:
    lat, lng = location.get("latitude"), location.get("longitude")
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lng))
    if lat is None and lng is None:
        return None, None
    if not numbers or not (-90 <= lat <= 90 and -180 <= lng <= 180):
        notes.append(f"the location “{name}” has impossible coordinates ({lat}, {lng}): left off the map")
        return None, None
    return float(lat), float(lng)


def _locations(raw: dict, lookup: TermLookup, notes: list[str]) -> tuple[list[dict], bool]:
    """Our location dicts for the service's physical locations, and whether it has a virtual one."""
    found, virtual = [], False
    for sal in raw.get("service_at_locations") or []:
        location = sal.get("location") if isinstance(sal, dict) else None
        if not isinstance(location, dict):
            continue
        if _text(location.get("location_type")).lower() == "virtual":
            virtual = True
            continue
        addresses = [a for a in location.get("addresses") or [] if isinstance(a, dict)]
        address = next((a for a in addresses if _text(a.get("address_type")).lower() == "physical"),
                       addresses[0] if addresses else {})
        name = _text(location.get("name"), 255)
        lat, lng = _coordinates(location, notes, name or _text(address.get("address_1")))
        entry = {"name": name, "address_1": _text(address.get("address_1"), 255),
                 "city": _text(address.get("city"), 100), "postcode": _text(address.get("postal_code"), 10),
                 "latitude": lat, "longitude": lng}
        if not any(entry[k] for k in ("name", "address_1", "city", "postcode")) and lat is None:
            notes.append("a location with no name, address or coordinates: left out")
            continue
        features = []
        for attribute in location.get("attributes") or []:
            if isinstance(attribute, dict):
                term, why = lookup.find(attribute, (ACCESSIBILITY,))
                if term is not None:
                    features.append(term)
                else:
                    notes.append(f"accessibility at “{name}”: {why}: left out")
        for item in location.get("accessibility") or []:
            if isinstance(item, dict):
                for text in (item.get("accessibility"), item.get("description")):
                    matches = [t for t in lookup.by_slug.get(slug(text or ""), []) if t.vocabulary == ACCESSIBILITY]
                    if len(matches) == 1:
                        features.append(matches[0])
                        break
                else:
                    if not location.get("attributes"):
                        text = _text(item.get("accessibility")) or _text(item.get("description"))
                        notes.append(f"accessibility at “{name}” (“{text[:80]}”) is not one of our features: "
                                     "left out")
        entry["accessibility"] = _ordered_codes(features, ACCESSIBILITY)
        found.append(entry)
    return found, virtual


def _languages(raw: dict) -> list[dict]:
    languages = []
    for item in raw.get("languages") or []:
        if isinstance(item, dict) and (_text(item.get("name")) or _text(item.get("code"))):
            code = _text(item.get("code"), 10)
            languages.append({"code": code, "name": _text(item.get("name"), 80) or code})
    return sorted(languages, key=lambda lang: (lang["name"], lang["code"]))


def _contact(raw: dict) -> tuple[str, str]:
    email = _text(raw.get("email"))
    phones = [p for p in raw.get("phones") or [] if isinstance(p, dict)]
    for contact in raw.get("contacts") or []:
        if isinstance(contact, dict):
            email = email or _text(contact.get("email"))
            phones += [p for p in contact.get("phones") or [] if isinstance(p, dict)]
    phone = next((_text(p.get("number")) for p in phones if _text(p.get("number"))), "")
    return email[:254], phone[:50]


def _assured(raw: dict) -> date | None:
    try:
        assured = date.fromisoformat(_text(raw.get("assured_date"))[:10])
    except ValueError:
        return None
    return assured if assured <= date.today() else None


def convert(raw, lookup: TermLookup) -> Converted:
    """The parts of a listing an ORUK service gives (raises Skip when it cannot be a listing)."""
    if not isinstance(raw, dict):
        raise Skip("it is not a JSON object")
    external = str(raw.get("id") or "").strip()
    name = _text(raw.get("name"), 255)
    if not external:
        raise Skip("it has no id")
    if not name:
        raise Skip("it has no name")
    notes = [f"does not match the standard: {problem}" for problem in standard.errors(raw, "service.json")[:3]]
    organisation = raw.get("organization") if isinstance(raw.get("organization"), dict) else {}
    org_external = str(organisation.get("id") or raw.get("organization_id") or "").strip()
    org_name = _text(organisation.get("name"), 255)
    if not org_name:
        raise Skip("it has no organisation (the organisation and its name are needed)")
    org_phone = next((_text(p.get("number"), 50) for p in organisation.get("phones") or []
                      if isinstance(p, dict) and _text(p.get("number"))), "")

    summary, description = split_description(_text(raw.get("description")))
    email, phone = _contact(raw)
    provided = {"name": name, "summary": summary, "description": description,
                "age_min": _age(raw, "minimum_age", 0, notes), "age_max": _age(raw, "maximum_age", MAX_AGE, notes),
                "email": email, "phone": phone, "website": _web_address(raw.get("url"), notes, "website")}
    if provided["age_min"] > provided["age_max"]:
        notes.append(f"minimum age {provided['age_min']} is above maximum age {provided['age_max']}: swapped")
        provided["age_min"], provided["age_max"] = provided["age_max"], provided["age_min"]
    if isinstance(raw.get("eligibility_description"), str):
        provided["eligibility"] = _text(raw["eligibility_description"])
    if isinstance(raw.get("application_process"), str):
        provided["how_to_access"] = _text(raw["application_process"])
    cost = _cost(raw)
    if cost is not None:
        provided["is_free"], provided["cost_detail"] = cost
    area = _area(raw)
    if area:
        provided["area_served"] = area

    terms, age_bands = [], []
    for attribute in raw.get("attributes") or []:
        if isinstance(attribute, dict):
            term, why = lookup.find(attribute, (CATEGORY, NEED, AGE_BAND))
            if term is None:
                notes.append(f"{why}: left out")
            elif term.vocabulary == AGE_BAND:
                age_bands.append(term)
            else:
                terms.append(term)
    for vocabulary, key in ((CATEGORY, "categories"), (NEED, "needs")):
        codes = _ordered_codes(terms, vocabulary)
        if codes:  # a source with none of our terms leaves the portal's own choice alone
            provided[key] = codes
    locations, virtual = _locations(raw, lookup, notes)
    provided["locations"] = locations
    provided["schedules"] = _schedules(raw, notes)
    provided["languages"] = _languages(raw)
    new_only = {"delivery": (["in_person"] if locations else []) + (["online"] if virtual else [])}
    if cost is None:
        new_only.update(is_free=False, cost_detail="")
        notes.append("no cost given: not shown as free")

    return Converted(
        external_id=external, name=name, provided=provided, new_only=new_only,
        organisation={"name": org_name, "description": _text(organisation.get("description")),
                      "website": _web_address(_text(organisation.get("website")) or _text(organisation.get("uri")),
                                              notes, "organisation website"),
                      "email": _text(organisation.get("email"), 254), "phone": org_phone},
        organisation_external_id=org_external,
        age_bands=_ordered_codes(age_bands, AGE_BAND) if age_bands else None,
        assured_on=_assured(raw), notes=notes,
    )


# --- writing listings ------------------------------------------------------------------------------------

def _comparable(data: dict) -> str:
    full = normalised(data)
    full["locations"] = sorted(({**loc, "accessibility": sorted(loc.get("accessibility") or [])}
                                for loc in full["locations"]), key=lambda d: json.dumps(d, sort_keys=True))
    for key in ("schedules", "languages"):
        full[key] = sorted(full[key], key=lambda d: json.dumps(d, sort_keys=True))
    for key in ("categories", "needs", "delivery"):
        full[key] = sorted(full[key])
    return json.dumps(full, sort_keys=True, default=str)


def same_listing(a: dict, b: dict) -> bool:
    """Whether two snapshots describe the same listing (order of locations, times and terms aside)."""
    return _comparable(a) == _comparable(b)


def _age_band_terms(codes: list[str]) -> list[TaxonomyTerm]:
    return list(db.session.scalars(select(TaxonomyTerm).where(TaxonomyTerm.vocabulary == AGE_BAND,
                                                              TaxonomyTerm.code.in_(codes))))


class ListingWriter:
    """Saves imported listings the way the listing workflow does: a submitted revision, or a published version."""

    def __init__(self, source: str, publish: bool):
        self.source, self.publish = source, publish

    def _publish(self, service: Service, data: dict, assured_on: date | None) -> None:
        # As directory.listings._publish, with no person behind it.
        before = snapshot_of(service) if service.version else None
        apply_snapshot(service, data)
        service.version = (service.version or 0) + 1
        service.status = PUBLISHED
        service.assured_on = assured_on or date.today()
        version = ServiceVersion(service_id=service.id, version=service.version, data=snapshot_of(service),
                                 note=f"Imported from {self.source}"[:255])
        db.session.add(version)
        record_audit(None, "listing.publish", "service", service.id, before=before, after=version.data)

    def _submit(self, service: Service, data: dict, revision: ListingRevision | None) -> None:
        if revision is None:
            revision = ListingRevision(service=service, base_version=service.version or 0)
            db.session.add(revision)
        revision.data = data
        revision.status = REVISION_SUBMITTED
        revision.submitted_at = utcnow()
        if service.status == DRAFT:
            service.status = PENDING
        db.session.flush()
        record_audit(None, "listing.import", "service", service.id,
                     after={"source": self.source[:200], "revision": revision.id})

    def save(self, service: Service | None, *, make_new, provided: dict, new_only: dict,
             assured_on: date | None = None, age_bands: list[str] | None = None) -> tuple[str, str]:
        """Create (with make_new(), a new Service) or update one listing.

        Returns ("created" | "updated" | "unchanged" | "skipped", why)."""
        if service is None:
            service = make_new()
            service.status, service.version = DRAFT, 0
            db.session.add(service)
            if age_bands:
                service.terms = _age_band_terms(age_bands)
            data = normalised({**empty_snapshot(), **new_only, **provided})
            if self.publish:
                self._publish(service, data, assured_on)
            else:
                self._submit(service, data, None)
            return "created", ""
        if service.status == ARCHIVED:
            return "skipped", "it is archived in this portal, so the import left it alone"
        revision = open_revision(service)
        by_import = revision is not None and revision.created_by_id is None
        if revision is not None and not by_import:
            return "skipped", (f"a change made in this portal is waiting (change {revision.id}); the import did not "
                               "overwrite it")
        current = snapshot_of(service) if service.version else normalised({**empty_snapshot(), **new_only})
        if self.publish:
            data = normalised({**current, **provided})
            bands_same = age_bands is None or sorted(age_bands) == sorted(t.code for t in service.terms_in(AGE_BAND))
            unchanged = service.status == PUBLISHED and same_listing(current, data) and bands_same
            if by_import:  # an earlier import's change waiting for review is overtaken by this one
                revision.status = REVISION_WITHDRAWN
                revision.review_note = "Replaced by a published import"
            if unchanged:
                return "unchanged", ""
            if age_bands is not None:
                service.terms = [t for t in service.terms if t.vocabulary != AGE_BAND] + _age_band_terms(age_bands)
            self._publish(service, data, assured_on)
            return "updated", ""
        base = normalised(revision.data) if by_import else current
        data = normalised({**base, **provided})
        if by_import and same_listing(revision.data, data):
            return "unchanged", ""
        if not by_import and service.status == PUBLISHED and same_listing(current, data):
            return "unchanged", ""
        self._submit(service, data, revision if by_import else None)
        return "updated", ""


def _organisation(data: dict, external: str, report: ImportReport) -> Organisation:
    """The organisation for an imported service: one of ours if the source uses our id, else the imported one."""
    if external:
        try:
            own = db.session.get(Organisation, uuid.UUID(external))
        except ValueError:
            own = None
        if own is not None:
            return own
        org_id = imported_id("organization", external)
    else:
        org_id = imported_id("organization-name", data["name"].casefold())
    org = db.session.get(Organisation, org_id)
    if org is None:
        org = Organisation(id=org_id, **data)
        db.session.add(org)
        report.organisations_created += 1
        return org
    changed = False
    for key, value in data.items():
        if getattr(org, key) != value:
            setattr(org, key, value)
            changed = True
    if changed:
        report.organisations_updated += 1
    return org


def import_oruk(source: str, *, publish: bool = False) -> ImportReport:
    """Import services from an ORUK JSON file or another ORUK API (base address); see the module docstring.

    All or nothing: the database is only written when the whole source has been read."""
    report = ImportReport(source=source, publish=publish)
    lookup = TermLookup()
    writer = ListingWriter(source, publish)
    try:
        for raw, label, why in read_source(source):
            if raw is None:
                report.skipped.append((label, why))
                continue
            try:
                converted = convert(raw, lookup)
            except Skip as skip:
                report.skipped.append((label, str(skip)))
                continue
            try:
                own = db.session.get(Service, uuid.UUID(converted.external_id))
            except ValueError:
                own = None
            if own is not None:
                report.skipped.append((label, "it has the id of one of this portal's own listings"))
                continue
            org = _organisation(converted.organisation, converted.organisation_external_id, report)
            service_id = imported_id("service", converted.external_id)
            existing = db.session.get(Service, service_id)
            if existing is not None and existing.organisation_id != org.id:
                existing.organisation = org
            outcome, why = writer.save(
                existing, make_new=lambda: Service(id=service_id, organisation=org, name=converted.name),
                provided=converted.provided, new_only=converted.new_only, assured_on=converted.assured_on,
                age_bands=converted.age_bands)
            if outcome == "skipped":
                report.skipped.append((label, why))
                continue
            getattr(report, outcome).append(converted.name)
            report.notes += [(converted.name, note) for note in converted.notes]
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return report


# --- CSV -------------------------------------------------------------------------------------------------

# What each template column holds (shown on the open data page; the importer checks each).
CSV_HELP = {
    "organisation": _l("The organisation that runs the service. A new organisation is added if no organisation "
                       "has this name. Required."),
    "name": _l("The name of the service. Required. A service with the same name and organisation is updated."),
    "summary": _l("One or two plain sentences saying what the service does. Required, up to 500 characters."),
    "description": _l("More detail about the service."),
    "categories": _l("Types of support, by code, separated by semicolons: %(codes)s."),
    "needs": _l("Special educational needs and disabilities supported, by code, separated by semicolons: "
                "%(codes)s."),
    "age_min": _l("The youngest age, in years, from 0 to 25. Blank means 0."),
    "age_max": _l("The oldest age, in years, from 0 to 25. Blank means 25."),
    "free": _l("yes or no. Blank means yes, unless a cost is given."),
    "cost": _l("What it costs, in words."),
    "self_referral": _l("yes if families can refer themselves, otherwise no."),
    "professional_referral": _l("yes if a professional can refer, otherwise no."),
    "ehc_plan_required": _l("yes if an education, health and care (EHC) plan is needed, otherwise no."),
    "eligibility": _l("Who can use the service."),
    "how_to_access": _l("How to get the service: how to book or be referred."),
    "delivery": _l("How it is provided, separated by semicolons: %(codes)s. Blank keeps what the listing says; "
                   "for a new listing it means in person when an address is given."),
    "area_served": _l("local, outside or national. Blank means local."),
    "email": _l("The service's email address."),
    "phone": _l("The service's phone number."),
    "website": _l("The service's website address."),
    "location_name": _l("The name of the place where the service is, for example a children's centre."),
    "address": _l("The first line of the address."),
    "town": _l("The town or city."),
    "postcode": _l("A full UK postcode. The service is placed on the map at the postcode's centre when no "
                   "latitude and longitude are given."),
    "latitude": _l("Latitude of the place, in decimal degrees (optional)."),
    "longitude": _l("Longitude of the place, in decimal degrees (optional)."),
    "accessibility": _l("Accessibility features of the place, by code, separated by semicolons: %(codes)s."),
    "languages": _l("Languages staff speak, separated by semicolons, each a name with its code in brackets, "
                    "like British Sign Language (bfi)."),
}
CSV_REQUIRED = ("organisation", "name", "summary")
YES, NO = {"yes", "y", "true", "1"}, {"no", "n", "false", "0"}


def csv_help() -> list[tuple[str, str]]:
    """Each template column with what it holds, in the reader's language."""
    codes = {
        "categories": ", ".join(_codes(CATEGORY)), "needs": ", ".join(_codes(NEED)),
        "accessibility": ", ".join(_codes(ACCESSIBILITY)), "delivery": ", ".join(DELIVERY_MODES),
    }
    return [(column, str(CSV_HELP[column]) % {"codes": codes[column]} if column in codes else str(CSV_HELP[column]))
            for column in exports.CSV_COLUMNS]


def _codes(vocabulary: str) -> list[str]:
    from .taxonomy import codes

    return codes(vocabulary)


@dataclass
class CsvRow:
    number: int  # the line in the file (the header is line 1)
    organisation: str
    name: str
    problems: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)
    new_only: dict = field(default_factory=dict)  # fields for a new listing only
    action: str = ""  # "new", "update", "unchanged", or a reason it was skipped


@dataclass
class CsvReport:
    path: str
    rows: list[CsvRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # about the file as a whole
    ignored_columns: list[str] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems and not any(row.problems for row in self.rows)

    def lines(self) -> list[str]:
        lines = [f"File problem: {p}" for p in self.problems]
        if self.ignored_columns:
            lines.append(f"Columns not used: {', '.join(self.ignored_columns)}")
        for row in self.rows:
            title = f"Row {row.number}: {row.name or '(no name)'} ({row.organisation or 'no organisation'})"
            if row.problems:
                lines.append(f"{title}: {len(row.problems)} problem{'s' if len(row.problems) != 1 else ''}")
                lines += [f"  - {p}" for p in row.problems]
            else:
                lines.append(f"{title}: {row.action}")
        bad = sum(1 for row in self.rows if row.problems)
        lines.append(f"{len(self.rows)} rows, {bad} with problems."
                     + (" Written." if self.committed else " Nothing written."))
        return lines


def _cell(row: dict, column: str) -> str:
    text = (row.get(column) or "").strip()
    if text.startswith("'") and text[1:2] and text[1] in exports.FORMULA_STARTS + (" ",):
        text = text[1:]  # a spreadsheet-safe cell from our own export
    return text


def _yes_no(text: str, column: str, default: bool, problems: list[str]) -> bool:
    if not text:
        return default
    if text.lower() in YES:
        return True
    if text.lower() in NO:
        return False
    problems.append(f"{column} must be yes or no, not “{text}”")
    return default


def _list(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;,]", text) if part.strip()]


def _term_codes(text: str, vocabulary: str, column: str, problems: list[str], lookup: TermLookup) -> list[str]:
    chosen = []
    for part in _list(text):
        matches = [t for t in lookup.by_slug.get(slug(part), []) if t.vocabulary == vocabulary]
        if len(matches) == 1:
            chosen.append(matches[0])
        else:
            problems.append(f"{column}: “{part}” is not one of: {', '.join(_codes(vocabulary))}")
    return _ordered_codes(chosen, vocabulary)


def _csv_age(text: str, column: str, default: int, problems: list[str]) -> int:
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        problems.append(f"{column} must be a whole number of years, not “{text}”")
        return default
    if not 0 <= value <= MAX_AGE:
        problems.append(f"{column} must be from 0 to {MAX_AGE}, not {value}")
        return default
    return value


def _coordinate(text: str, column: str, low: float, high: float, problems: list[str]) -> float | None:
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        problems.append(f"{column} must be a number, not “{text}”")
        return None
    if not low <= value <= high:
        problems.append(f"{column} must be from {low:g} to {high:g}, not {text}")
        return None
    return value


def parse_csv_row(row: dict, number: int, lookup: TermLookup) -> CsvRow:
    """One template row as listing data, with every problem found."""
    problems: list[str] = []
    organisation, name, summary = _cell(row, "organisation"), _cell(row, "name"), _cell(row, "summary")
    result = CsvRow(number, organisation, name, problems)
    for column, value, limit in (("organisation", organisation, 255), ("name", name, 255), ("summary", summary, 500)):
        if not value:
            problems.append(f"Enter the {column.replace('_', ' ')}")
        elif len(value) > limit:
            problems.append(f"{column} must be {limit} characters or fewer")
    data: dict = {"name": name[:255], "summary": summary[:500], "description": _cell(row, "description"),
                  "eligibility": _cell(row, "eligibility"), "how_to_access": _cell(row, "how_to_access"),
                  "cost_detail": _cell(row, "cost")}
    data["categories"] = _term_codes(_cell(row, "categories"), CATEGORY, "categories", problems, lookup)
    data["needs"] = _term_codes(_cell(row, "needs"), NEED, "needs", problems, lookup)
    data["age_min"] = _csv_age(_cell(row, "age_min"), "age_min", 0, problems)
    data["age_max"] = _csv_age(_cell(row, "age_max"), "age_max", MAX_AGE, problems)
    if data["age_min"] > data["age_max"]:
        problems.append(f"age_min ({data['age_min']}) must not be above age_max ({data['age_max']})")
    data["is_free"] = _yes_no(_cell(row, "free"), "free", not data["cost_detail"], problems)
    for column in ("self_referral", "professional_referral", "ehc_plan_required"):
        data[column] = _yes_no(_cell(row, column), column, False, problems)
    area = _cell(row, "area_served").lower() or "local"
    if area not in AREAS:
        problems.append(f"area_served must be one of {', '.join(AREAS)}, not “{area}”")
        area = "local"
    data["area_served"] = area
    email = _cell(row, "email")
    if email and (not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email) or len(email) > 254):
        problems.append(f"email “{email}” is not an email address")
    data["email"] = email[:254]
    phone = _cell(row, "phone")
    if len(phone) > 50:
        problems.append("phone must be 50 characters or fewer")
    data["phone"] = phone[:50]
    website = _cell(row, "website")
    if website:
        full = website if "://" in website else "https://" + website
        parts = urllib.parse.urlsplit(full)
        if parts.scheme not in ("http", "https") or "." not in parts.netloc or " " in website or len(full) > 500:
            problems.append(f"website “{website}” is not a web address")
        website = full
    data["website"] = website[:500]

    place = {k: _cell(row, k) for k in ("location_name", "address", "town", "postcode", "latitude", "longitude")}
    locations = []
    if any(place.values()):
        postcode = place["postcode"]
        if postcode:
            normal = geo.normalise_postcode(postcode)
            if normal is None:
                problems.append(f"postcode “{postcode}” is not a UK postcode")
            else:
                postcode = normal
        lat = _coordinate(place["latitude"], "latitude", -90, 90, problems)
        lng = _coordinate(place["longitude"], "longitude", -180, 180, problems)
        if (lat is None) != (lng is None) and not problems:
            problems.append("Give both latitude and longitude, or neither")
        if lat is None and lng is None and postcode:
            point = geo.lookup(postcode)
            if point is not None:
                lat, lng = point.latitude, point.longitude
        locations.append({"name": place["location_name"][:255], "address_1": place["address"][:255],
                          "city": place["town"][:100], "postcode": postcode[:10], "latitude": lat, "longitude": lng,
                          "accessibility": _term_codes(_cell(row, "accessibility"), ACCESSIBILITY, "accessibility",
                                                       problems, lookup)})
    elif _cell(row, "accessibility"):
        problems.append("accessibility needs a place: give an address or postcode")
    data["locations"] = locations
    delivery = []
    for part in _list(_cell(row, "delivery")):
        mode = slug(part).replace("-", "_")
        if mode not in DELIVERY_MODES:
            problems.append(f"delivery: “{part}” is not one of: {', '.join(DELIVERY_MODES)}")
        elif mode not in delivery:
            delivery.append(mode)
    if delivery:
        data["delivery"] = delivery
    else:  # left blank: an existing listing keeps its own; a new one is in person when it has a place
        result.new_only = {"delivery": ["in_person"] if locations else []}
    languages = []
    for part in [p.strip() for p in _cell(row, "languages").split(";") if p.strip()]:
        match = re.fullmatch(r"(.+?)\s*\(([A-Za-z-]{2,10})\)", part)
        name_, code = (match.group(1), match.group(2).lower()) if match else (part, "")
        languages.append({"code": code, "name": name_[:80]})
    data["languages"] = languages
    result.data = data
    return result


def _find_organisation(name: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(func.lower(Organisation.name) == name.lower())
                             .order_by(Organisation.created_at))


def _find_service(org: Organisation | None, name: str) -> Service | None:
    if org is None or org.id is None:
        return None
    return db.session.scalar(select(Service).where(Service.organisation_id == org.id,
                                                   func.lower(Service.name) == name.lower())
                             .order_by(Service.created_at))


def import_csv(path: str, *, commit: bool = False, publish: bool = False) -> CsvReport:
    """Check a CSV of services against the template; with commit, write every row or none.

    Rows name their organisation; a service with the same name in the same organisation is updated
    (through a revision, or published with publish), others are new listings."""
    report = CsvReport(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = [h.strip().lower().replace(" ", "_") for h in reader.fieldnames or []]
            reader.fieldnames = header
            raw_rows = list(reader)
    except OSError as error:
        report.problems.append(f"Could not read {path}: {error.strerror}")
        return report
    except (UnicodeDecodeError, csv.Error) as error:
        report.problems.append(f"{path} is not a UTF-8 CSV file: {error}")
        return report
    missing = [c for c in CSV_REQUIRED if c not in header]
    if missing:
        report.problems.append(f"The file has no {', '.join(missing)} column. The first row must be the "
                               f"template's column names: {', '.join(exports.CSV_COLUMNS)}")
        return report
    report.ignored_columns = [h for h in header if h and h not in exports.CSV_COLUMNS]
    if not raw_rows:
        report.problems.append("The file has no rows below the column names")
        return report

    lookup = TermLookup()
    seen: dict[tuple[str, str], int] = {}
    writer = ListingWriter(f"CSV {path}", publish)
    try:
        orgs: dict[str, Organisation] = {}
        for number, raw in enumerate(raw_rows, start=2):
            if not any((v or "").strip() for v in raw.values() if isinstance(v, str)):
                continue
            row = parse_csv_row(raw, number, lookup)
            report.rows.append(row)
            key = (row.organisation.casefold(), row.name.casefold())
            if row.name and key in seen:
                row.problems.append(f"The same service is on row {seen[key]}")
            seen.setdefault(key, number)
            if row.problems:
                continue
            org = orgs.get(row.organisation.casefold()) or _find_organisation(row.organisation)
            existing = _find_service(org, row.name)
            if org is None:
                org = Organisation(id=uuid.uuid4(), name=row.organisation)
                db.session.add(org)
            orgs[row.organisation.casefold()] = org
            if existing is not None and existing.status == ARCHIVED:
                row.action = "skipped: that listing is archived"
                continue
            outcome, why = writer.save(existing, make_new=lambda: Service(id=uuid.uuid4(), organisation=org,
                                                                          name=row.name),
                                       provided=row.data, new_only=row.new_only)
            row.action = {"created": "new listing", "updated": "update", "unchanged": "no change"}.get(
                outcome, f"skipped: {why}")
            if not publish and outcome in ("created", "updated"):
                row.action += " (waiting for review)"
        if commit and report.ok:
            db.session.commit()
            report.committed = True
        else:
            db.session.rollback()
    except BaseException:
        db.session.rollback()
        raise
    return report
