"""Benchmarks of the public pages (run with `make bench`; results in docs/performance.md)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from tsunagu.core.services import load_areas


@pytest.mark.django_db
def test_bench_home_page(benchmark):
    client = Client()
    response = benchmark(client.get, "/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_bench_crisis_page(benchmark):
    client = Client()
    response = benchmark(client.get, "/ima-hanashitai/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_bench_reloading_the_areas(benchmark):
    load_areas(settings.TSUNAGU_DATA_DIR / "areas")
    report = benchmark(load_areas, settings.TSUNAGU_DATA_DIR / "areas")
    assert report.created == 0
