from __future__ import annotations

import pytest

from tests.accounts.factories import (
    KITA_WARD,
    MIYAKOJIMA_WARD,
    member,
    organisation,
    sign_in_verified,
)
from tsunagu.core import audit
from tsunagu.core.models import AuditEntry

URLS = ["/staff/audit/", "/staff/audit/export.csv"]


@pytest.fixture
def kita(areas):
    return organisation(KITA_WARD, "北区役所")


@pytest.fixture
def auditor(kita):
    return member("auditor@example.jp", kita, "system.audit.read")


@pytest.mark.parametrize("url", URLS)
def test_anonymous_visitors_are_sent_to_sign_in_and_nothing_is_logged(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "next=" in response["Location"]
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("who", ["outsider", "member_without_permission"])
def test_people_without_the_permission_get_404_and_the_attempt_is_logged(
    client, areas, kita, url, who
):
    if who == "outsider":
        user = member("x@example.jp", organisation(MIYAKOJIMA_WARD, "都島区役所"), "other.x.y")
    else:
        user = member("y@example.jp", kita, "directory.service.edit")
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 404
    assert list(AuditEntry.objects.values_list("action", "actor_id")) == [
        ("accounts.access.denied", user.pk)
    ]


def test_the_auditor_sees_entries_and_the_reading_is_logged(client, auditor, kita):
    audit.record("councils.case.viewed", actor=auditor, target=kita, organisation=kita)
    sign_in_verified(client, auditor)
    response = client.get("/staff/audit/")
    assert response.status_code == 200
    assert "councils.case.viewed" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    last = AuditEntry.objects.order_by("-sequence").first()
    assert (last.action, last.actor_id) == ("core.audit.searched", auditor.pk)
    assert last.request_id == response["X-Request-ID"]


def test_searching_by_person_record_and_period(client, auditor, kita, superuser):
    audit.record("councils.case.viewed", actor=superuser, target=kita)
    audit.record("referrals.referral.viewed", actor=auditor)
    sign_in_verified(client, auditor)
    page = client.get("/staff/audit/", {"actor": "root@example.jp"}).context["page"]
    assert [e.action for e in page] == ["councils.case.viewed"]
    target = f"accounts.organisation:{kita.uuid}"
    page = client.get("/staff/audit/", {"target": target}).context["page"]
    assert [e.action for e in page] == ["councils.case.viewed"]
    page = client.get("/staff/audit/", {"date_from": "2000-01-01", "date_to": "2000-01-02"})
    assert list(page.context["page"]) == []


def test_bad_search_input_is_explained(client, auditor):
    sign_in_verified(client, auditor)
    response = client.get("/staff/audit/", {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert "終了日は開始日より後" in response.content.decode()
    response = client.get("/staff/audit/export.csv", {"target": "drop table;"})
    assert response.status_code == 400
    assert not AuditEntry.objects.filter(action="core.audit.exported").exists()


def test_the_export_is_csv_and_is_itself_logged(client, auditor, kita):
    audit.record("councils.case.viewed", actor=auditor, target=kita)
    sign_in_verified(client, auditor)
    response = client.get("/staff/audit/export.csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    lines = body.strip().splitlines()
    assert lines[0].startswith("sequence,created_at,actor_id")
    assert any("councils.case.viewed" in line for line in lines)
    assert "no-store" in response["Cache-Control"]
    assert AuditEntry.objects.filter(action="core.audit.exported", actor=auditor).exists()


def test_the_list_page_runs_a_bounded_number_of_queries(
    client, auditor, kita, django_assert_max_num_queries
):
    for _ in range(30):
        audit.record("councils.case.viewed", actor=auditor, target=kita, organisation=kita)
    sign_in_verified(client, auditor)
    with django_assert_max_num_queries(15):
        client.get("/staff/audit/")
