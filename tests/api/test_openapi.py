import pytest


@pytest.mark.django_db
def test_the_api_publishes_its_openapi_description(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Tsunagu API"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/docs", "/api/hsds/docs"])
def test_the_api_docs_load_nothing_from_another_site(client, path):
    response = client.get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui-bundle.js" in page
    assert "cdn" not in page
    assert "https://" not in page
