"""Exports of the published directory: an Open Referral UK JSON package and CSV, and any search as CSV.

Only published listings are exported. CSV cells that a spreadsheet would run as a formula (starting
with = + - @, a tab or a carriage return) start with a single quote instead, so a downloaded file
can never run anything; the CSV importer takes the quote off again.

The CSV columns are the import template's (see directory.imports.CSV_COLUMNS), so an export can be
edited and imported, with a few more at each end (ids, the page address, other locations, dates).
"""
from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterable, Iterator

from flask import url_for

from . import search as search_engine
from .api import queries
from .api.serializers import service_full, service_last_modified, timestamp
from .models import AGE_BAND, CATEGORY, NEED, Location, Service
from .search import SearchQuery

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# The import template's columns, in order (directory.imports documents each one).
CSV_COLUMNS = [
    "organisation", "name", "summary", "description", "categories", "needs", "age_min", "age_max", "free",
    "cost", "self_referral", "professional_referral", "ehc_plan_required", "eligibility", "how_to_access",
    "delivery", "area_served", "email", "phone", "website", "location_name", "address", "town", "postcode",
    "latitude", "longitude", "accessibility", "languages",
]
EXPORT_COLUMNS = (["id", "page", "organisation_id"] + CSV_COLUMNS
                  + ["other_locations", "types_of_support", "needs_supported", "age_bands", "last_checked",
                     "last_modified"])
SEARCH_COLUMNS = EXPORT_COLUMNS + ["distance_miles"]
BOM = "\ufeff"  # so spreadsheet programs read the file as UTF-8


def neutralise(value) -> str:
    """A cell's text, with a leading quote when a spreadsheet would otherwise read it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _codes(service: Service, vocabulary: str) -> list:
    return [t for t in service.terms if t.vocabulary == vocabulary]


def _location_text(location: Location) -> str:
    return ", ".join(p for p in (location.name, location.address_1, location.city, location.postcode) if p)


def _number(value: float | None) -> str:
    return "" if value is None else repr(float(value))


def service_row(service: Service) -> dict[str, str]:
    """One published service as a CSV row (before neutralising)."""
    locations = sorted(service.locations, key=lambda loc: (loc.name or "", loc.postcode or "", str(loc.id)))
    first = locations[0] if locations else None
    categories, needs = _codes(service, CATEGORY), _codes(service, NEED)
    return {
        "id": str(service.id),
        "page": url_for("directory.service", service_id=service.id, _external=True),
        "organisation_id": str(service.organisation_id),
        "organisation": service.organisation.name,
        "name": service.name,
        "summary": service.summary,
        "description": service.description,
        "categories": "; ".join(t.code for t in categories),
        "needs": "; ".join(t.code for t in needs),
        "age_min": str(service.age_min),
        "age_max": str(service.age_max),
        "free": _yes(service.is_free),
        "cost": service.cost_detail,
        "self_referral": _yes(service.self_referral),
        "professional_referral": _yes(service.professional_referral),
        "ehc_plan_required": _yes(service.ehc_plan_required),
        "eligibility": service.eligibility,
        "how_to_access": service.how_to_access,
        "delivery": "; ".join(service.delivery or []),
        "area_served": service.area_served,
        "email": service.email,
        "phone": service.phone,
        "website": service.website,
        "location_name": first.name if first else "",
        "address": first.address_1 if first else "",
        "town": first.city if first else "",
        "postcode": first.postcode if first else "",
        "latitude": _number(first.latitude) if first else "",
        "longitude": _number(first.longitude) if first else "",
        "accessibility": "; ".join(t.code for t in first.accessibility) if first else "",
        "languages": "; ".join(f"{lang.name} ({lang.code})" if lang.code else lang.name for lang in service.languages),
        "other_locations": " | ".join(_location_text(loc) for loc in locations[1:]),
        "types_of_support": "; ".join(t.name for t in categories),
        "needs_supported": "; ".join(t.name for t in needs),
        "age_bands": "; ".join(t.name for t in _codes(service, AGE_BAND)),
        "last_checked": service.assured_on.isoformat() if service.assured_on else "",
        "last_modified": timestamp(service_last_modified(service)) or "",
    }


def _csv_line(values: Iterable) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([neutralise(v) for v in values])
    return buffer.getvalue()


def csv_chunks(services: Iterable[Service], columns: list[str] = EXPORT_COLUMNS,
               extra: dict | None = None) -> Iterator[str]:
    """CSV text, a row at a time, starting with a byte-order mark and the header."""
    yield BOM + _csv_line(columns)
    for service in services:
        row = service_row(service)
        if extra:
            row.update(extra.get(service.id, {}))
        yield _csv_line(row.get(column, "") for column in columns)


def directory_csv_chunks() -> Iterator[str]:
    """The whole published directory as CSV."""
    return csv_chunks(queries.all_published_services())


def oruk_json_chunks() -> Iterator[str]:
    """The whole published directory as an ORUK JSON package: an array of fully nested services."""
    yield "["
    for index, service in enumerate(queries.all_published_services()):
        yield ("," if index else "") + "\n" + json.dumps(service_full(service), ensure_ascii=False, sort_keys=True)
    yield "\n]\n"


def search_csv_chunks(query: SearchQuery) -> Iterator[str]:
    """Every result of a search (all pages), in the search's order, as CSV."""
    first = search_engine.search(dataclasses.replace(query, page=1, per_page=1))
    hits = first.hits
    if first.total > 1:
        hits = search_engine.search(dataclasses.replace(query, page=1, per_page=first.total)).hits
    distances = {h.service_id: {"distance_miles": f"{h.distance_miles:.1f}"}
                 for h in hits if h.distance_miles is not None}
    ids = [h.service_id for h in hits]

    def services():
        for start in range(0, len(ids), 500):
            yield from queries.published_ids_in_order(ids[start:start + 500])

    return csv_chunks(services(), SEARCH_COLUMNS, distances)


def write(chunks: Iterable[str], path: str) -> None:
    """Write an export to a file ("-" for standard output)."""
    if path == "-":
        import sys

        for chunk in chunks:
            sys.stdout.write(chunk[len(BOM):] if chunk.startswith(BOM) else chunk)
        return
    with open(path, "w", encoding="utf-8", newline="") as fh:
        for chunk in chunks:
            fh.write(chunk)


def template_csv() -> str:
    """The CSV import template: the columns and one example row."""
    example = {
        "organisation": "Riverside Family Support", "name": "Saturday Sensory Swim",
        "summary": "Quiet, relaxed swimming sessions for children with SEND and their families.",
        "description": "Small groups, warm water and lifeguards trained in supporting disabled children.",
        "categories": "leisure", "needs": "autism; physical-disability", "age_min": "4", "age_max": "16",
        "free": "no", "cost": "£3 a session; carers free", "self_referral": "yes", "professional_referral": "no",
        "ehc_plan_required": "no", "eligibility": "Children and young people aged 4 to 16 with SEND.",
        "how_to_access": "Book by phone or just turn up.", "delivery": "in_person", "area_served": "local",
        "email": "swim@example.org", "phone": "01632 960123", "website": "https://example.org/swim",
        "location_name": "Riverside Leisure Centre", "address": "1 High Street", "town": "Riverside",
        "postcode": "E8 1DY", "latitude": "", "longitude": "", "accessibility": "step-free; changing-places",
        "languages": "English (en); British Sign Language (bfi)",
    }
    return "".join(csv_chunks([], CSV_COLUMNS)) + _csv_line(example[c] for c in CSV_COLUMNS)

