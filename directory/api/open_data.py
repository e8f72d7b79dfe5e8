"""Open data pages under /open-data: the page explaining the API and downloads, the whole directory as
ORUK JSON and as CSV, and the CSV import template."""
from __future__ import annotations

import hashlib
from datetime import timezone

from flask import Response, current_app, render_template, request, stream_with_context, url_for
from sqlalchemy import func, select

from portal.extensions import db, limiter

from .. import exports, imports
from ..models import PUBLISHED, Organisation, Service
from . import open_data_bp
from .openapi import DEFAULT_PER_PAGE, MAX_PER_PAGE
from .serializers import TAXONOMIES, taxonomy_id

DEFAULT_DOWNLOAD_LIMIT = "30 per minute"


def download_limit() -> str:
    return current_app.config.get("OPEN_DATA_DOWNLOAD_RATE_LIMIT") or DEFAULT_DOWNLOAD_LIMIT


@open_data_bp.after_request
def open_to_every_origin(response):
    if request.endpoint != "open_data.page":
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@open_data_bp.get("", strict_slashes=False)
def page():
    api = url_for("oruk.api_details", _external=True)
    return render_template(
        "directory/api/open_data.html",
        api_url=api,
        openapi_url=url_for("oruk.openapi", _external=True),
        example_service_url=url_for("oruk.services", per_page=5, _external=True),
        taxonomies=[(TAXONOMIES[v][0], str(taxonomy_id(v))) for v in TAXONOMIES],
        csv_help=imports.csv_help(),
        default_per_page=DEFAULT_PER_PAGE,
        max_per_page=MAX_PER_PAGE,
        rate_limit=current_app.config.get("API_RATE_LIMIT") or "120 per minute",
    )


def _directory_version():
    """(ETag, Last-Modified) of the published directory, without building it."""
    count, services_at, orgs_at = db.session.execute(
        select(func.count(Service.id), func.max(Service.updated_at), func.max(Organisation.updated_at))
        .join(Organisation, Organisation.id == Service.organisation_id).where(Service.status == PUBLISHED)).one()
    stamps = [s for s in (services_at, orgs_at) if s is not None]
    last = max(stamps) if stamps else None
    tag = hashlib.sha256(f"{count}|{last}".encode()).hexdigest()[:32]
    return tag, last


def _download(chunks, mimetype: str, filename: str, tag: str | None = None, last=None):
    response = Response(stream_with_context(chunks), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    if tag:
        response.set_etag(tag, weak=True)
    if last is not None:
        response.last_modified = last.replace(tzinfo=timezone.utc)
    return response.make_conditional(request)


@open_data_bp.get("/directory.json")
@limiter.limit(download_limit)
def directory_json():
    tag, last = _directory_version()
    return _download(exports.oruk_json_chunks(), "application/json", "local-offer-directory.json",
                     "json-" + tag, last)


@open_data_bp.get("/directory.csv")
@limiter.limit(download_limit)
def directory_csv():
    tag, last = _directory_version()
    return _download(exports.directory_csv_chunks(), "text/csv", "local-offer-directory.csv", "csv-" + tag, last)


@open_data_bp.get("/service-template.csv")
def service_template():
    response = Response(exports.template_csv(), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="local-offer-service-template.csv"'
    return response
