"""Validation against the official HSDS 3.0 compiled schemas (copied into schema/ with their
licence, see schema/SOURCE.txt), with JSON Schema Draft 2020-12."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).parent / "schema"
SCHEMAS = (
    "service",
    "organization",
    "service_at_location",
    "service_list",
    "organization_list",
    "service_at_location_list",
    "taxonomy",
    "taxonomy_term",
)


@cache
def _load(name: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))


@cache
def _registry() -> Registry:
    # taxonomy_term.json points at taxonomy.json and metadata.json by relative name.
    return Registry().with_resources(
        (f"{name}.json", Resource.from_contents(_load(name), default_specification=DRAFT202012))
        for name in ("taxonomy", "metadata")
    )


@cache
def validator(name: str) -> Draft202012Validator:
    if name not in SCHEMAS:
        raise KeyError(name)
    return Draft202012Validator(_load(name), registry=_registry(), format_checker=FormatChecker())


def problems(name: str, document: dict, where: str = "") -> list[str]:
    """Every way `document` breaks the `name` schema, as 'path: message' lines."""
    found = []
    for error in sorted(validator(name).iter_errors(document), key=lambda e: list(e.path)):
        path = "/".join(str(p) for p in error.absolute_path)
        found.append(f"{where}{name}/{path}: {error.message}")
    return found
