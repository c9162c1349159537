from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tsunagu.accounts.models import Organisation, User
from tsunagu.accounts.permissions import has_permission
from tsunagu.core.sample_data import DEMO_PASSWORD

DEMO = ["policy@example.jp", "coordinator@example.jp", "window@example.jp", "staff@example.jp"]


@pytest.fixture
def demo(db):
    out = io.StringIO()
    call_command("load_sample_data", stdout=out)
    return out.getvalue()


def test_make_run_prints_a_sign_in_for_each_demo_role(demo):
    for email in DEMO:
        assert f"{email} / {DEMO_PASSWORD}" in demo
    assert "政策担当（管理）" in demo
    assert "区コーディネーター" in demo
    assert "相談窓口職員" in demo
    assert "初回ログインで二段階認証を設定" in demo


def test_every_invented_organisation_is_marked_sample(demo):
    assert Organisation.objects.exists()
    for org in Organisation.objects.all():
        assert org.is_sample
        assert "サンプル" in str(org)


def test_the_ward_coordinator_reaches_one_ward_only(demo):
    coordinator = User.objects.get(email="coordinator@example.jp")
    ward = coordinator.memberships.get().organisation.area
    other = ward.parent.children.exclude(code=ward.code).first()
    assert has_permission(coordinator, "councils.case.read", area=ward)
    assert not has_permission(coordinator, "councils.case.read", area=other)


@pytest.mark.parametrize(
    ("email", "needs_second_factor"),
    [
        ("policy@example.jp", True),
        ("coordinator@example.jp", True),
        ("window@example.jp", True),
        ("staff@example.jp", False),
    ],
)
def test_demo_people_sign_in_and_enrol_in_2fa_when_their_role_needs_it(
    demo, client, email, needs_second_factor
):
    response = client.post("/staff/login/", {"username": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    menu = client.get("/staff/")
    if needs_second_factor:
        assert menu["Location"].startswith("/staff/2fa/")
        assert client.get(menu["Location"])["Location"].startswith("/staff/2fa/setup/")
    else:
        assert menu.status_code == 200
