"""The OpenAPI document of exactly what /api/oruk serves, derived from the standard's own.

Taken from directory/api/standard/openapi.json and changed only where we differ or the standard's
document is not valid OpenAPI: our server address and contact; only the parameters we implement
(no `format`, `postcode` or `proximity`); paging limits; our error, 304 and 429 responses; "name"
keys removed from operations and "summary" from parameters (neither object has them);
modified_after's format spelled "date-time". The document uses OpenAPI 3.1 features
(jsonSchemaDialect, info.summary), so it says 3.1.0.
"""
from __future__ import annotations

import copy

from .standard import openapi_document

# The paths we implement, each with the query parameters we accept (by component name or inline name).
PATHS = {
    "/": [],
    "/services": ["search", "page", "per_page", "taxonomy_term_id", "taxonomy_id", "organization_id",
                  "modified_after", "minimal", "full"],
    "/services/{id}": [],
    "/taxonomies": ["search", "page", "per_page"],
    "/taxonomies/{id}": [],
    "/taxonomy_terms": ["search", "page", "per_page", "taxonomy_id", "top_only", "parent_id"],
    "/taxonomy_terms/{id}": [],
    "/organizations": ["search", "full_service", "full", "page", "per_page"],
    "/organizations/{id}": ["full_service"],
    "/service_at_locations": ["search", "taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after",
                              "full", "page", "per_page"],
    "/service_at_locations/{id}": [],
}
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 1000
MAX_PAGE = 1_000_000

ERROR_SCHEMA = {
    "type": "object",
    "description": "What went wrong, in words.",
    "properties": {"message": {"type": "string"}},
    "required": ["message"],
}


def _error(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _parameter_name(parameter: dict) -> str:
    ref = parameter.get("$ref", "")
    return ref.rsplit("/", 1)[-1] if ref else parameter.get("name", "")


def build(server_url: str, *, title: str, contact_email: str, site_url: str, licence_name: str,
          licence_url: str) -> dict:
    """The document for one installation (its server address, council and licence)."""
    doc = copy.deepcopy(openapi_document())
    doc["openapi"] = "3.1.0"
    doc["info"] = {
        "title": title,
        "version": "3.0",
        "summary": "The Local Offer directory of SEND services, as Open Referral UK 3.0.",
        "description": (
            "Published services of the Local Offer (special educational needs and disabilities), their "
            "organisations, locations and taxonomies, following the Open Referral UK 3.0 profile. No key is "
            "needed. Every response carries Access-Control-Allow-Origin: *, an ETag and, where it applies, "
            "Last-Modified; send If-None-Match or If-Modified-Since to get 304 Not Modified. Requests are "
            "limited per address; over the limit the answer is 429 with Retry-After. Service descriptions "
            "are the summary, a blank line, then the details."),
        "contact": {"name": "Local Offer team", "url": site_url, "email": contact_email},
        "license": {"name": licence_name, "url": licence_url},
    }
    doc["servers"] = [{"url": server_url, "description": "This Local Offer"}]

    paths = {}
    for path, accepted in PATHS.items():
        item = doc["paths"][path]
        for parameter in item.get("parameters", []):
            parameter.pop("summary", None)
        operation = item["get"]
        operation.pop("name", None)
        operation["parameters"] = [p for p in operation.get("parameters", []) if _parameter_name(p) in accepted]
        for parameter in operation["parameters"]:
            if parameter.get("name") == "parent_id":
                parameter["schema"] = {"type": "string", "format": "uuid"}
        if not operation["parameters"]:
            del operation["parameters"]
        responses = operation["responses"]
        responses["200"].setdefault("headers", {}).update({
            "ETag": {"description": "A hash of the body.", "schema": {"type": "string"}},
            "Access-Control-Allow-Origin": {"description": "Always *.", "schema": {"type": "string"}},
        })
        responses["304"] = {"description": "Not modified since the If-None-Match or If-Modified-Since given."}
        if accepted:
            responses["400"] = _error("A parameter is not valid (the message says which and why).")
        if "{id}" in path:
            responses["404"] = _error("There is no published record with this id.")
        responses["429"] = _error("Too many requests from this address; try again after Retry-After seconds.")
        paths[path] = item
    doc["paths"] = paths

    components = doc["components"]
    used = {name for accepted in PATHS.values() for name in accepted}
    components["parameters"] = {k: v for k, v in components["parameters"].items() if k in used}
    parameters = components["parameters"]
    parameters["page"]["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}
    parameters["per_page"]["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                                        "default": DEFAULT_PER_PAGE}
    parameters["modified_after"]["schema"] = {"type": "string", "format": "date-time"}
    for name in ("taxonomy_term_id", "taxonomy_id", "organization_id"):
        parameters[name]["schema"] = {"type": "string", "format": "uuid"}
    components["schemas"]["Error"] = ERROR_SCHEMA
    return doc
