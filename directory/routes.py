"""Public directory pages: home, search, services, browsing, organisations, glossary."""
from __future__ import annotations

import math
import uuid
from datetime import date

from flask import (Blueprint, Response, abort, current_app, has_request_context, redirect, render_template, request,
                   session, stream_with_context, url_for)

from portal.extensions import limiter
from portal.paging import page_number

from . import exports, freshness, problems
from portal.i18n import current_language

from . import easy_read
from . import search as search_engine
from . import services
from .forms import SearchForm
from .glossary import GLOSSARY
from .glossary_links import glossary_terms_seen, link_glossary_terms
from .labels import AREA_LABELS, DELIVERY_LABELS, SORT_LABELS
from .models import ACCESSIBILITY, CATEGORY, NEED
from .review_forms import ProblemReportForm
from .search import SearchQuery
from .search_page import chosen_filters, filter_groups, page_url, search_event_filters

bp = Blueprint("directory", __name__)

bp.add_app_template_filter(link_glossary_terms, "glossary_links")
bp.add_app_template_global(glossary_terms_seen, "glossary_terms_seen")
bp.add_app_template_filter(easy_read.easy_read_lines, "easy_read_lines")


@bp.before_app_request
def follow_easy_read_link():
    """An `?easy_read=1` (or `0`) link on any page: remember the choice, then show the page at its clean address."""
    value = request.args.get(easy_read.PARAMETER)
    if value is None or request.method != "GET" or request.routing_exception is not None:
        return None
    easy_read.remember_choice(session, value)
    return redirect(easy_read.without_switch(request.path, list(request.args.items(multi=True))), code=303)


@bp.app_context_processor
def easy_read_context() -> dict:
    if not has_request_context():  # emails and CLI output: no reader, no choice
        return {"easy_read_on": False}
    on = easy_read.is_on(session)
    return {
        "easy_read_on": on,
        "easy_read_switch_url": lambda: easy_read.switch_url(
            request.path, list(request.args.items(multi=True)), turn_on=not on),
    }


def _terms() -> dict:
    return {CATEGORY: services.terms_of(CATEGORY), NEED: services.terms_of(NEED)}


@bp.get("/")
def home():
    return render_template(
        "directory/home.html",
        form=SearchForm(),
        categories=services.terms_of(CATEGORY),
        category_counts=services.published_counts_by_term(CATEGORY),
        needs=services.terms_of(NEED),
    )


@bp.get("/search")
def search():
    form = SearchForm(request.args)
    asked = any(v.strip() for v in request.args.values() if v)
    if asked:
        form.validate()
    per_page = current_app.config["RESULTS_PER_PAGE"]
    query = form.to_query(per_page)
    results = search_engine.search(query)
    page_count = max(1, math.ceil(results.total / per_page))
    page_notice = None
    if query.page > page_count:
        page_notice = page_count
        query.page = page_count
        results = search_engine.search(query)
    hits = {hit.service_id: hit for hit in results.hits}
    point = form.postcode_point
    # Only the first page counts as a search; paging through it is not a new one. Recorded before the cards'
    # services are read: its commit expires everything loaded, and each card would then read its service,
    # terms and locations again (three queries a card).
    if asked and request.args.get("page", "1").strip() in ("", "1"):
        services.record_search(query.text, search_event_filters(query, point.postcode.split()[0] if point else None),
                               current_language(), results.total)
    found = services.services_by_ids(list(hits))
    terms = _terms()
    return render_template(
        "directory/search.html",
        form=form,
        query=query,
        results=results,
        found=found,
        hits=hits,
        asked=asked,
        page_count=page_count,
        page_notice=page_notice,
        page_url=lambda p: page_url(request.args, p),
        groups=filter_groups(query, results, terms),
        chosen=chosen_filters(request.args, query, point.postcode if point else None, terms),
        clear_url=url_for("directory.search", q=query.text or None),
        sort_labels=SORT_LABELS,
        delivery_labels=DELIVERY_LABELS,
    )


@bp.get("/search.csv")
@limiter.limit("30 per minute")
def search_csv():
    """Every result of a search (all pages) as CSV: the same parameters as /search, parsed the same way."""
    form = SearchForm(request.args)
    if any(v.strip() for v in request.args.values() if v):
        form.validate()
    query = form.to_query(current_app.config["RESULTS_PER_PAGE"])
    response = Response(stream_with_context(exports.search_csv_chunks(query)), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="local-offer-search-results.csv"'
    return response


@bp.get("/services/<uuid:service_id>")
def service(service_id: uuid.UUID):
    found = services.published_service(service_id)
    if found is None:
        abort(404)
    return render_template(
        "directory/service.html",
        service=found,
        related=services.related_services(found),
        delivery_labels=DELIVERY_LABELS,
        area_labels=AREA_LABELS,
        accessibility_vocabulary=ACCESSIBILITY,
        stale=freshness.is_stale(found, date.today()),
        problem_form=ProblemReportForm(formdata=None),
    )


@bp.route("/services/<uuid:service_id>/report", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
def report_problem(service_id: uuid.UUID):
    """The "Is something wrong with this page?" form: store the report, or show it again with the reader's words."""
    found = services.published_service(service_id)
    if found is None:
        abort(404)
    form = ProblemReportForm()
    if request.method == "POST":
        if form.is_bot:  # the honeypot was filled in: look as if it worked, keep nothing
            return render_template("directory/review/report_thanks.html", service=found)
        if form.validate():
            try:
                problems.report_problem(found, form.kind.data, form.details.data or "", form.email.data or "")
            except problems.ProblemError as error:
                form.form_errors.append(str(error))
            else:
                return render_template("directory/review/report_thanks.html", service=found)
        status = 400
    else:
        form = ProblemReportForm(formdata=None)
        status = 200
    return render_template("directory/review/report_problem.html", service=found, problem_form=form), status


def _browse(vocabulary: str, code: str):
    term = services.term_by_code(vocabulary, code)
    if term is None:
        abort(404)
    per_page = current_app.config["RESULTS_PER_PAGE"]
    page = page_number(request.args.get("page"))
    query = SearchQuery(categories=[code] if vocabulary == CATEGORY else [],
                        needs=[code] if vocabulary == NEED else [], sort="name", page=page, per_page=per_page)
    results = search_engine.search(query)
    page_count = max(1, math.ceil(results.total / per_page))
    if page > page_count:
        query.page = page = page_count
        results = search_engine.search(query)
    return render_template(
        "directory/browse.html",
        term=term,
        vocabulary=vocabulary,
        results=results,
        found=services.services_by_ids([h.service_id for h in results.hits]),
        page=page,
        page_count=page_count,
        delivery_labels=DELIVERY_LABELS,
    )


@bp.get("/categories/<code>")
def category(code: str):
    return _browse(CATEGORY, code)


@bp.get("/needs")
def needs():
    return render_template("directory/needs.html", needs=services.terms_of(NEED),
                           counts=services.published_counts_by_term(NEED))


@bp.get("/needs/<code>")
def need(code: str):
    return _browse(NEED, code)


@bp.get("/organisations/<uuid:org_id>")
def organisation(org_id: uuid.UUID):
    org = services.published_organisation(org_id)
    if org is None:
        abort(404)
    return render_template("directory/organisation.html", organisation=org,
                           published=[s for s in org.services if s.is_published], delivery_labels=DELIVERY_LABELS)


@bp.get("/glossary")
def glossary():
    return render_template("directory/glossary.html", entries=GLOSSARY)
