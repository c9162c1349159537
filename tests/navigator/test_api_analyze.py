import logging

import pytest

URL = "/api/v1/navigator/analyze"


def post(client, body):
    return client.post(URL, body, content_type="application/json")


@pytest.mark.django_db
def test_it_answers_with_the_crisis_flag_and_ranked_codes(client):
    response = post(client, {"text": "同僚がもう全部終わりにしたいと言っている"})
    assert response.status_code == 200
    data = response.json()
    assert data["crisis"] is True
    assert data["categories"][0]["code"] == "suicidal"
    assert data["categories"][0]["because"] == ["全部終わりにしたい"]


@pytest.mark.django_db
def test_it_answers_the_same_object_as_the_command(client):
    from tsunagu.navigator.services import analyze_text

    text = "母の介護でしんどい"
    assert post(client, {"text": text}).json() == analyze_text(text).as_dict()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [{}, {"text": ""}, {"text": "あ" * 2001}, {"text": 12}, {"words": "x"}],
)
def test_it_rejects_bad_input_with_422_naming_the_field(client, body):
    response = post(client, body)
    assert response.status_code == 422
    assert any("text" in error["loc"] for error in response.json()["detail"])


@pytest.mark.django_db
def test_it_refuses_get(client):
    assert client.get(URL).status_code == 405


@pytest.mark.django_db
def test_the_text_never_reaches_the_logs(client, caplog):
    secret = "となりの山田さんに毎晩なぐられていて死にたい"
    with caplog.at_level(logging.DEBUG):
        post(client, {"text": secret})
        post(client, {"text": secret * 200})  # rejected as too long: also not logged
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for piece in ("山田", "なぐられ", "死にたい", "毎晩"):
        assert piece not in logged


@pytest.mark.django_db
def test_it_answers_429_after_too_many_requests_from_one_client(client, monkeypatch):
    from django.core.cache import cache

    from tsunagu.navigator import api

    cache.clear()
    monkeypatch.setattr(api, "ANALYZE_LIMIT", 2)
    assert post(client, {"text": "さみしい"}).status_code == 200
    assert post(client, {"text": "さみしい"}).status_code == 200
    response = post(client, {"text": "さみしい"})
    assert response.status_code == 429
    assert "待って" in response.json()["detail"]
    cache.clear()
