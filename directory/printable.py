"""The printable directory: every result of a search (or a category) as one list, grouped by type of support.

City of London's families asked for a "printable website directory … to include easy read versions";
any filtered search on /search can be printed this way with the same query string.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from . import content_translations as ct
from . import search as search_engine
from . import services
from .models import CATEGORY, Service, TaxonomyTerm
from .search import SearchHit, SearchQuery

# A printed list longer than this is a book, and slow to build: say so and print the first ones.
PRINT_LIMIT = 500


@dataclass
class PrintGroup:
    heading: ct.LocalText  # the category's name in the reader's language (or the English, marked as such)
    code: str | None  # the category's code, None for services without one
    entries: list[tuple[Service, SearchHit]] = field(default_factory=list)


@dataclass
class PrintableList:
    groups: list[PrintGroup]
    total: int  # every result of the search
    shown: int  # how many are printed
    limit: int

    @property
    def capped(self) -> bool:
        """True when the search found more than can be printed."""
        return self.total > self.limit


def _group_term(service: Service, chosen: list[str]) -> TaxonomyTerm | None:
    """The category a service is printed under: the first one searched for, else its own first one."""
    for term in service.categories:
        if term.code in chosen[:1]:
            return term
    return service.categories[0] if service.categories else None


def printable_list(query: SearchQuery, limit: int | None = None) -> PrintableList:
    """A search's results (the first LIMIT, PRINT_LIMIT unless told, in the search's order), each once,
    grouped by type of support. Groups follow the taxonomy's order; services without one come last.
    Group headings are in the reader's language; the template shows each listing in it too.
    """
    limit = limit or PRINT_LIMIT
    results = search_engine.search(dataclasses.replace(query, page=1, per_page=limit))
    hits = {hit.service_id: hit for hit in results.hits}
    found = services.services_by_ids(list(hits))
    by_code: dict[str | None, PrintGroup] = {}
    for service in found:
        term = _group_term(service, query.categories)
        code = term.code if term else None
        if code not in by_code:
            heading = ct.localise_term(term).name if term else ct.LocalText(str(_l("Other services")))
            by_code[code] = PrintGroup(heading, code)
        by_code[code].entries.append((service, hits[service.id]))
    order = {term.code: term.position for term in services.terms_of(CATEGORY)}
    groups = sorted(by_code.values(), key=lambda g: (g.code is None, order.get(g.code, 0)))
    return PrintableList(groups=groups, total=results.total, shown=len(found), limit=limit)
