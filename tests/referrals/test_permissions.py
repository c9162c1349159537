"""Every page and endpoint × {anonymous, outsider, member without the permission, holder}.

Denied requests answer 404 (302 to sign-in for anonymous pages, 401 for the API) and change
nothing.
"""

import json

import pytest
from django.urls import reverse

from tests.referrals.conftest import sign_in_client
from tsunagu.referrals.models import Referral, StatusChange

PAGES = {
    # name: (url kwargs needed?, the user who may, the users who may not (besides outsiders))
    "referrals:new": (False, "employee", ["window_staff", "coordinator"]),
    "referrals:mine": (False, "employee", ["window_staff"]),
    "referrals:mine_detail": (True, "employee", ["window_staff", "coordinator"]),
    "referrals:inbox": (False, "window_staff", ["employee", "coordinator"]),
    "referrals:ward": (False, "coordinator", ["employee", "window_staff"]),
    "referrals:figures": (False, "coordinator", ["employee", "window_staff"]),
    "referrals:detail": (True, "window_staff", ["employee", "other_window_staff"]),
    "referrals:sheet": (True, "employee", ["other_window_staff"]),
}
OUTSIDERS = ["outsider", "member_without_permission"]


def _url(name, needs_uuid, referral):
    return reverse(name, kwargs={"uuid": referral.uuid} if needs_uuid else {})


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, world, submitted, name):
    needs_uuid, _, _ = PAGES[name]
    response = client.get(_url(name, needs_uuid, submitted))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("name", PAGES)
def test_people_without_the_permission_get_404(client, world, submitted, name):
    needs_uuid, _, others = PAGES[name]
    for who in OUTSIDERS + others:
        sign_in_client(client, getattr(world, who))
        response = client.get(_url(name, needs_uuid, submitted))
        assert response.status_code == 404, who


@pytest.mark.parametrize("name", PAGES)
def test_the_holder_gets_the_page(client, world, submitted, name):
    needs_uuid, holder, _ = PAGES[name]
    sign_in_client(client, getattr(world, holder))
    response = client.get(_url(name, needs_uuid, submitted))
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["referrals:new", "referrals:detail", "referrals:mine_detail"])
def test_pages_with_personal_data_are_not_stored(client, world, submitted, name):
    needs_uuid, holder, _ = PAGES[name]
    sign_in_client(client, getattr(world, holder))
    response = client.get(_url(name, needs_uuid, submitted))
    assert "no-store" in response["Cache-Control"]


def test_the_coordinator_may_read_the_detail(client, world, submitted):
    sign_in_client(client, world.coordinator)
    assert client.get(reverse("referrals:detail", args=[submitted.uuid])).status_code == 200


@pytest.mark.parametrize(
    "who",
    ["outsider", "member_without_permission", "employee", "other_window_staff", "coordinator"],
)
def test_a_status_change_by_anyone_but_the_window_is_404_and_changes_nothing(
    client, world, submitted, who
):
    sign_in_client(client, getattr(world, who))
    response = client.post(
        reverse("referrals:change_status", args=[submitted.uuid]), {"status": "accepted"}
    )
    assert response.status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == "pending"
    assert StatusChange.objects.filter(referral=submitted).count() == 1


def test_an_anonymous_status_change_goes_to_sign_in_and_changes_nothing(client, submitted):
    response = client.post(
        reverse("referrals:change_status", args=[submitted.uuid]), {"status": "accepted"}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "pending"


def test_a_referral_that_does_not_exist_is_404_like_one_you_may_not_see(client, world):
    import uuid

    sign_in_client(client, world.window_staff)
    assert client.get(reverse("referrals:detail", args=[uuid.uuid4()])).status_code == 404


@pytest.mark.parametrize("who", ["outsider", "member_without_permission", "window_staff"])
def test_posting_a_referral_without_the_permission_creates_nothing(client, world, who):
    sign_in_client(client, getattr(world, who))
    response = client.post(reverse("referrals:new"), {"trouble_codes": ["loneliness"]})
    assert response.status_code == 404
    assert not Referral.objects.exists()


# --- API -------------------------------------------------------------------------------

API = "/api/v1/referrals"


def _api_calls(referral):
    return [
        ("get", f"{API}/mine", "employee"),
        ("get", f"{API}/mine/{referral.uuid}", "employee"),
        ("get", f"{API}/inbox", "window_staff"),
        ("get", f"{API}/{referral.uuid}", "window_staff"),
    ]


def test_the_api_refuses_anonymous_callers(client, world, submitted):
    for method, url, _ in _api_calls(submitted):
        assert getattr(client, method)(url).status_code == 401, url
    response = client.post(
        f"{API}/{submitted.uuid}/transition",
        json.dumps({"status": "accepted"}),
        content_type="application/json",
    )
    assert response.status_code == 401
    submitted.refresh_from_db()
    assert submitted.status == "pending"


def test_the_api_answers_404_without_the_permission(client, world, submitted):
    for method, url, _ in _api_calls(submitted):
        for who in OUTSIDERS:
            sign_in_client(client, getattr(world, who))
            assert getattr(client, method)(url).status_code == 404, (url, who)
    sign_in_client(client, world.other_window_staff)
    assert client.get(f"{API}/{submitted.uuid}").status_code == 404
    response = client.post(
        f"{API}/{submitted.uuid}/transition",
        json.dumps({"status": "accepted"}),
        content_type="application/json",
    )
    assert response.status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == "pending"


def test_the_api_answers_the_holder(client, world, submitted):
    for method, url, who in _api_calls(submitted):
        sign_in_client(client, getattr(world, who))
        assert getattr(client, method)(url).status_code == 200, url


def test_the_api_checks_the_csrf_token(world, submitted):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    sign_in_client(client, world.window_staff)
    response = client.post(
        f"{API}/{submitted.uuid}/transition",
        json.dumps({"status": "accepted"}),
        content_type="application/json",
    )
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == "pending"
