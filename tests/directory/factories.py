"""Small builders for directory records in tests (plain functions, explicit defaults)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tsunagu.directory.models import (
    Attribute,
    Confidence,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    TaxonomyTerm,
)


def organization(**fields) -> Organization:
    fields.setdefault("name", "サンプル区社会福祉協議会")
    fields.setdefault("description", "テスト用の組織")
    fields.setdefault("is_sample", True)
    return Organization.objects.create(**fields)


def service(
    *,
    codes: tuple[str, ...] = ("loneliness",),
    areas: tuple = (None,),
    phone: str | None = "06-0000-0100",
    weekly: str | None = None,
    **fields,
) -> Service:
    """A service tagged with `codes`, covering `areas` (None = 全国), with one phone.

    `weekly` is a shortcut for one schedule: "MO,TU,WE,TH,FR 09:00-17:30".
    """
    if "organization" not in fields:
        fields["organization"] = organization()
    fields.setdefault("name", "サンプル相談窓口")
    fields.setdefault("is_sample", True)
    svc = Service.objects.create(**fields)
    terms = TaxonomyTerm.objects.troubles().filter(code__in=codes)
    Attribute.objects.bulk_create(
        Attribute(service=svc, link_id=svc.pk, link_entity="service", taxonomy_term=t)
        for t in terms
    )
    for area in areas:
        ServiceArea.objects.create(service=svc, area=area)
    if phone:
        Phone.objects.create(service=svc, number=phone)
    if weekly:
        days, hours = weekly.split(" ")
        opens, closes = hours.split("-")
        Schedule.objects.create(
            service=svc,
            freq="WEEKLY",
            byday=days,
            opens_at=dt.time.fromisoformat(opens),
            closes_at=dt.time.fromisoformat(closes),
        )
    return svc


def crisis_line(**fields) -> Service:
    fields.setdefault("kind", "hotline")
    fields.setdefault("is_crisis_line", True)
    fields.setdefault("confidence", Confidence.HIGH)
    fields.setdefault("last_verified_at", timezone.now())
    fields.setdefault("codes", ("suicidal",))
    return service(**fields)
