"""Benchmarks of the navigator's results page and API on a large synthetic directory.

`make bench` builds TSUNAGU_BENCH_SERVICES (default 50,000) invented services spread over
Osaka's 24 wards, the city and the nation, each with one to three trouble codes, an area, a
phone and office hours, on top of the shipped national lines and sample entries. Requests go
through Django's test client in process (no network, no WSGI server). A trivial view (the home
page, no database query) is measured in the same run for comparison. With DATABASE_URL set to
PostgreSQL the same benchmarks run there. The results are measured ranked afresh (shared
copies off) and as a shared copy (NAV-12). Figures are in docs/performance.md; the load test
on a real server is tests/bench/load_navigator.py (`make loadtest`).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from tsunagu.core.models import Area, AreaKind
from tsunagu.core.services import load_areas
from tsunagu.directory.models import (
    Attribute,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceKind,
    TaxonomyTerm,
)
from tsunagu.directory.sample import load_osaka_sample
from tsunagu.directory.services import load_national_lines

SERVICES = int(os.environ.get("TSUNAGU_BENCH_SERVICES", "50000"))
KITA = "271276"
QUERY = (
    f"who=family&codes=elderly_care,mental_health&kw=介護,母&age=senior&ward={KITA}&contact=phone"
)
BATCH = 5000


def build_synthetic_directory(count: int) -> None:
    rng = random.Random(5)  # the same directory every run
    load_areas(settings.TSUNAGU_DATA_DIR / "areas")
    load_national_lines()
    load_osaka_sample()
    city = Area.objects.get(code="271004")
    areas = [*Area.objects.filter(kind=AreaKind.WARD, parent=city), city, None]
    terms = list(TaxonomyTerm.objects.troubles())
    org = Organization.objects.create(name="合成データ（ベンチマーク用）", description="-")
    kinds = [ServiceKind.WINDOW, ServiceKind.WINDOW, ServiceKind.HOTLINE, ServiceKind.PLACE]
    for start in range(0, count, BATCH):
        services, areas_rows, phones, schedules, attributes = [], [], [], [], []
        for n in range(start, min(start + BATCH, count)):
            service = Service(
                id=uuid.UUID(int=n + 1),
                organization=org,
                name=f"合成 相談先 {n}",
                kana=f"ごうせい {n:06d}",
                kind=rng.choice(kinds),
                by_phone=True,
                by_visit=rng.random() < 0.5,
                is_sample=True,
                hours_note="平日 9:00〜17:30",
            )
            services.append(service)
            areas_rows.append(ServiceArea(service=service, area=rng.choice(areas)))
            phones.append(Phone(service=service, number=f"06-0000-{n % 10000:04d}"))
            schedules.append(
                Schedule(
                    service=service,
                    freq="WEEKLY",
                    byday="MO,TU,WE,TH,FR",
                    opens_at=dt.time(9),
                    closes_at=dt.time(17, 30),
                )
            )
            for term in rng.sample(terms, rng.randint(1, 3)):
                attributes.append(
                    Attribute(
                        service=service,
                        link_id=service.id,
                        link_entity="service",
                        taxonomy_term=term,
                    )
                )
        Service.objects.bulk_create(services)
        ServiceArea.objects.bulk_create(areas_rows)
        Phone.objects.bulk_create(phones)
        Schedule.objects.bulk_create(schedules)
        Attribute.objects.bulk_create(attributes)
    if connection.vendor == "postgresql":
        # Fresh bulk inserts have no planner statistics yet; production tables do.
        with connection.cursor() as cursor:
            for model in (Service, ServiceArea, Attribute, Phone, Schedule):
                cursor.execute(f"ANALYZE {model._meta.db_table}")


@pytest.fixture
def client(db):
    # Built for each benchmark (inside its transaction, rolled back after): slower to run,
    # but every benchmark sees exactly the same directory.
    build_synthetic_directory(SERVICES)
    return Client()


def test_bench_trivial_view_for_comparison(benchmark, client):
    assert benchmark(client.get, "/").status_code == 200


@pytest.fixture
def afresh(settings):
    # No shared copies (NAV-12): every request ranks the directory and renders the page.
    settings.TSUNAGU_NAVI_CACHE_SECONDS = 0


def test_bench_results_page(benchmark, client, afresh):
    response = benchmark(client.get, f"/navi/results/?{QUERY}")
    assert response.status_code == 200
    assert "北区" in response.content.decode()


def test_bench_results_page_in_a_crisis(benchmark, client, afresh):
    response = benchmark(client.get, f"/navi/results/?{QUERY}&crisis=1")
    assert response.status_code == 200


def test_bench_results_api(benchmark, client, afresh):
    response = benchmark(client.get, f"/api/v1/navigator/results?{QUERY}")
    assert response.status_code == 200
    assert response.json()["windows"]


def test_bench_results_page_shared_copy(benchmark, client, settings):
    settings.TSUNAGU_USAGE_FLUSH_SECONDS = 60  # counts batched, as in production
    client.get(f"/navi/results/?{QUERY}")  # the first visitor builds the shared copy
    response = benchmark(client.get, f"/navi/results/?{QUERY}")
    assert response.status_code == 200
    assert "北区" in response.content.decode()
