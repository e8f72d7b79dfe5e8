"""Directory writes and rules: plain functions, no request."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db

from .models import TaxonomyTerm
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
