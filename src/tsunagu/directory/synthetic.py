"""A synthetic nation-scale directory for benchmarks (`tsunagu generate_directory`).

Entries are spread over every loaded area (prefectures, municipalities, wards) plus a few
nation-wide lines, with codes, phones, hours and a location each. All are marked サンプル and
use 06-0000-xxxx numbers. Bulk inserts keep 50,000 services to about a minute on SQLite.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid

from django.db import transaction

from tsunagu.core.models import Area

from .changes import note_directory_changed
from .models import (
    Address,
    Attribute,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceKind,
)
from .services import ensure_trouble_taxonomy
from .text import normalise_for_search

WINDOW_TYPES = (
    ("地域包括支援センター", ServiceKind.WINDOW, ("elderly_care", "loneliness")),
    ("障がい者基幹相談支援センター", ServiceKind.WINDOW, ("disability",)),
    ("くらしの相談窓口", ServiceKind.WINDOW, ("livelihood", "work", "housing")),
    ("子育て支援室", ServiceKind.WINDOW, ("pregnancy_childcare", "child_youth")),
    ("ふれあいサロン", ServiceKind.PLACE, ("loneliness",)),
    ("子ども食堂", ServiceKind.PLACE, ("child_youth", "loneliness", "livelihood")),
    ("こころの電話", ServiceKind.HOTLINE, ("mental_health", "loneliness")),
)
BATCH = 2000


def generate_directory(services: int, seed: int = 1) -> int:
    """Add `services` synthetic services; returns how many were created."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    terms = ensure_trouble_taxonomy()
    areas = list(Area.objects.all())
    created = 0
    with transaction.atomic():
        orgs = {}
        for area in [*areas, None]:
            key = area.code if area else "nation"
            orgs[key] = Organization(
                id=uuid.uuid4(),
                name=f"サンプル 合成組織 {area.name if area else '全国'}",
                description="ベンチマーク用の合成データ",
                is_sample=True,
            )
        Organization.objects.bulk_create(orgs.values(), batch_size=BATCH)
        while created < services:
            size = min(BATCH, services - created)
            _batch(rng, size, created, areas, orgs, terms)
            created += size
        note_directory_changed()
    return created


def _batch(rng, size, offset, areas, orgs, terms) -> None:
    svc, sa, phones, schedules, attrs, locs, addrs, sals = [], [], [], [], [], [], [], []
    for i in range(size):
        n = offset + i
        area = None if n % 500 == 0 or not areas else rng.choice(areas)
        type_name, kind, codes = rng.choice(WINDOW_TYPES)
        org = orgs[area.code if area else "nation"]
        service = Service(
            id=uuid.uuid4(),
            organization=org,
            name=f"サンプル {area.name if area else '全国'}{type_name} {n}",
            kana=f"さんぷる {n:06d}",
            kind=kind,
            window_type=type_name,
            description="ベンチマーク用の合成データです。",
            by_phone=True,
            is_sample=True,
        )
        service.search_text = normalise_for_search(f"{service.name} {service.kana}")
        svc.append(service)
        sa.append(ServiceArea(id=uuid.uuid4(), service=service, area=area))
        phones.append(Phone(id=uuid.uuid4(), service=service, number=f"06-0000-{n % 10000:04d}"))
        schedules.append(
            Schedule(
                id=uuid.uuid4(),
                service=service,
                freq="WEEKLY",
                byday="MO,TU,WE,TH,FR",
                opens_at=dt.time(9),
                closes_at=dt.time(17, 30),
            )
        )
        for code in codes:
            attrs.append(
                Attribute(
                    id=uuid.uuid4(),
                    service=service,
                    link_id=service.id,
                    link_entity="service",
                    taxonomy_term=terms[code],
                )
            )
        if kind != ServiceKind.HOTLINE and area is not None:
            location = Location(id=uuid.uuid4(), organization=org, name=service.name, area=area)
            locs.append(location)
            addrs.append(
                Address(
                    id=uuid.uuid4(),
                    location=location,
                    address_1=f"サンプル町{n}",
                    city=area.name,
                    state_province="",
                    postal_code="000-0000",
                )
            )
            sals.append(ServiceAtLocation(id=uuid.uuid4(), service=service, location=location))
    # bulk_create skips save(), so search_text was filled above.
    for model, rows in (
        (Service, svc),
        (ServiceArea, sa),
        (Phone, phones),
        (Schedule, schedules),
        (Attribute, attrs),
        (Location, locs),
        (Address, addrs),
        (ServiceAtLocation, sals),
    ):
        model.objects.bulk_create(rows, batch_size=BATCH)
