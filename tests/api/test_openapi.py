import pytest


@pytest.mark.django_db
def test_the_api_publishes_its_openapi_description(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Tsunagu API"
