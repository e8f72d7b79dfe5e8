"""The Open Referral UK 3.0 API: GET only, JSON, no key, open to every origin.

Every answer is JSON, errors too ({"message": ...}): 400 for a parameter we cannot use, 404 for an id
that is not a published record, 429 over the rate limit. Every 200 carries an ETag (a hash of the
body) and, when its records have dates, Last-Modified; If-None-Match / If-Modified-Since get 304.
"""
from __future__ import annotations

import hashlib
import json
import math
import uuid
from datetime import datetime, timezone

from flask import current_app, redirect, request, url_for
from flask_limiter.errors import RateLimitExceeded
from werkzeug.exceptions import HTTPException

from portal.extensions import db, limiter

from ..models import VOCABULARIES, TaxonomyTerm
from . import bp, queries
from . import serializers as oruk
from .openapi import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE
from .openapi import build as build_openapi
from .queries import ServiceFilters

DEFAULT_RATE_LIMIT = "120 per minute"
TRUE, FALSE = {"true", "1", "yes", "on"}, {"false", "0", "no", "off"}


class ApiError(Exception):
    """A request we cannot answer; the message says why, for the developer reading it."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status


def rate_limit() -> str:
    """Requests allowed per address (API_RATE_LIMIT in the configuration, in flask-limiter's words)."""
    return current_app.config.get("API_RATE_LIMIT") or DEFAULT_RATE_LIMIT


limiter.limit(rate_limit)(bp)


# --- responses -------------------------------------------------------------------------------------------

def _error_response(message: str, status: int, headers: dict | None = None):
    response = current_app.response_class(json.dumps({"message": message}), status=status,
                                          mimetype="application/json")
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def json_response(data, last_modified: datetime | None = None):
    """The body as compact JSON with an ETag and Last-Modified; 304 when the client already has it."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    response = current_app.response_class(body, mimetype="application/json")
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    if last_modified is not None:
        response.last_modified = last_modified.replace(tzinfo=timezone.utc)
    response.cache_control.public = True
    response.cache_control.max_age = 60
    return response.make_conditional(request)


@bp.after_request
def open_to_every_origin(response):
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = (
        "ETag, Last-Modified, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset")
    if request.method == "OPTIONS":  # a browser's preflight, e.g. before a GET with If-None-Match
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Accept, If-None-Match, If-Modified-Since"
        response.headers["Access-Control-Max-Age"] = "86400"
    return response


@bp.errorhandler(ApiError)
def api_error(error: ApiError):
    allow = {"Allow": "GET, HEAD, OPTIONS"} if error.status == 405 else None
    return _error_response(error.message, error.status, allow)


@bp.errorhandler(RateLimitExceeded)
def too_many(error: RateLimitExceeded):
    try:
        current = limiter.current_limit
        seconds = max(1, math.ceil(current.reset_at - datetime.now(timezone.utc).timestamp())) if current else 60
    except Exception:  # the limiter's storage may be unreachable; still answer in JSON
        seconds = 60
    return _error_response(f"Too many requests: the limit is {error.description}. Try again in {seconds} seconds.",
                           429, {"Retry-After": str(seconds)})


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    headers = {}
    if error.code == 405:
        headers["Allow"] = "GET, HEAD, OPTIONS"
    return _error_response(error.description or error.name, error.code or 500, headers)


# --- parameters ------------------------------------------------------------------------------------------

def _arg(name: str) -> str:
    return (request.args.get(name) or "").strip()


def _int_arg(name: str, default: int, low: int, high: int | None = None) -> int:
    text = _arg(name)
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise ApiError(f"{name} must be a whole number, not {text[:40]!r}") from None
    if value < low or (high is not None and value > high):
        limit = f"from {low} to {high}" if high is not None else f"{low} or more"
        raise ApiError(f"{name} must be {limit}, not {value}")
    return value


def paging() -> tuple[int, int]:
    return (_int_arg("page", 1, 1, MAX_PAGE), _int_arg("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE))


def _bool_arg(name: str) -> bool:
    text = _arg(name).lower()
    if not text:
        return False
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ApiError(f"{name} must be true or false, not {text[:40]!r}")


def _uuid_arg(name: str) -> uuid.UUID | None:
    text = _arg(name)
    if not text:
        return None
    try:
        return uuid.UUID(text)
    except ValueError:
        raise ApiError(f"{name} must be a UUID, like 3f7b145d-84af-42d7-8fae-eaca714b02b2, not {text[:60]!r}") from None


def _datetime_arg(name: str) -> datetime | None:
    text = _arg(name)
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace(" ", "+") if "T" in text else text)
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
    except (ValueError, OverflowError):
        raise ApiError(f"{name} must be an ISO 8601 date-time, like 2025-01-31T09:00:00Z, not {text[:40]!r}") from None
    return value


def service_filters() -> ServiceFilters:
    return ServiceFilters(
        search=_arg("search"),
        taxonomy_term_id=_uuid_arg("taxonomy_term_id"),
        taxonomy_id=_uuid_arg("taxonomy_id"),
        organization_id=_uuid_arg("organization_id"),
        modified_after=_datetime_arg("modified_after"),
    )


def _path_uuid(text: str, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise ApiError(f"There is no published {what} with the id {text[:60]!r}", 404) from None


def _latest(stamps) -> datetime | None:
    stamps = [s for s in stamps if s is not None]
    return max(stamps) if stamps else None


# --- endpoints -------------------------------------------------------------------------------------------

@bp.get("/")
def api_details():
    return json_response({
        "version": "3.0",
        "profile": "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md",
        "openapi_url": url_for("oruk.openapi", _external=True),
    })


@bp.get("/openapi.json")
def openapi():
    config = current_app.config
    server = url_for("oruk.api_details", _external=True).rstrip("/")
    return json_response(build_openapi(
        server,
        title=f"{config['COUNCIL_NAME']} Local Offer: Open Referral UK API",
        contact_email=config["LOCAL_OFFER_EMAIL"],
        site_url=url_for("directory.home", _external=True),
        licence_name=config.get("OPEN_DATA_LICENCE_NAME") or "Open Government Licence v3.0",
        licence_url=config.get("OPEN_DATA_LICENCE_URL")
        or "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    ))


@bp.get("/docs")
def docs():
    return redirect(url_for("open_data.page"))


@bp.get("/services")
def services():
    page, per_page = paging()
    filters = service_filters()
    minimal, full = _bool_arg("minimal"), _bool_arg("full")
    if minimal and full:
        raise ApiError("Ask for minimal or full, not both")
    found, total = queries.services_page(filters, page, per_page, full=full)
    shape = oruk.service_minimal if minimal else oruk.service_full if full else oruk.service_basic
    return json_response(oruk.page([shape(s) for s in found], total, page, per_page),
                         _latest(oruk.service_last_modified(s) for s in found))


@bp.get("/services/<service_id>")
def service(service_id: str):
    found = queries.published_service(_path_uuid(service_id, "service"))
    if found is None:
        raise ApiError(f"There is no published service with the id {service_id}", 404)
    return json_response(oruk.service_full(found), oruk.service_last_modified(found))


@bp.get("/taxonomies")
def taxonomies():
    page, per_page = paging()
    text = _arg("search").lower()
    matching = [v for v in VOCABULARIES
                if not text or text in oruk.TAXONOMIES[v][0].lower() or text in oruk.TAXONOMIES[v][1].lower()]
    start = (page - 1) * per_page
    contents = [oruk.taxonomy(v) for v in matching[start:start + per_page]]
    return json_response(oruk.page(contents, len(matching), page, per_page))


@bp.get("/taxonomies/<taxonomy_id>")
def taxonomy(taxonomy_id: str):
    vocabulary = oruk.TAXONOMY_IDS.get(_path_uuid(taxonomy_id, "taxonomy"))
    if vocabulary is None:
        raise ApiError(f"There is no taxonomy with the id {taxonomy_id}", 404)
    return json_response(oruk.taxonomy(vocabulary, queries.terms_of(vocabulary)))


@bp.get("/taxonomy_terms")
def taxonomy_terms():
    page, per_page = paging()
    taxonomy_id = _uuid_arg("taxonomy_id")
    parent_id = _uuid_arg("parent_id")
    _bool_arg("top_only")  # every term is a top-level term: nothing to leave out
    vocabulary = oruk.TAXONOMY_IDS.get(taxonomy_id) if taxonomy_id else None
    nothing = (taxonomy_id is not None and vocabulary is None) or parent_id is not None  # no term has a parent
    terms, total = queries.terms_page(vocabulary, _arg("search"), page, per_page, restrict_none=nothing)
    return json_response(oruk.page([oruk.taxonomy_term(t) for t in terms], total, page, per_page))


@bp.get("/taxonomy_terms/<term_id>")
def taxonomy_term(term_id: str):
    term = db.session.get(TaxonomyTerm, _path_uuid(term_id, "taxonomy term"))
    if term is None:
        raise ApiError(f"There is no taxonomy term with the id {term_id}", 404)
    return json_response(oruk.taxonomy_term(term))


@bp.get("/organizations")
def organizations():
    page, per_page = paging()
    full_service, full = _bool_arg("full_service"), _bool_arg("full")
    found, total = queries.organisations_page(_arg("search"), page, per_page)
    contents, stamps = [], []
    for org in found:
        stamps.append(org.updated_at)
        if full or full_service:
            services = queries.published_services_of(org, full_service)
            stamps += [oruk.service_last_modified(s) for s in services]
            shape = oruk.service_full if full_service else oruk.service_basic
            contents.append(oruk.organization_full(org, [shape(s) for s in services]))
        else:
            contents.append(oruk.organization(org))
    return json_response(oruk.page(contents, total, page, per_page), _latest(stamps))


@bp.get("/organizations/<org_id>")
def organization(org_id: str):
    org = queries.published_organisation(_path_uuid(org_id, "organisation"))
    if org is None:
        raise ApiError(f"There is no organisation with published services with the id {org_id}", 404)
    full_service = _bool_arg("full_service")
    services = queries.published_services_of(org, full_service)
    shape = oruk.service_full if full_service else oruk.service_basic
    return json_response(oruk.organization_full(org, [shape(s) for s in services]),
                         _latest([org.updated_at] + [oruk.service_last_modified(s) for s in services]))


@bp.get("/service_at_locations")
def service_at_locations():
    page, per_page = paging()
    filters = service_filters()
    full = _bool_arg("full")
    pairs, total = queries.service_at_locations_page(filters, page, per_page)
    contents = [oruk.service_at_location(s, loc, full_location=full, with_service=True) for s, loc in pairs]
    return json_response(oruk.page(contents, total, page, per_page),
                         _latest(oruk.service_last_modified(s) for s, _ in pairs))


@bp.get("/service_at_locations/<sal_id>")
def service_at_location(sal_id: str):
    found = queries.service_at_location(_path_uuid(sal_id, "service at location"))
    if found is None:
        raise ApiError(f"There is no published service at location with the id {sal_id}", 404)
    service, location = found
    return json_response(oruk.service_at_location(service, location, with_service=True),
                         oruk.service_last_modified(service))


@bp.route("/<path:anything>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown(anything: str):
    if request.method != "GET":
        raise ApiError("This API is read-only: use GET", 405)
    raise ApiError(f"There is nothing at /{anything}. The endpoints are listed in {url_for('oruk.openapi')}", 404)
