"""Schemathesis against the ORUK API's own OpenAPI document (/api/oruk/openapi.json), in process (WSGI):
for every operation, generated requests, valid and invalid, never get a server error, and every answer,
200s and 400s and 404s alike, matches the schema the document promises.

The document's response schemas point at the standard's published addresses
(https://openreferraluk.org/specifications/3.0/schema/<file>.json). Schemathesis would fetch them over the
network; here they are served from the copies shipped in directory/api/standard/schema, and any other
remote address fails the test, so the run is offline and the checks are real (see the last test).

Few examples per operation, derandomised, no example database: repeatable and quick in CI.
"""
from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.jsonschema import resolver as schemathesis_resolver
from schemathesis.openapi.checks import JsonSchemaError
from schemathesis.specs.openapi.checks import response_schema_conformance

from directory.api import serializers, standard
from portal.extensions import limiter

CHECKS = [not_a_server_error, response_schema_conformance]


def _standard_schema(uri: str):
    """The standard's schema file for its published address, from the copy in the repository."""
    if not uri.startswith(standard.SCHEMA_BASE):
        raise AssertionError(f"the API's OpenAPI document refers to {uri}, which is not in the repository")
    name = uri[len(standard.SCHEMA_BASE):].split("#")[0]
    return standard.load_json(os.path.join(standard.SCHEMA_DIR, os.path.basename(name)))


@pytest.fixture
def api_schema(app, make_organisation, make_service, monkeypatch):
    """The app's OpenAPI document, loaded through the app, with a small published directory behind it."""
    # Hundreds of generated requests from one address would meet the API's rate limit (a 429, also in the
    # schema, but it would hide every answer after it).
    monkeypatch.setattr(limiter, "enabled", False)
    # Schemathesis 4.32 fetches remote $refs with this function (a pinned, private name: if it moves, this
    # line fails loudly rather than the checks quietly doing nothing).
    monkeypatch.setattr(schemathesis_resolver, "load_remote_uri", _standard_schema)
    organisation = make_organisation("Riverside Family Support", website="https://riverside.example.org",
                                     email="hello@riverside.example.org", phone="01632 960001")
    make_service("Riverside Speech Clinic", organisation=organisation, summary="Speech and language help.",
                 description="Weekly sessions.", categories=["health"], needs=["autism"],
                 locations=[("E8 1DY", 51.543, -0.064)], email="speech@riverside.example.org")
    make_service("Riverside Swim Club", organisation=organisation, summary="Swimming for all.",
                 categories=["leisure"], is_free=False, cost_detail="£2 a session")
    return schemathesis.openapi.from_wsgi("/api/oruk/openapi.json", app)


# Schemathesis' own pytest integration (`schemathesis.pytest.from_fixture`) reaches into a pytest internal
# (Node._nodeid) that pytest 9 no longer has, so each operation's strategy is run with Hypothesis directly.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
def test_the_api_keeps_to_its_openapi_document(api_schema, mode):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10, "the OpenAPI document lists fewer operations than the API has"
    fuzzed = []
    for operation in operations:
        @settings(max_examples=25, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(generation_mode=mode))
        def keeps_to_the_document(case):
            case.call_and_validate(checks=CHECKS)

        try:
            keeps_to_the_document()
        except Unsatisfiable:
            # An operation whose only parameter is a path id of any string has no invalid request.
            if mode == GenerationMode.POSITIVE:
                raise
            continue
        fuzzed.append(operation.label)
    assert len(fuzzed) >= (len(operations) if mode == GenerationMode.POSITIVE else 5), fuzzed


def test_the_checks_catch_an_answer_that_breaks_the_schema(api_schema, monkeypatch):
    """The conformance check really validates against the standard's schemas: a broken page fails it."""
    monkeypatch.setattr(serializers, "page", lambda *args, **kwargs: {"contents": "not a list"})
    case = api_schema["/services"]["GET"].Case()
    response = case.call()
    assert response.status_code == 200
    with pytest.raises(BaseExceptionGroup) as failure:  # schemathesis' FailureGroup
        case.validate_response(response, checks=CHECKS)
    assert failure.group_contains(JsonSchemaError)
