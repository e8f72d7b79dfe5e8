"""What the index holds for a service, read from the database in batches of plain rows.

Three queries per batch (services with their organisation, their terms, their located places),
never one per service; plain rows rather than ORM objects, because building 30 000 Service
objects with their collections costs more than indexing them.
"""
from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import (CATEGORY, CONTENT_SERVICE, CONTENT_TERM, NEED, PUBLISHED, ContentTranslation, Location,
                      Organisation, Service, TaxonomyTerm, service_locations, service_terms)
from .text import translated_text_tokens

BATCH_SIZE = 2000
_WORD = re.compile(r"\w+")

_SERVICE_COLUMNS = (Service.id, Service.name, Service.summary, Service.description, Service.delivery,
                    Service.is_free, Service.self_referral, Service.age_min, Service.age_max, Service.updated_at, Service.assured_on,
                    Organisation.name.label("organisation"))


# The translated fields the index holds, and the fields of a listing's translation each one takes.
TRANSLATED_NAME_FIELDS = ("name",)
TRANSLATED_TEXT_FIELDS = ("summary", "description", "eligibility", "how_to_access", "easy_read_summary")


def make_document(row, topics: list[tuple[str, str, str]], points: list[tuple[float, float]],
                  translations: list[tuple[str, str, str]] = (), topic_translations: list[tuple[str, str]] = ()) -> dict:
    """The fields to index for one published service; topics are (vocabulary, code, name).

    translations are the listing's (language, field, text); topic_translations its terms' translated
    names as (language, name). They go into the translated fields as tokens (see text.py).
    """
    topic_names = " ".join(name for _, _, name in topics)
    organisation = row.organisation or ""
    updated: datetime | None = row.updated_at
    return {
        "id": row.id.hex,
        "name": row.name or "",
        "summary": row.summary or "",
        "description": row.description or "",
        "organisation": organisation,
        "topics": topic_names,
        "words": _distinct_words(row.name, row.summary, row.description, organisation, topic_names),
        "categories": [code for vocabulary, code, _ in topics if vocabulary == CATEGORY],
        "needs": [code for vocabulary, code, _ in topics if vocabulary == NEED],
        "delivery": [mode for mode in (row.delivery or []) if isinstance(mode, str)],
        "free": bool(row.is_free),
        "self_referral": bool(row.self_referral),
        "age_min": row.age_min if row.age_min is not None else 0,
        "age_max": row.age_max if row.age_max is not None else 200,
        "updated": updated.timestamp() if updated else 0.0,
        # Day number of the last check (0 = never): stale listings rank below fresh ones of equal relevance.
        "assured": row.assured_on.toordinal() if row.assured_on else 0,
        "points": points,
        "translated_name": " ".join(translated_text_tokens(text, language) for language, field, text in translations
                                    if field in TRANSLATED_NAME_FIELDS),
        "translated_text": " ".join(
            [translated_text_tokens(text, language) for language, field, text in translations
             if field in TRANSLATED_TEXT_FIELDS]
            + [translated_text_tokens(name, language) for language, name in topic_translations]),
    }


def _distinct_words(*texts: str | None) -> str:
    """Each word once: spelling corrections only need to know which words a listing uses."""
    return " ".join(dict.fromkeys(_WORD.findall(" ".join(t for t in texts if t).lower())))


def _documents(session: Session, ids: list[uuid.UUID], make=make_document) -> list[dict]:
    """Documents for those of the ids that are published (`make` builds each one; see make_document)."""
    rows = session.execute(
        select(*_SERVICE_COLUMNS).join(Organisation, Organisation.id == Service.organisation_id, isouter=True)
        .where(Service.id.in_(ids), Service.status == PUBLISHED)).all()
    if not rows:
        return []
    found = [row.id for row in rows]
    topics: dict[uuid.UUID, list[tuple[str, str, str]]] = defaultdict(list)
    for service_id, vocabulary, code, name in session.execute(
            select(service_terms.c.service_id, TaxonomyTerm.vocabulary, TaxonomyTerm.code, TaxonomyTerm.name)
            .join(TaxonomyTerm, TaxonomyTerm.id == service_terms.c.term_id)
            .where(service_terms.c.service_id.in_(found), TaxonomyTerm.vocabulary.in_((CATEGORY, NEED)))
            .order_by(TaxonomyTerm.position)):
        topics[service_id].append((vocabulary, code, name))
    points: dict[uuid.UUID, list[tuple[float, float]]] = defaultdict(list)
    for service_id, lat, lng in session.execute(
            select(service_locations.c.service_id, Location.latitude, Location.longitude)
            .join(Location, Location.id == service_locations.c.location_id)
            .where(service_locations.c.service_id.in_(found), Location.latitude.is_not(None),
                   Location.longitude.is_not(None))):
        points[service_id].append((lat, lng))
    translations: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for object_id, language, field, text in session.execute(
            select(ContentTranslation.object_id, ContentTranslation.language, ContentTranslation.field,
                   ContentTranslation.text)
            .where(ContentTranslation.kind == CONTENT_SERVICE,
                   ContentTranslation.object_id.in_([str(service_id) for service_id in found]))):
        translations[object_id].append((language, field, text))
    term_names = _translated_term_names(session)
    return [make(row, topics[row.id], points[row.id], translations.get(str(row.id), ()),
                 [(language, name) for vocabulary, code, _ in topics[row.id]
                  for language, name in term_names.get(f"{vocabulary}:{code}", ())])
            for row in rows]


def _translated_term_names(session: Session) -> dict[str, list[tuple[str, str]]]:
    """Translated names of the category and need terms, by term code key "vocabulary:code"."""
    keys = {str(term_id): f"{vocabulary}:{code}" for term_id, vocabulary, code in session.execute(
        select(TaxonomyTerm.id, TaxonomyTerm.vocabulary, TaxonomyTerm.code)
        .where(TaxonomyTerm.vocabulary.in_((CATEGORY, NEED))))}
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for object_id, language, text in session.execute(
            select(ContentTranslation.object_id, ContentTranslation.language, ContentTranslation.text)
            .where(ContentTranslation.kind == CONTENT_TERM, ContentTranslation.field == "name")):
        if object_id in keys:
            out[keys[object_id]].append((language, text))
    return out


def published_documents(session: Session, batch_size: int = BATCH_SIZE, make=make_document) -> Iterator[list[dict]]:
    """Documents for every published service, a batch at a time."""
    ids = session.scalars(select(Service.id).where(Service.status == PUBLISHED).order_by(Service.id)).all()
    for chunk in _chunks(ids, batch_size):
        yield _documents(session, chunk, make)


def documents_for(session: Session, ids: Iterable[uuid.UUID],
                  make=make_document) -> tuple[list[dict], set[uuid.UUID]]:
    """Documents for those of the ids that are published, and the ids to remove from the index."""
    ids = set(ids)
    docs = []
    for chunk in _chunks(sorted(ids), BATCH_SIZE):
        docs += _documents(session, chunk, make)
    return docs, ids - {uuid.UUID(doc["id"]) for doc in docs}


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
