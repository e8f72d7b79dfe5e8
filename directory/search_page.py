"""What the search page shows beside the results: filter groups with counts and removable tags."""
from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from .labels import DELIVERY_LABELS
from .models import CATEGORY, NEED, TaxonomyTerm
from .search import SearchQuery, SearchResults


@dataclass
class FilterGroup:
    name: str  # the query parameter
    legend: str
    items: list[dict]  # {"value", "text", "count", "checked"}


@dataclass
class ChosenFilter:
    label: str
    remove_url: str


def filter_groups(query: SearchQuery, results: SearchResults,
                  terms: dict[str, list[TaxonomyTerm]]) -> list[FilterGroup]:
    """The filter checkboxes, each value with how many of the current results it would keep."""
    def items(facet: str, options: list[tuple[str, str]], chosen: list[str]) -> list[dict]:
        counts = results.facets.get(facet, {})
        return [{"value": value, "text": text, "count": counts.get(value, 0), "checked": value in chosen}
                for value, text in options]

    return [
        FilterGroup("category", str(_l("Type of support")),
                    items("category", [(t.code, t.name) for t in terms[CATEGORY]], query.categories)),
        FilterGroup("need", str(_l("Need")),
                    items("need", [(t.code, t.name) for t in terms[NEED]], query.needs)),
        FilterGroup("delivery", str(_l("How it is provided")),
                    items("delivery", [(k, str(v)) for k, v in DELIVERY_LABELS.items()], query.delivery)),
        FilterGroup("free", str(_l("Cost")),
                    items("free", [("yes", str(_l("Free services only")))], ["yes"] if query.free else [])),
        FilterGroup("self_referral", str(_l("Referral")),
                    items("self_referral", [("yes", str(_l("You can refer yourself")))],
                          ["yes"] if query.self_referral else [])),
    ]


def _url_without(args: MultiDict, key: str, value: str | None = None) -> str:
    kept = MultiDict([(k, v) for k, v in args.items(multi=True)
                      if k != "page" and not (k == key and (value is None or v == value))])
    return url_for("directory.search", **kept.to_dict(flat=False))


def chosen_filters(args: MultiDict, query: SearchQuery, postcode_label: str | None,
                   terms: dict[str, list[TaxonomyTerm]]) -> list[ChosenFilter]:
    """A removable tag for each filter in use; each links to the same search without it."""
    names = {(vocabulary, t.code): t.name for vocabulary, ts in terms.items() for t in ts}
    chosen: list[ChosenFilter] = []
    for code in query.categories:
        chosen.append(ChosenFilter(names[(CATEGORY, code)], _url_without(args, "category", code)))
    for code in query.needs:
        chosen.append(ChosenFilter(names[(NEED, code)], _url_without(args, "need", code)))
    if query.age is not None:
        chosen.append(ChosenFilter(str(_l("Age %(age)d", age=query.age)), _url_without(args, "age")))
    for mode in query.delivery:
        chosen.append(ChosenFilter(str(DELIVERY_LABELS[mode]), _url_without(args, "delivery", mode)))
    if query.free:
        chosen.append(ChosenFilter(str(_l("Free")), _url_without(args, "free")))
    if query.self_referral:
        chosen.append(ChosenFilter(str(_l("You can refer yourself")), _url_without(args, "self_referral")))
    if postcode_label:
        chosen.append(ChosenFilter(str(_l("Near %(postcode)s", postcode=postcode_label)),
                                   _url_without(args, "postcode")))
    return chosen


def page_url(args: MultiDict, page: int) -> str:
    """The same search on another page."""
    kept = MultiDict([(k, v) for k, v in args.items(multi=True) if k != "page"])
    if page > 1:
        kept.add("page", str(page))
    return url_for("directory.search", **kept.to_dict(flat=False))


def search_event_filters(query: SearchQuery, postcode_district: str | None) -> dict:
    """The filters of a search as recorded: only the postcode district, never a full postcode."""
    filters = {
        "category": query.categories, "need": query.needs, "age": query.age, "free": query.free,
        "self_referral": query.self_referral, "delivery": query.delivery, "sort": query.sort,
        "postcode_district": postcode_district,
    }
    return {k: v for k, v in filters.items() if v not in (None, False, [], "")}
