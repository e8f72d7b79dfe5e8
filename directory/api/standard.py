"""The Open Referral UK 3.0 standard as shipped in directory/api/standard/: its OpenAPI document and
JSON schemas, and validators built from them.

The schemas carry no `$id`; they refer to each other by their published addresses
(https://openreferraluk.org/specifications/3.0/schema/<file>.json) and, in
service_with_definitions.json, by JSON pointers into their own "definitions". The registry below
serves every file in schema/ at its published address, so nothing is fetched from the network.
They are JSON Schema 2020-12 (the OpenAPI document's jsonSchemaDialect).
"""
from __future__ import annotations

import json
import os
import uuid
from datetime import datetime
from functools import lru_cache
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

STANDARD_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "standard")
SCHEMA_DIR = os.path.join(STANDARD_DIR, "schema")
EXAMPLES_DIR = os.path.join(STANDARD_DIR, "examples")
OPENAPI_PATH = os.path.join(STANDARD_DIR, "openapi.json")
SCHEMA_BASE = "https://openreferraluk.org/specifications/3.0/schema/"


def schema_uri(name: str) -> str:
    """The published address of a schema file, e.g. "service.json"."""
    return SCHEMA_BASE + name


def load_json(path: str):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def openapi_document() -> dict:
    """The standard's OpenAPI document, as published (callers copy before changing it)."""
    return load_json(OPENAPI_PATH)


def example(name: str):
    """One of the standard's examples, e.g. "service_full.json"."""
    return load_json(os.path.join(EXAMPLES_DIR, name))


@lru_cache(maxsize=1)
def registry() -> Registry:
    """Every schema file, at its published address."""
    resources = []
    for name in sorted(os.listdir(SCHEMA_DIR)):
        if name.endswith(".json"):
            contents = load_json(os.path.join(SCHEMA_DIR, name))
            resources.append((schema_uri(name), Resource.from_contents(contents, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


# Formats are checked strictly: jsonschema skips "uri" and "date-time" unless optional packages are
# installed, so they are checked here with the standard library.
FORMATS = FormatChecker()


@FORMATS.checks("uuid", raises=ValueError)
def _is_uuid(value) -> bool:
    if not isinstance(value, str):
        return True
    return uuid.UUID(value) is not None and len(value) == 36


@FORMATS.checks("uri", raises=ValueError)
def _is_uri(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme and (parts.netloc or parts.scheme in ("mailto", "tel", "urn")) and " " not in value)


@FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value) -> bool:
    if not isinstance(value, str):
        return True
    if "T" not in value.upper():
        raise ValueError("a date-time needs a date and a time")
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    return parsed.tzinfo is not None


@FORMATS.checks("email", raises=ValueError)
def _is_email(value) -> bool:
    if not isinstance(value, str):
        return True
    local, _, domain = value.rpartition("@")
    return bool(local) and "." in domain and " " not in value


@lru_cache(maxsize=None)
def validator(name: str) -> Draft202012Validator:
    """A validator for one schema file (e.g. "service.json"), resolving references through the registry."""
    return Draft202012Validator({"$ref": schema_uri(name)}, registry=registry(), format_checker=FORMATS)


def errors(instance, name: str) -> list[str]:
    """What is wrong with an instance against a schema file, as readable lines (empty when valid)."""
    found = sorted(validator(name).iter_errors(instance), key=lambda e: list(e.absolute_path))
    return [_describe(error) for error in found]


def _describe(error: ValidationError) -> str:
    where = "/".join(str(part) for part in error.absolute_path) or "(top)"
    return f"{where}: {error.message}"


def validate(instance, name: str) -> None:
    """Raise ValueError listing every problem when the instance does not match the schema."""
    problems = errors(instance, name)
    if problems:
        raise ValueError(f"does not match {name}:\n" + "\n".join(problems[:20]))
