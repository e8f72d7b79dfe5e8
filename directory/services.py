"""Directory writes and rules: plain functions, no request."""
from __future__ import annotations

import uuid

from sqlalchemy import func, select, union_all
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
    return _published_in_order(ids, selectinload(Service.terms), selectinload(Service.locations),
                               joinedload(Service.organisation))


def _published_in_order(ids: list[uuid.UUID], *options) -> list[Service]:
    if not ids:
        return []
    # The status is checked here, not in SQL: with `status = 'published'` beside the id list SQLite (no
    # statistics) reads the status index, every published service, instead of the few ids (about 20 ms
    # at 30 000 services against under 1 ms).
    rows = db.session.scalars(select(Service).where(Service.id.in_(ids)).options(*options)).all()
    by_id = {s.id: s for s in rows if s.status == PUBLISHED}
    return [by_id[i] for i in ids if i in by_id]


# How many services related_services considers for each of a service's categories and needs: half of them the
# next ones after it in id order, half the first ones (wrapping round), so that the work is bounded however
# many services share a term (a popular need is shared by thousands) and different pages suggest different
# services. Shared terms are then counted exactly for those candidates. With fewer services than this for
# every term, every service sharing a term is a candidate.
RELATED_CANDIDATES_PER_TERM = 200


def related_services(service: Service, limit: int = 5) -> list[Service]:
    """Other published services sharing a need or category, those sharing most first (then by name), from
    up to RELATED_CANDIDATES_PER_TERM candidates for each of this service's categories and needs."""
    term_ids = [t.id for t in service.terms if t.vocabulary in (CATEGORY, NEED)]
    if not term_ids:
        return []
    st = service_terms.c
    half = RELATED_CANDIDATES_PER_TERM // 2
    # Each part reads at most `half` entries of the (term_id, service_id) index.
    parts = [select(st.service_id).where(st.term_id == tid, after).order_by(st.service_id).limit(half).subquery()
             for tid in term_ids for after in (st.service_id > service.id, st.service_id < service.id)]
    candidates = union_all(*(select(part.c.service_id) for part in parts)).subquery()
    shared = func.count(st.term_id).label("shared")
    # The status is not in WHERE: beside it SQLite (no statistics) would read every published service through
    # the status index. Published services are sorted first instead, and the others dropped here.
    published = Service.status == PUBLISHED
    rows = db.session.execute(
        select(Service.id, Service.status, shared)
        .join(service_terms, st.service_id == Service.id)
        .where(st.term_id.in_(term_ids), st.service_id.in_(select(candidates.c.service_id)))
        .group_by(Service.id, Service.status, Service.name)
        .order_by(published.desc(), shared.desc(), Service.name, Service.id)
        .limit(limit)
    ).all()
    # Only their names are shown (translated names are looked up with the organisation's), so a card's
    # terms and places are not loaded.
    return _published_in_order([row.id for row in rows if row.status == PUBLISHED], joinedload(Service.organisation))


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
