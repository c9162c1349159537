"""Directory benchmarks at nation scale (`make bench`; figures in docs/performance.md).

One synthetic directory of TSUNAGU_BENCH_SERVICES services (default 50,000) is built once for
the module and removed afterwards. Each benchmark also asserts its query budget, and prints
p50/p99 latency from the raw timings.
"""

from __future__ import annotations

import os
import statistics

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from tsunagu.core.services import load_areas
from tsunagu.directory.models import Location, Organization, Service
from tsunagu.directory.synthetic import generate_directory

SERVICES = int(os.environ.get("TSUNAGU_BENCH_SERVICES", "50000"))
ROUNDS = int(os.environ.get("TSUNAGU_BENCH_ROUNDS", "30"))


@pytest.fixture(scope="module")
def big_directory(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_areas(settings.TSUNAGU_DATA_DIR / "areas")
        generate_directory(SERVICES)
        yield SERVICES
        Service.objects.all().delete()
        Location.objects.all().delete()
        Organization.objects.all().delete()


def _percentiles(benchmark) -> str:
    data = sorted(benchmark.stats.stats.data)
    p50 = statistics.median(data) * 1000
    p99 = data[min(len(data) - 1, int(len(data) * 0.99))] * 1000
    return f"p50 {p50:.1f} ms, p99 {p99:.1f} ms over {len(data)} rounds ({connection.vendor})"


class QueryCounter:
    """Counts statements through an execute wrapper (independent of the debug query log)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _run(benchmark, path, params, budget):
    client = Client()
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        response = client.get(path, params)
    assert response.status_code == 200
    assert 0 < counter.count <= budget, counter.count
    benchmark.pedantic(client.get, args=(path, params), rounds=ROUNDS, iterations=1)
    print(f"\n{path} {params}: {_percentiles(benchmark)}, {counter.count} queries")
    return response


@pytest.mark.django_db
def test_bench_directory_search_by_ward_and_code(benchmark, big_directory):
    _run(benchmark, "/directory/", {"ward": "271276", "code": "loneliness"}, 10)


@pytest.mark.django_db
def test_bench_directory_keyword_search(benchmark, big_directory):
    _run(benchmark, "/directory/", {"q": "サロン"}, 10)


@pytest.mark.django_db
def test_bench_directory_open_now(benchmark, big_directory):
    _run(benchmark, "/directory/", {"ward": "271276", "open_now": "on"}, 12)


@pytest.mark.django_db
def test_bench_hsds_services_page(benchmark, big_directory):
    response = _run(benchmark, "/api/hsds/services", {"per_page": 50, "page": 3}, 4)
    assert response.json()["total_items"] >= big_directory


@pytest.mark.django_db
def test_bench_hsds_services_full_page(benchmark, big_directory):
    _run(benchmark, "/api/hsds/services", {"per_page": 50, "page": 3, "full": "true"}, 14)
