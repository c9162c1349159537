from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tsunagu.directory.hsds.validation import problems
from tsunagu.directory.models import Organization, Service, ServiceAtLocation, TaxonomyTerm
from tsunagu.directory.sample import load_osaka_sample
from tsunagu.directory.services import load_national_lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(areas):
    load_national_lines()
    load_osaka_sample()


def test_the_root_names_the_hsds_version(client):
    body = client.get("/api/hsds/").json()
    assert body["version"] == "3.0"
    assert body["openapi_url"].endswith("/api/hsds/openapi.json")
    assert client.get("/api/hsds/openapi.json").status_code == 200


def test_services_are_paged_with_the_hsds_wrapper(client, directory):
    total = Service.objects.count()
    body = client.get("/api/hsds/services", {"per_page": 10, "page": 2}).json()
    assert body["total_items"] == total
    assert body["total_pages"] == -(-total // 10)
    assert (body["page_number"], body["size"], body["first_page"], body["empty"]) == (
        2,
        10,
        False,
        False,
    )
    assert all(problems("service_list", item) == [] for item in body["contents"])
    last = client.get("/api/hsds/services", {"per_page": 10, "page": body["total_pages"]}).json()
    assert last["last_page"]
    beyond = client.get("/api/hsds/services", {"page": 999}).json()
    assert beyond["empty"] and beyond["contents"] == []


@pytest.mark.parametrize("full", [False, True])
def test_the_services_page_takes_a_bounded_number_of_queries(
    client, directory, django_assert_max_num_queries, full
):
    with django_assert_max_num_queries(14):
        body = client.get("/api/hsds/services", {"per_page": 200, "full": full}).json()
    assert body["size"] == min(200, Service.objects.count())


def test_services_filter_by_term_organization_search_and_date(client, directory):
    term = TaxonomyTerm.objects.troubles().get(code="child_abuse")
    body = client.get("/api/hsds/services", {"taxonomy_term_id": str(term.pk)}).json()
    names = {item["name"] for item in body["contents"]}
    assert "児童相談所虐待対応ダイヤル" in names
    assert body["total_items"] == Service.objects.for_codes(["child_abuse"]).count()

    org = Organization.objects.get(name="サンプル 北区の相談窓口")
    body = client.get("/api/hsds/services", {"organization_id": str(org.pk)}).json()
    assert body["total_items"] == 6
    assert {item["organization_id"] for item in body["contents"]} == {str(org.pk)}

    body = client.get("/api/hsds/services", {"search": "ｻﾛﾝ"}).json()
    assert body["total_items"] == 24

    Service.objects.filter(name="よりそいホットライン").update(
        last_modified=timezone.now() + dt.timedelta(days=2)
    )
    since = (timezone.now() + dt.timedelta(days=1)).isoformat()
    body = client.get("/api/hsds/services", {"modified_after": since}).json()
    assert [item["name"] for item in body["contents"]] == ["よりそいホットライン"]


def test_bad_filters_get_a_clear_400(client, directory):
    response = client.get("/api/hsds/services", {"taxonomy_term_id": "abc"})
    assert response.status_code == 400
    assert "UUID" in response.json()["detail"]
    response = client.get("/api/hsds/services", {"modified_after": "yesterday"})
    assert response.status_code == 400


def test_one_service_is_full_and_valid(client, directory, django_assert_max_num_queries):
    service = Service.objects.get(name="サンプル 北区地域包括支援センター")
    with django_assert_max_num_queries(12):
        body = client.get(f"/api/hsds/services/{service.pk}").json()
    assert problems("service", body) == []
    assert body["phones"][0]["number"].startswith("06-0000-")
    assert body["tsunagu"]["is_sample"] is True


def test_unknown_or_malformed_ids_are_404(client, directory):
    assert client.get("/api/hsds/services/not-a-uuid").status_code == 404
    assert client.get(f"/api/hsds/services/{Organization.objects.first().pk}").status_code == 404
    assert client.get("/api/hsds/organizations/nope").status_code == 404


def test_organizations_and_their_locations(client, directory):
    body = client.get("/api/hsds/organizations").json()
    assert body["total_items"] == Organization.objects.count()
    assert all(problems("organization_list", item) == [] for item in body["contents"])
    org = Organization.objects.get(name="サンプル 北区の相談窓口")
    detail = client.get(f"/api/hsds/organizations/{org.pk}").json()
    assert problems("organization", detail) == []
    assert len(detail["locations"]) == 6


def test_service_at_locations_hide_hidden_addresses(client, directory):
    sal = ServiceAtLocation.objects.select_related("location").first()
    sal.location.address_hidden = True
    sal.location.save()
    body = client.get(f"/api/hsds/service_at_locations/{sal.pk}").json()
    assert problems("service_at_location", body) == []
    assert body["location"]["addresses"] == []
    page = client.get("/api/hsds/service_at_locations", {"per_page": 5}).json()
    assert page["total_items"] == ServiceAtLocation.objects.count()
    term = TaxonomyTerm.objects.troubles().get(code="elderly_care")
    page = client.get("/api/hsds/service_at_locations", {"taxonomy_term_id": str(term.pk)}).json()
    assert page["total_items"] == 48  # 24 包括 + 24 サロン


def test_taxonomies_and_terms(client, directory):
    taxonomies = client.get("/api/hsds/taxonomies").json()
    assert [t["name"] for t in taxonomies["contents"]] == ["tsunagu-troubles"]
    terms = client.get("/api/hsds/taxonomy_terms", {"per_page": 100}).json()
    assert terms["total_items"] == 20
    assert terms["contents"][0]["code"] == "loneliness"
    assert all(problems("taxonomy_term", t) == [] for t in terms["contents"])
    one = client.get(f"/api/hsds/taxonomy_terms/{terms['contents'][0]['id']}").json()
    assert one["taxonomy_detail"]["name"] == "tsunagu-troubles"
