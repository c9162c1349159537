from __future__ import annotations

import pytest

from tsunagu.accounts.models import User

from .factories import sign_in_verified


@pytest.mark.django_db
def test_email_is_stored_lower_case_and_sign_in_ignores_case(client):
    User.objects.create_user("Kaori.Sato@Example.JP", password="a-long-test-password")
    assert User.objects.get().email == "kaori.sato@example.jp"
    assert client.login(username="KAORI.SATO@example.jp", password="a-long-test-password")


@pytest.mark.django_db
def test_an_account_needs_an_email():
    with pytest.raises(ValueError, match="メールアドレス"):
        User.objects.create_user("", password="x")


@pytest.mark.django_db
def test_a_deactivated_account_cannot_sign_in(client):
    User.objects.create_user("leaver@example.jp", password="a-long-test-password", is_active=False)
    assert not client.login(username="leaver@example.jp", password="a-long-test-password")


@pytest.mark.django_db
def test_admin_is_in_japanese_for_superusers(client, superuser):
    sign_in_verified(client, superuser)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "サイト管理" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "plain_user"])
def test_admin_is_closed_to_everyone_else(client, who):
    if who == "plain_user":
        client.force_login(User.objects.create_user("clerk@example.jp", password="x" * 12))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_superusers_need_the_second_factor_for_the_admin(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/2fa/")
