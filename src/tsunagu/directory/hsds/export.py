"""Directory records → HSDS 3.0 JSON objects.

Standard HSDS fields carry everything HSDS has a place for; the Japanese-city extras travel
in one `tsunagu` object per record (HSDS allows extra properties), so an import of our own
export loses nothing (DIR-3). `public=True` (the API and open-data files) leaves out the
addresses and coordinates of locations marked `address_hidden`; staff backups use
`public=False`. `verified_by` is never exported: it names a member of staff.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from ..hours import TOKYO
from ..models import (
    Address,
    Attribute,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

SERVICE_FIELDS = (
    "name",
    "alternate_name",
    "description",
    "url",
    "email",
    "status",
    "interpretation_services",
    "application_process",
    "fees_description",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "alert",
)
SERVICE_EXTRA_FIELDS = (
    "kana",
    "kind",
    "window_type",
    "for_self",
    "for_family",
    "for_supporters",
    "by_phone",
    "by_chat",
    "by_email",
    "by_visit",
    "by_messaging",
    "by_letter",
    "is_free",
    "is_anonymous",
    "is_crisis_line",
    "is_emergency_number",
    "crisis_order",
    "what_to_say",
    "hours_note",
    "open_on_public_holidays",
    "open_over_new_year",
    "source",
    "confidence",
    "last_verified_at",
    "is_sample",
    "created_at",
)
ORGANIZATION_FIELDS = ("name", "alternate_name", "description", "email", "website", "uri")
LOCATION_FIELDS = (
    "location_type",
    "url",
    "name",
    "alternate_name",
    "description",
    "transportation",
    "latitude",
    "longitude",
    "external_identifier",
    "external_identifier_type",
)
ADDRESS_FIELDS = (
    "attention",
    "address_1",
    "address_2",
    "city",
    "region",
    "state_province",
    "postal_code",
    "country",
    "address_type",
)
PHONE_FIELDS = ("number", "extension", "type", "description")
SCHEDULE_FIELDS = (
    "valid_from",
    "valid_to",
    "dtstart",
    "until",
    "count",
    "wkst",
    "freq",
    "interval",
    "byday",
    "byweekno",
    "bymonthday",
    "byyearday",
    "description",
    "opens_at",
    "closes_at",
    "schedule_link",
    "attending_type",
    "notes",
)
LANGUAGE_FIELDS = ("name", "code", "note")
CONTACT_FIELDS = ("name", "title", "department", "email")
ACCESSIBILITY_FIELDS = ("description", "details", "url")
SERVICE_AREA_FIELDS = ("name", "description", "extent", "extent_type", "uri")
TAXONOMY_FIELDS = ("name", "description", "uri", "version")
TERM_FIELDS = ("code", "name", "description", "language", "term_uri")


def _value(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.astimezone(TOKYO).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        # HSDS wants the offset with the time.
        return value.strftime("%H:%M") + "+09:00"
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def _fields(obj, names) -> dict[str, Any]:
    """The named fields that hold a value (HSDS omits what is unknown)."""
    out = {}
    for name in names:
        value = getattr(obj, name)
        if value is None or value == "":
            continue
        out[name] = _value(value)
    return out


def _by_id(records) -> list:
    """Nested lists in a stable order: PostgreSQL returns updated rows in any order, and an
    export must not change when nothing did."""
    return sorted(records, key=lambda r: str(r.pk))


def _id(obj) -> str:
    return str(obj.pk)


def taxonomy_to_hsds(taxonomy: Taxonomy) -> dict:
    return {"id": _id(taxonomy), **_fields(taxonomy, TAXONOMY_FIELDS)}


def term_to_hsds(term: TaxonomyTerm, *, detail: bool = False) -> dict:
    out = {"id": _id(term), **_fields(term, TERM_FIELDS)}
    if term.parent_id:
        out["parent_id"] = str(term.parent_id)
    if term.taxonomy_id:
        out["taxonomy_id"] = str(term.taxonomy_id)
        out["taxonomy"] = term.taxonomy.name
        if detail:
            out["taxonomy_detail"] = taxonomy_to_hsds(term.taxonomy)
    out["tsunagu"] = {"position": term.position}
    return out


def attribute_to_hsds(attribute: Attribute) -> dict:
    return {
        "id": _id(attribute),
        "link_id": str(attribute.link_id),
        "link_entity": attribute.link_entity,
        "taxonomy_term_id": str(attribute.taxonomy_term_id),
        **_fields(attribute, ("link_type", "value")),
        "taxonomy_term": term_to_hsds(attribute.taxonomy_term),
    }


def phone_to_hsds(phone: Phone) -> dict:
    out = {"id": _id(phone), **_fields(phone, PHONE_FIELDS)}
    for link in ("service", "organization", "location", "contact", "service_at_location"):
        value = getattr(phone, f"{link}_id")
        if value:
            out[f"{link}_id"] = str(value)
    if phone.position:
        out["tsunagu"] = {"position": phone.position}
    return out


def schedule_to_hsds(schedule: Schedule) -> dict:
    out = {"id": _id(schedule), **_fields(schedule, SCHEDULE_FIELDS), "timezone": 9}
    for link in ("service", "location", "service_at_location"):
        value = getattr(schedule, f"{link}_id")
        if value:
            out[f"{link}_id"] = str(value)
    if schedule.is_closure:
        out["tsunagu"] = {"is_closure": True}
    return out


def service_area_to_hsds(area: ServiceArea) -> dict:
    out = {"id": _id(area), "service_id": str(area.service_id)}
    out.update(_fields(area, SERVICE_AREA_FIELDS))
    # The covered area by its 全国地方公共団体コード; no code means the whole nation.
    out["tsunagu"] = {"area_code": area.area_id or ""}
    return out


def address_to_hsds(address: Address) -> dict:
    return {
        "id": _id(address),
        "location_id": str(address.location_id),
        **_fields(address, ADDRESS_FIELDS),
    }


def location_to_hsds(location: Location, *, public: bool) -> dict:
    hidden = public and location.address_hidden
    fields = [f for f in LOCATION_FIELDS if not (hidden and f in ("latitude", "longitude"))]
    out = {"id": _id(location), **_fields(location, fields)}
    if location.organization_id:
        out["organization_id"] = str(location.organization_id)
    addresses = _by_id(location.addresses.all())
    out["addresses"] = [] if hidden else [address_to_hsds(a) for a in addresses]
    out["accessibility"] = [
        {"id": _id(a), "location_id": _id(location), **_fields(a, ACCESSIBILITY_FIELDS)}
        for a in _by_id(location.accessibility.all())
    ]
    out["tsunagu"] = {
        "kana": location.kana,
        "area_code": location.area_id or "",
        "address_hidden": location.address_hidden,
    }
    return out


def service_at_location_to_hsds(sal: ServiceAtLocation, *, public: bool) -> dict:
    out = {
        "id": _id(sal),
        "service_id": str(sal.service_id),
        "location_id": str(sal.location_id),
        **_fields(sal, ("description",)),
        "location": location_to_hsds(sal.location, public=public),
    }
    return out


def organization_to_hsds(org: Organization) -> dict:
    out = {"id": _id(org), **_fields(org, ORGANIZATION_FIELDS)}
    out.setdefault("description", "")
    if org.parent_organization_id:
        out["parent_organization_id"] = str(org.parent_organization_id)
    out["tsunagu"] = {"kana": org.kana, "is_sample": org.is_sample}
    return out


def service_list_item(service: Service) -> dict:
    """One-to-one fields only (HSDS service_list), plus the organisation."""
    out = {
        "id": _id(service),
        "organization_id": str(service.organization_id),
        **_fields(service, SERVICE_FIELDS),
        "last_modified": _value(service.last_modified),
        "organization": organization_to_hsds(service.organization),
    }
    if service.last_verified_at:
        out["assured_date"] = service.last_verified_at.astimezone(TOKYO).date().isoformat()
    return out


def service_to_hsds(service: Service, *, public: bool = True) -> dict:
    """A full HSDS service. Expects `Service.objects.with_details()` prefetching."""
    out = service_list_item(service)
    phones = sorted(service.phones.all(), key=lambda p: (p.position, p.number, str(p.pk)))
    out["phones"] = [phone_to_hsds(p) for p in phones]
    out["schedules"] = [schedule_to_hsds(s) for s in _by_id(service.schedules.all())]
    out["service_areas"] = [service_area_to_hsds(a) for a in _by_id(service.service_areas.all())]
    out["service_at_locations"] = [
        service_at_location_to_hsds(sal, public=public)
        for sal in _by_id(service.service_at_locations.all())
    ]
    out["languages"] = [
        {"id": _id(lang), "service_id": _id(service), **_fields(lang, LANGUAGE_FIELDS)}
        for lang in _by_id(service.languages.all())
    ]
    out["contacts"] = [
        {"id": _id(c), "service_id": _id(service), **_fields(c, CONTACT_FIELDS)}
        for c in _by_id(service.contacts.all())
    ]
    out["attributes"] = [attribute_to_hsds(a) for a in _by_id(service.attributes.all())]
    extra = {}
    for name in SERVICE_EXTRA_FIELDS:
        value = getattr(service, name)
        extra[name] = _value(value) if value is not None else None
    extra["special_dates"] = [
        {
            "date": d.date.isoformat(),
            "is_open": d.is_open,
            "opens_at": d.opens_at.strftime("%H:%M") if d.opens_at else None,
            "closes_at": d.closes_at.strftime("%H:%M") if d.closes_at else None,
            "note": d.note,
        }
        for d in sorted(service.special_dates.all(), key=lambda d: d.date)
    ]
    out["tsunagu"] = extra
    return out


def export_document(*, public: bool = True, services=None) -> dict:
    """The whole directory (or `services`) as one JSON document: taxonomies, terms,
    organisations and full services (each validating against HSDS compiled/service.json)."""
    services = services if services is not None else Service.objects.all()
    services = list(services.with_details().order_by("pk"))
    org_ids = {s.organization_id for s in services}
    orgs = Organization.objects.filter(pk__in=org_ids) | Organization.objects.filter(
        children__pk__in=org_ids
    )
    return {
        "hsds_version": "3.0",
        "taxonomies": [taxonomy_to_hsds(t) for t in Taxonomy.objects.order_by("pk")],
        "taxonomy_terms": [
            term_to_hsds(t) for t in TaxonomyTerm.objects.select_related("taxonomy").order_by("pk")
        ],
        "organizations": [organization_to_hsds(o) for o in orgs.distinct().order_by("pk")],
        "services": [service_to_hsds(s, public=public) for s in services],
    }
