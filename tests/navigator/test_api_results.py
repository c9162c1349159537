import pytest

from tests.navigator.conftest import KITA

pytestmark = pytest.mark.django_db
URL = "/api/v1/navigator/results"


def test_it_answers_ranked_windows_with_reasons_and_open_now(directory, client):
    data = client.get(
        URL, {"codes": "elderly_care", "ward": KITA, "at": "2026-11-25T22:00+09:00"}
    ).json()
    first = data["windows"][0]
    assert first["scope"] == "ward"
    assert first["reasons"][0] == "「高齢者の介護・暮らし」を選ばれたためです。"
    assert first["open_now"] is False
    assert first["next_opening"].startswith("2026-11-26T09:00")
    assert data["after_hours"] is True
    assert data["places"]


def test_at_overrides_now(directory, client):
    day = client.get(URL, {"codes": "elderly_care", "ward": KITA, "at": "2026-11-25T10:00"})
    assert day.json()["windows"][0]["open_now"] is True


def test_crisis_lines_come_when_the_choices_call_for_them(directory, client):
    data = client.get(URL, {"codes": "suicidal", "ward": KITA}).json()
    assert data["crisis"] is True
    assert {line["number"] for line in data["emergency_lines"]} == {"110", "119"}
    assert data["crisis_lines"]


def test_a_bad_at_is_a_422_naming_the_field(directory, client):
    response = client.get(URL, {"codes": "loneliness", "at": "tomorrow"})
    assert response.status_code == 422
    assert "at" in response.json()["detail"]


def test_unknown_values_are_listed_as_ignored(directory, client):
    data = client.get(URL, {"codes": "loneliness,zzz", "ward": "000000"}).json()
    assert len(data["ignored"]) == 2
