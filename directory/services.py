"""Directory writes and rules: plain functions, no request."""
from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from portal.extensions import db

from .models import (CATEGORY, NEED, PUBLISHED, Location, Organisation, SearchEvent, Service, TaxonomyTerm,
                     service_terms)
from .taxonomy import VOCABULARY_TERMS, term_id


def ensure_taxonomy() -> int:
    """Create or update the portal's vocabularies; return how many terms were added."""
    existing = {t.id: t for t in db.session.scalars(select(TaxonomyTerm))}
    added = 0
    for vocabulary, terms in VOCABULARY_TERMS.items():
        for position, (code, name, description) in enumerate(terms):
            tid = term_id(vocabulary, code)
            term = existing.get(tid)
            if term is None:
                term = TaxonomyTerm(id=tid, vocabulary=vocabulary, code=code)
                db.session.add(term)
                added += 1
            term.name, term.description, term.position = name, description, position
    db.session.commit()
    return added


def published_service(service_id: uuid.UUID) -> Service | None:
    """A published service with what its page shows, or None."""
    return db.session.scalar(
        select(Service)
        .where(Service.id == service_id, Service.status == PUBLISHED)
        .options(selectinload(Service.terms), selectinload(Service.locations).selectinload(Location.accessibility),
                 selectinload(Service.schedules), selectinload(Service.languages),
                 joinedload(Service.organisation))
    )


def services_by_ids(ids: list[uuid.UUID]) -> list[Service]:
    """Published services for search hits, in the order given (the engine's order)."""
    if not ids:
        return []
    rows = db.session.scalars(
        select(Service)
        .where(Service.id.in_(ids), Service.status == PUBLISHED)
        .options(selectinload(Service.terms), selectinload(Service.locations), joinedload(Service.organisation))
    ).all()
    by_id = {s.id: s for s in rows}
    return [by_id[i] for i in ids if i in by_id]


def related_services(service: Service, limit: int = 5) -> list[Service]:
    """Other published services sharing a need or category, those sharing most first."""
    term_ids = [t.id for t in service.terms if t.vocabulary in (CATEGORY, NEED)]
    if not term_ids:
        return []
    shared = func.count(service_terms.c.term_id).label("shared")
    rows = db.session.execute(
        select(Service.id, shared)
        .join(service_terms, service_terms.c.service_id == Service.id)
        .where(service_terms.c.term_id.in_(term_ids), Service.id != service.id, Service.status == PUBLISHED)
        .group_by(Service.id)
        .order_by(shared.desc(), Service.name)
        .limit(limit)
    ).all()
    return services_by_ids([row.id for row in rows])


def term_by_code(vocabulary: str, code: str) -> TaxonomyTerm | None:
    """One taxonomy term by its vocabulary and code."""
    return db.session.scalar(
        select(TaxonomyTerm).where(TaxonomyTerm.vocabulary == vocabulary, TaxonomyTerm.code == code))


def terms_of(vocabulary: str) -> list[TaxonomyTerm]:
    """All terms of a vocabulary, in display order."""
    return list(db.session.scalars(
        select(TaxonomyTerm).where(TaxonomyTerm.vocabulary == vocabulary).order_by(TaxonomyTerm.position)))


def published_counts_by_term(vocabulary: str) -> dict[str, int]:
    """How many published services carry each term of a vocabulary, by code."""
    rows = db.session.execute(
        select(TaxonomyTerm.code, func.count(Service.id))
        .join(service_terms, service_terms.c.term_id == TaxonomyTerm.id)
        .join(Service, Service.id == service_terms.c.service_id)
        .where(TaxonomyTerm.vocabulary == vocabulary, Service.status == PUBLISHED)
        .group_by(TaxonomyTerm.code)
    ).all()
    return {code: count for code, count in rows}


def published_organisation(org_id: uuid.UUID) -> Organisation | None:
    """An organisation, if it has at least one published service."""
    org = db.session.get(Organisation, org_id)
    if org is None or not any(s.status == PUBLISHED for s in org.services):
        return None
    return org


def record_search(query: str, filters: dict, locale: str, result_count: int) -> None:
    """Record a search for gap analysis: what was asked and found, never who asked."""
    db.session.add(SearchEvent(query=query[:200], filters=filters, locale=locale, result_count=result_count))
    db.session.commit()
