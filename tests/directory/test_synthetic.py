from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tsunagu.directory.models import Service

pytestmark = pytest.mark.django_db


def test_generate_directory_makes_searchable_sample_services(areas):
    out = io.StringIO()
    call_command("generate_directory", services=300, stdout=out)
    assert "300 件" in out.getvalue()
    assert Service.objects.count() == 300
    assert not Service.objects.filter(is_sample=False).exists()
    assert Service.objects.nationwide().exists()
    assert Service.objects.search("さんぷる").count() == 300
    assert Service.objects.for_codes(["loneliness"]).exists()


def test_pages_stay_within_their_query_budget_on_a_larger_directory(
    client, areas, django_assert_max_num_queries
):
    call_command("generate_directory", services=2000, stdout=io.StringIO())
    with django_assert_max_num_queries(10):
        client.get("/directory/", {"ward": "271276", "code": "loneliness"})
    with django_assert_max_num_queries(12):
        client.get("/directory/", {"open_now": "on"})
    with django_assert_max_num_queries(14):
        body = client.get("/api/hsds/services", {"per_page": 100, "full": "true"}).json()
    assert body["total_items"] == 2000
