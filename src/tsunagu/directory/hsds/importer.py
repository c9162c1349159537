"""HSDS 3.0 JSON → directory records, all-or-nothing.

Accepts the document `export_document()` writes (taxonomies, taxonomy_terms, organizations,
services with their nested records). Every record is checked against the official schemas
and against the directory (known area codes, readable schedules) before anything is
written; the ids in the document are kept, so importing an export gives the same records back.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from tsunagu.core.errors import DataProblems
from tsunagu.core.models import Area

from ..changes import note_directory_changed
from ..hours import TOKYO, ScheduleError, parse_byday
from ..models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    SpecialDate,
    Taxonomy,
    TaxonomyTerm,
)
from . import export as ex
from .validation import problems as schema_problems


class HsdsImportError(DataProblems):
    """An HSDS document that cannot be imported; nothing is written."""


@dataclass
class HsdsImportReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool) -> None:
        target = self.created if created else self.updated
        target[kind] = target.get(kind, 0) + 1


def _date(value):
    return dt.date.fromisoformat(value) if value else None


def _datetime(value):
    if not value:
        return None
    moment = dt.datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=TOKYO)


def _time(value):
    """'09:00', '09:00+09:00' or '00:00Z' → local Tokyo wall time."""
    if not value:
        return None
    parsed = dt.time.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        return parsed
    moment = dt.datetime.combine(dt.date(2000, 1, 3), parsed).astimezone(TOKYO)
    return moment.time().replace(tzinfo=None)


def _plain(record: dict, names, converters=None) -> dict[str, Any]:
    converters = converters or {}
    out = {}
    for name in names:
        value = record.get(name)
        if name in converters:
            out[name] = converters[name](value)
        else:
            out[name] = "" if value is None else value
    return out


def _nullable(*names):
    return dict.fromkeys(names, lambda v: v)


def _save(model, record_id, values, report: HsdsImportReport, kind: str):
    pk = uuid.UUID(str(record_id))
    exists = model.objects.filter(pk=pk).exists()
    obj = model(pk=pk, **values)
    # A UUID primary key with a default makes Django INSERT unless told otherwise.
    obj.save(force_update=exists, force_insert=not exists)
    report.count(kind, created=not exists)
    return obj


def check_document(document: Any) -> list[str]:
    """Everything wrong with the document, without writing anything."""
    if not isinstance(document, dict):
        return ["文書の一番外側は JSON のオブジェクトにしてください。"]
    found = []
    for key, schema in (
        ("taxonomies", "taxonomy"),
        ("taxonomy_terms", "taxonomy_term"),
        ("organizations", "organization"),
        ("services", "service"),
    ):
        records = document.get(key, [])
        if not isinstance(records, list):
            found.append(f"{key}: 配列にしてください。")
            continue
        for index, record in enumerate(records):
            found += schema_problems(schema, record, where=f"{key}[{index}] ")
    if found:
        return found
    known_areas = set(Area.objects.values_list("code", flat=True))
    org_ids = {o["id"] for o in document.get("organizations", [])}
    org_ids |= {str(pk) for pk in Organization.objects.values_list("pk", flat=True)}
    for index, service in enumerate(document.get("services", [])):
        where = f"services[{index}]（{service.get('name', '')}）"
        org_id = service.get("organization_id") or (service.get("organization") or {}).get("id")
        if not org_id:
            found.append(f"{where}: organization_id がありません。")
        elif org_id not in org_ids and not service.get("organization"):
            found.append(f"{where}: 組織 {org_id} が文書にも名簿にもありません。")
        for area in service.get("service_areas", []):
            code = (area.get("tsunagu") or {}).get("area_code", "")
            if code and code not in known_areas:
                found.append(f"{where} service_areas: 区域コード「{code}」が見つかりません。")
        for schedule in service.get("schedules", []):
            try:
                parse_byday(schedule.get("byday", ""))
            except ScheduleError as error:
                found.append(f"{where} schedules: {error}")
        for sal in service.get("service_at_locations", []):
            code = ((sal.get("location") or {}).get("tsunagu") or {}).get("area_code", "")
            if code and code not in known_areas:
                found.append(f"{where} location: 区域コード「{code}」が見つかりません。")
    return found


def import_document(document: Any) -> HsdsImportReport:
    """Create or update every record of the document; nothing is written on any problem."""
    found = check_document(document)
    if found:
        raise HsdsImportError(found)
    report = HsdsImportReport()
    with transaction.atomic():
        for record in document.get("taxonomies", []):
            _save(Taxonomy, record["id"], _plain(record, ex.TAXONOMY_FIELDS), report, "taxonomy")
        terms = list(document.get("taxonomy_terms", []))
        for service in document.get("services", []):
            attributes = service.get("attributes", [])
            terms += [a["taxonomy_term"] for a in attributes if "taxonomy_term" in a]
        for record in _parents_first(terms, "parent_id"):
            _save_term(record, report)
        orgs = list(document.get("organizations", []))
        orgs += [s["organization"] for s in document.get("services", []) if s.get("organization")]
        for record in _parents_first(orgs, "parent_organization_id"):
            _save_organization(record, report)
        for record in document.get("services", []):
            _save_service(record, report)
        note_directory_changed()
    return report


def _parents_first(records: list[dict], parent_key: str) -> list[dict]:
    """Unique records by id, each after its parent."""
    by_id = {}
    for record in records:
        by_id.setdefault(record["id"], record)
    ordered, seen = [], set()

    def visit(record, depth=0):
        if record["id"] in seen or depth > 20:
            return
        parent = by_id.get(record.get(parent_key) or "")
        if parent is not None:
            visit(parent, depth + 1)
        seen.add(record["id"])
        ordered.append(record)

    for record in by_id.values():
        visit(record)
    return ordered


def _save_term(record: dict, report: HsdsImportReport) -> None:
    values = _plain(record, ex.TERM_FIELDS)
    values["taxonomy_id"] = record.get("taxonomy_id") or None
    values["parent_id"] = record.get("parent_id") or None
    values["position"] = (record.get("tsunagu") or {}).get("position", 0)
    if values["taxonomy_id"] and not Taxonomy.objects.filter(pk=values["taxonomy_id"]).exists():
        detail = record.get("taxonomy_detail")
        if detail:
            _save(Taxonomy, detail["id"], _plain(detail, ex.TAXONOMY_FIELDS), report, "taxonomy")
        else:
            values["taxonomy_id"] = None
    _save(TaxonomyTerm, record["id"], values, report, "taxonomy_term")


def _save_organization(record: dict, report: HsdsImportReport) -> None:
    values = _plain(record, ex.ORGANIZATION_FIELDS)
    extra = record.get("tsunagu") or {}
    values["kana"] = extra.get("kana", "")
    values["is_sample"] = bool(extra.get("is_sample", False))
    values["parent_organization_id"] = record.get("parent_organization_id") or None
    _save(Organization, record["id"], values, report, "organization")


SERVICE_CONVERTERS = _nullable("minimum_age", "maximum_age")
EXTRA_CONVERTERS = {
    "last_verified_at": _datetime,
    "created_at": _datetime,
}


def _save_service(record: dict, report: HsdsImportReport) -> None:
    values = _plain(record, ex.SERVICE_FIELDS, SERVICE_CONVERTERS)
    values["status"] = values["status"] or "active"
    values["organization_id"] = record.get("organization_id") or record["organization"]["id"]
    extra = record.get("tsunagu") or {}
    defaults = Service()
    for name in ex.SERVICE_EXTRA_FIELDS:
        if name not in extra:
            value = getattr(defaults, name)
        elif name in EXTRA_CONVERTERS:
            value = EXTRA_CONVERTERS[name](extra[name])
        else:
            value = extra[name]
        if value is None and name == "created_at":
            value = defaults.created_at
        values[name] = value
    service = _save(Service, record["id"], values, report, "service")
    if record.get("last_modified"):
        # auto_now would stamp the import time; keep the source's own date.
        Service.objects.filter(pk=service.pk).update(
            last_modified=_datetime(record["last_modified"])
        )

    _replace(
        Phone,
        service,
        record.get("phones", []),
        lambda r: {
            **_plain(r, ex.PHONE_FIELDS, _nullable("extension")),
            "service": service,
            "position": (r.get("tsunagu") or {}).get("position", 0),
        },
        report,
    )
    _replace(
        Schedule,
        service,
        record.get("schedules", []),
        lambda r: {
            **_plain(
                r,
                ex.SCHEDULE_FIELDS,
                {
                    "valid_from": _date,
                    "valid_to": _date,
                    "dtstart": _date,
                    "until": _date,
                    "count": lambda v: v,
                    "interval": lambda v: v,
                    "opens_at": _time,
                    "closes_at": _time,
                },
            ),
            "service": service,
            "is_closure": bool((r.get("tsunagu") or {}).get("is_closure", False)),
        },
        report,
    )
    _replace(
        ServiceArea,
        service,
        record.get("service_areas", []),
        lambda r: {
            **_plain(r, ex.SERVICE_AREA_FIELDS),
            "service": service,
            "area_id": (r.get("tsunagu") or {}).get("area_code") or None,
        },
        report,
    )
    _replace(
        Language,
        service,
        record.get("languages", []),
        lambda r: {**_plain(r, ex.LANGUAGE_FIELDS), "service": service},
        report,
    )
    _replace(
        Contact,
        service,
        record.get("contacts", []),
        lambda r: {**_plain(r, ex.CONTACT_FIELDS), "service": service},
        report,
    )
    _replace(
        Attribute,
        service,
        record.get("attributes", []),
        lambda r: {
            **_plain(r, ("link_type", "value", "link_entity")),
            "link_id": r.get("link_id") or service.pk,
            "taxonomy_term_id": r.get("taxonomy_term_id") or r["taxonomy_term"]["id"],
            "service": service,
        },
        report,
    )
    keep = []
    for sal in record.get("service_at_locations", []):
        location = _save_location(sal["location"], report)
        keep.append(
            _save(
                ServiceAtLocation,
                sal["id"],
                {
                    "service": service,
                    "location": location,
                    "description": sal.get("description", ""),
                },
                report,
                "service_at_location",
            ).pk
        )
    ServiceAtLocation.objects.filter(service=service).exclude(pk__in=keep).delete()
    SpecialDate.objects.filter(service=service).delete()
    SpecialDate.objects.bulk_create(
        SpecialDate(
            service=service,
            date=_date(d["date"]),
            is_open=bool(d.get("is_open")),
            opens_at=_time(d.get("opens_at")),
            closes_at=_time(d.get("closes_at")),
            note=d.get("note") or "",
        )
        for d in extra.get("special_dates", [])
    )


def _replace(model, service, records, to_values, report) -> None:
    """The service's records of `model` become exactly `records` (ids kept)."""
    keep = []
    for record in records:
        saved = _save(model, record["id"], to_values(record), report, model._meta.model_name)
        keep.append(saved.pk)
    model.objects.filter(service=service).exclude(pk__in=keep).delete()


def _save_location(record: dict, report: HsdsImportReport) -> Location:
    values = _plain(record, ex.LOCATION_FIELDS, _nullable("latitude", "longitude"))
    values["location_type"] = values["location_type"] or "physical"
    values["organization_id"] = record.get("organization_id") or None
    extra = record.get("tsunagu") or {}
    values["kana"] = extra.get("kana", "")
    values["area_id"] = extra.get("area_code") or None
    values["address_hidden"] = bool(extra.get("address_hidden", False))
    existing = Location.objects.filter(pk=record["id"]).first()
    hidden_and_withheld = values["address_hidden"] and not record.get("addresses")
    location = _save(Location, record["id"], values, report, "location")
    if not (existing is not None and hidden_and_withheld):
        # A public export withholds hidden addresses: never let it wipe the ones we hold.
        keep = [
            _save(
                Address,
                a["id"],
                {**_plain(a, ex.ADDRESS_FIELDS), "location": location},
                report,
                "address",
            ).pk
            for a in record.get("addresses", [])
        ]
        Address.objects.filter(location=location).exclude(pk__in=keep).delete()
    keep = [
        _save(
            Accessibility,
            a["id"],
            {**_plain(a, ex.ACCESSIBILITY_FIELDS), "location": location},
            report,
            "accessibility",
        ).pk
        for a in record.get("accessibility", [])
    ]
    Accessibility.objects.filter(location=location).exclude(pk__in=keep).delete()
    return location
