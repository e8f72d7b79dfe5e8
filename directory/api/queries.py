"""Reads behind the API: only published services, and the organisations and locations they reach.

Every query here starts from Service.status == PUBLISHED; drafts, listings waiting for review and
archived listings never leave the database through the API.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, exists, false, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from portal.extensions import db

from .. import search as search_engine
from ..models import (CATEGORY, NEED, PUBLISHED, Location, Organisation, Service, TaxonomyTerm, service_locations,
                      service_terms)
from ..search import SearchQuery
from .serializers import TAXONOMY_IDS, service_at_location_id

MAX_SEARCH_LENGTH = 200


@dataclass
class ServiceFilters:
    """The /services (and /service_at_locations) filters; every one given must hold (AND)."""
    search: str = ""
    taxonomy_term_id: uuid.UUID | None = None
    taxonomy_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    modified_after: datetime | None = None  # naive UTC

    @property
    def needs_sql(self) -> bool:
        return bool(self.taxonomy_term_id or self.taxonomy_id or self.organization_id or self.modified_after)


def full_options():
    """Eager loading for fully nested services."""
    return (selectinload(Service.terms), selectinload(Service.locations).selectinload(Location.accessibility),
            selectinload(Service.schedules), selectinload(Service.languages), joinedload(Service.organisation))


def _filtered(filters: ServiceFilters) -> Select:
    """Published services matching the SQL filters (all but search), as a select of Service."""
    query = select(Service).join(Organisation, Organisation.id == Service.organisation_id).where(
        Service.status == PUBLISHED)
    if filters.taxonomy_term_id is not None:
        query = query.where(exists().where(service_terms.c.service_id == Service.id,
                                           service_terms.c.term_id == filters.taxonomy_term_id))
    if filters.taxonomy_id is not None:
        vocabulary = TAXONOMY_IDS.get(filters.taxonomy_id)
        if vocabulary is None:
            return query.where(false())
        query = query.where(exists().where(
            service_terms.c.service_id == Service.id, service_terms.c.term_id == TaxonomyTerm.id,
            TaxonomyTerm.vocabulary == vocabulary))
    if filters.organization_id is not None:
        query = query.where(Service.organisation_id == filters.organization_id)
    if filters.modified_after is not None:
        query = query.where(or_(Service.updated_at >= filters.modified_after,
                                Organisation.updated_at >= filters.modified_after))
    return query


def _search_ids(text: str) -> list[uuid.UUID]:
    """Every published service the search engine finds for the words, best first."""
    text = text.strip()[:MAX_SEARCH_LENGTH]
    first = search_engine.search(SearchQuery(text=text, per_page=1))
    if first.total == 0:
        return []
    if first.total == 1:
        return [h.service_id for h in first.hits]
    everything = search_engine.search(SearchQuery(text=text, per_page=first.total))
    return [h.service_id for h in everything.hits]


def _engine_term_filter(filters: ServiceFilters) -> tuple[list[str], list[str]] | None:
    """The filters as the search engine's own (categories, needs), when it can apply them all itself."""
    if filters.taxonomy_id or filters.organization_id or filters.modified_after:
        return None
    if filters.taxonomy_term_id is None:
        return [], []
    term = db.session.get(TaxonomyTerm, filters.taxonomy_term_id)
    if term is None or term.vocabulary not in (CATEGORY, NEED):
        return None
    return ([term.code], []) if term.vocabulary == CATEGORY else ([], [term.code])


def _load(ids: list[uuid.UUID], full: bool) -> list[Service]:
    if not ids:
        return []
    options = full_options() if full else (joinedload(Service.organisation),)
    rows = db.session.scalars(select(Service).where(Service.id.in_(ids), Service.status == PUBLISHED)
                              .options(*options)).unique().all()
    by_id = {s.id: s for s in rows}
    return [by_id[i] for i in ids if i in by_id]


def services_page(filters: ServiceFilters, page: int, per_page: int, *,
                  full: bool = False) -> tuple[list[Service], int]:
    """One page of published services matching the filters, and how many match in all.

    With search words the search engine's order (best match first); otherwise by name."""
    if filters.search.strip():
        engine_terms = _engine_term_filter(filters)
        if engine_terms is not None:  # the engine can do it all, and page it
            categories, needs = engine_terms
            results = search_engine.search(SearchQuery(text=filters.search.strip()[:MAX_SEARCH_LENGTH],
                                                       categories=categories, needs=needs,
                                                       page=page, per_page=per_page))
            return _load([h.service_id for h in results.hits], full), results.total
        ids = _search_ids(filters.search)
        allowed = set(db.session.scalars(_filtered(filters).with_only_columns(Service.id)))
        ids = [i for i in ids if i in allowed]
        start = (page - 1) * per_page
        return _load(ids[start:start + per_page], full), len(ids)
    query = _filtered(filters)
    total = db.session.scalar(select(func.count()).select_from(query.with_only_columns(Service.id).subquery()))
    options = full_options() if full else (joinedload(Service.organisation),)
    rows = db.session.scalars(query.options(*options).order_by(Service.name, Service.id)
                              .offset((page - 1) * per_page).limit(per_page)).unique().all()
    return list(rows), total


def published_service(service_id: uuid.UUID) -> Service | None:
    return db.session.scalar(select(Service).where(Service.id == service_id, Service.status == PUBLISHED)
                             .options(*full_options()))


def all_published_services(batch: int = 500):
    """Every published service, fully loaded, in name order, a batch at a time (for exports)."""
    ids = list(db.session.scalars(select(Service.id).where(Service.status == PUBLISHED)
                                  .order_by(Service.name, Service.id)))
    for start in range(0, len(ids), batch):
        yield from _load(ids[start:start + batch], True)


def published_ids_in_order(ids: list[uuid.UUID]) -> list[Service]:
    """Published services, fully loaded, in the order given."""
    return _load(ids, True)


# --- organisations ---------------------------------------------------------------------------------------

def _has_published():
    return exists().where(Service.organisation_id == Organisation.id, Service.status == PUBLISHED)


def organisations_page(search: str, page: int, per_page: int) -> tuple[list[Organisation], int]:
    query = select(Organisation).where(_has_published())
    text = search.strip()[:MAX_SEARCH_LENGTH]
    if text:
        like = f"%{text}%"
        query = query.where(or_(Organisation.name.ilike(like), Organisation.description.ilike(like)))
    total = db.session.scalar(select(func.count()).select_from(query.with_only_columns(Organisation.id).subquery()))
    rows = db.session.scalars(query.order_by(Organisation.name, Organisation.id)
                              .offset((page - 1) * per_page).limit(per_page)).all()
    return list(rows), total


def published_organisation(org_id: uuid.UUID) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(Organisation.id == org_id, _has_published()))


def published_services_of(org: Organisation, full: bool) -> list[Service]:
    ids = list(db.session.scalars(select(Service.id).where(Service.organisation_id == org.id,
                                                           Service.status == PUBLISHED)
                                  .order_by(Service.name, Service.id)))
    return _load(ids, full)


# --- service at locations --------------------------------------------------------------------------------

def service_at_locations_page(filters: ServiceFilters, page: int,
                              per_page: int) -> tuple[list[tuple[Service, Location]], int]:
    """One page of (published service, location) pairs matching the service filters."""
    services = _filtered(filters).with_only_columns(Service.id)
    pairs = (select(service_locations.c.service_id, service_locations.c.location_id)
             .join(Service, Service.id == service_locations.c.service_id)
             .join(Location, Location.id == service_locations.c.location_id)
             .where(service_locations.c.service_id.in_(services))
             .order_by(Service.name, Service.id, Location.name, Location.id))
    start = (page - 1) * per_page
    if filters.search.strip():
        found = set(_search_ids(filters.search))
        rows = [row for row in db.session.execute(pairs).all() if row.service_id in found]
        return _pairs(rows[start:start + per_page]), len(rows)
    total = db.session.scalar(select(func.count()).select_from(pairs.order_by(None).subquery()))
    rows = db.session.execute(pairs.offset(start).limit(per_page)).all()
    return _pairs(rows), total


def _pairs(rows) -> list[tuple[Service, Location]]:
    service_ids = {r.service_id for r in rows}
    location_ids = {r.location_id for r in rows}
    services = {s.id: s for s in db.session.scalars(select(Service).where(Service.id.in_(service_ids))
                                                    .options(joinedload(Service.organisation)))} if rows else {}
    locations = {loc.id: loc for loc in db.session.scalars(
        select(Location).where(Location.id.in_(location_ids)).options(selectinload(Location.accessibility)))} \
        if rows else {}
    return [(services[r.service_id], locations[r.location_id]) for r in rows]


def service_at_location(sal_id: uuid.UUID) -> tuple[Service, Location] | None:
    """The published service and location behind a service-at-location id (ids are derived, so look it up)."""
    rows = db.session.execute(
        select(service_locations.c.service_id, service_locations.c.location_id)
        .join(Service, Service.id == service_locations.c.service_id)
        .where(Service.status == PUBLISHED)).all()
    for row in rows:
        if service_at_location_id(row.service_id, row.location_id) == sal_id:
            return _pairs([row])[0]
    return None


# --- taxonomy terms --------------------------------------------------------------------------------------

def terms_page(vocabulary: str | None, search: str, page: int, per_page: int,
               restrict_none: bool = False) -> tuple[list[TaxonomyTerm], int]:
    query = select(TaxonomyTerm)
    if restrict_none:
        query = query.where(false())
    if vocabulary is not None:
        query = query.where(TaxonomyTerm.vocabulary == vocabulary)
    text = search.strip()[:MAX_SEARCH_LENGTH]
    if text:
        like = f"%{text}%"
        query = query.where(or_(TaxonomyTerm.name.ilike(like), TaxonomyTerm.code.ilike(like),
                                TaxonomyTerm.description.ilike(like)))
    total = db.session.scalar(select(func.count()).select_from(query.with_only_columns(TaxonomyTerm.id).subquery()))
    rows = db.session.scalars(query.order_by(TaxonomyTerm.vocabulary, TaxonomyTerm.position, TaxonomyTerm.code)
                              .offset((page - 1) * per_page).limit(per_page)).all()
    return list(rows), total


def terms_of(vocabulary: str) -> list[TaxonomyTerm]:
    return list(db.session.scalars(select(TaxonomyTerm).where(TaxonomyTerm.vocabulary == vocabulary)
                                   .order_by(TaxonomyTerm.position)))
