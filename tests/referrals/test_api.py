import json
import uuid

import pytest
from django.utils import timezone

from tests.referrals.conftest import sign_in_client
from tsunagu.core.models import AuditEntry
from tsunagu.referrals.models import Referral

API = "/api/v1/referrals"


def _payload(world, **changes):
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "service_id": str(world.service.pk),
        "ward": world.kita.code,
        "trouble_codes": ["elderly_care"],
        "consent_giver": "person",
        "consent_method": "written",
        "consent_on": timezone.localdate().isoformat(),
        "shared_items": ["name", "contact"],
        "person_name": "サンプル 次郎",
        "contact_details": "06-0000-9999",
    }
    data.update(changes)
    return data


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_an_employee_creates_a_referral_and_sees_only_the_outcome(client, world):
    sign_in_client(client, world.employee)
    response = _post(client, API, _payload(world))
    assert response.status_code == 201
    body = response.json()
    assert body["outcome"] == "in_progress"
    assert "person_name" not in body
    assert Referral.objects.get().person_name == "サンプル 次郎"
    mine = client.get(f"{API}/mine").json()
    assert [r["uuid"] for r in mine] == [body["uuid"]]


def test_the_same_key_twice_makes_one_referral(client, world):
    sign_in_client(client, world.employee)
    payload = _payload(world)
    first = _post(client, API, payload).json()
    second = _post(client, API, payload).json()
    assert first["uuid"] == second["uuid"]
    assert Referral.objects.count() == 1


def test_bad_input_is_a_400_naming_the_field(client, world):
    sign_in_client(client, world.employee)
    response = _post(client, API, _payload(world, consent_giver="none"))
    assert response.status_code == 400
    assert response.json()["field"] == "legal_basis"
    response = _post(client, API, _payload(world, ward="999999"))
    assert response.json()["field"] == "ward"
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "allowed"),
    [
        ("age_band", "ancient", "senior"),
        ("noticed_as", "boss", "acquaintance"),
        ("consent_method", "telepathy", "written"),
    ],
)
def test_it_refuses_a_value_outside_the_choices_and_writes_nothing(
    client, world, field, value, allowed
):
    sign_in_client(client, world.employee)
    response = _post(client, API, _payload(world, **{field: value}))
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == field
    assert field in body["detail"]
    assert allowed in body["detail"]
    assert not Referral.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="referrals.").exists()


def test_the_window_works_the_referral_through_the_api(client, world, submitted):
    sign_in_client(client, world.window_staff)
    inbox = client.get(f"{API}/inbox").json()
    assert [item["uuid"] for item in inbox] == [str(submitted.uuid)]
    assert "person_name" not in inbox[0]
    detail = client.get(f"{API}/{submitted.uuid}").json()
    assert detail["person_name"] == "サンプル 花子"
    response = _post(client, f"{API}/{submitted.uuid}/transition", {"status": "accepted"})
    assert response.status_code == 200
    assert response.json()["status"] == "accepted"
    assert AuditEntry.objects.filter(action="referrals.referral.accepted").count() == 1


def test_a_transition_not_allowed_is_a_409_and_changes_nothing(client, world, submitted):
    sign_in_client(client, world.window_staff)
    response = _post(client, f"{API}/{submitted.uuid}/transition", {"status": "declined"})
    assert response.status_code == 409
    assert "受付待ち" in response.json()["detail"]
    submitted.refresh_from_db()
    assert submitted.status == "pending"


def test_the_referrals_api_is_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/referrals" in paths
    assert "/api/v1/referrals/{uuid}/transition" in paths
