from __future__ import annotations

import re
import time

import pytest
from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tsunagu.accounts.middleware import LAST_SEEN_KEY
from tsunagu.core.models import AuditEntry

from .factories import KITA_WARD, member, organisation, sign_in_verified

PASSWORD = "a-long-test-password"


@pytest.fixture
def kita(areas):
    return organisation(KITA_WARD, "北区役所")


@pytest.fixture
def clerk(kita):
    """A city employee whose role opens no personal data."""
    return member("clerk@example.jp", kita, "directory.service.edit")


@pytest.fixture
def caseworker(kita):
    """Someone whose role reads personal data: 2FA and the short timeout apply."""
    return member("case@example.jp", kita, "referrals.inbox.read", "system.audit.read")


def sign_in(client, email, password=PASSWORD, next_url=""):
    return client.post("/staff/login/", {"username": email, "password": password, "next": next_url})


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_the_sign_in_page_uses_the_site_layout_and_is_not_cached(client, db):
    response = client.get("/staff/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "職員ログイン" in html
    assert 'class="skip-link"' in html
    assert "no-store" in response["Cache-Control"]


def test_the_login_url_setting_points_at_the_staff_sign_in(settings):
    from django.shortcuts import resolve_url

    assert resolve_url(settings.LOGIN_URL) == "/staff/login/"


def test_a_plain_employee_signs_in_without_a_second_factor(client, clerk):
    response = sign_in(client, "CLERK@example.jp")
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200
    assert AuditEntry.objects.filter(action="accounts.session.signed_in", actor=clerk).exists()


def test_a_wrong_password_is_refused_with_a_plain_message(client, clerk):
    response = sign_in(client, "clerk@example.jp", "wrong-password-123")
    assert response.status_code == 200
    assert "メールアドレスかパスワードが違います" in response.content.decode()


def test_repeated_failures_lock_the_account_even_with_the_right_password(client, clerk, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "clerk@example.jp", "wrong-password-123")
    response = sign_in(client, "clerk@example.jp")
    assert response.status_code == 429
    assert "しばらくログインできません" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_success_before_the_limit_resets_the_count(client, clerk, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "clerk@example.jp", "wrong-password-123")
    sign_in(client, "clerk@example.jp")
    client.post("/staff/logout/")
    sign_in(client, "clerk@example.jp", "wrong-password-123")
    assert sign_in(client, "clerk@example.jp").status_code == 302


def test_a_new_caseworker_must_enrol_before_opening_anything_personal(client, caseworker):
    response = sign_in(client, "case@example.jp", next_url="/staff/audit/")
    assert response.status_code == 302
    # The protected page sends them to the second factor, which sends them to enrol.
    response = client.get("/staff/audit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/2fa/?next=")
    response = client.get(response["Location"])
    assert response["Location"].startswith("/staff/2fa/setup/")
    assert not AuditEntry.objects.filter(action="core.audit.searched").exists()


def test_the_admin_is_closed_too_until_the_second_factor(client, caseworker):
    caseworker.is_staff = True
    caseworker.save()
    sign_in(client, "case@example.jp")
    assert client.get("/admin/").status_code == 302


def test_enrolment_shows_a_qr_code_and_gives_recovery_codes(client, caseworker):
    sign_in(client, "case@example.jp")
    page = client.get("/staff/2fa/setup/?next=/staff/audit/")
    html = page.content.decode()
    assert "<svg" in html
    assert "<script" not in html.split("<main", 1)[1]
    device = TOTPDevice.objects.get(user=caseworker, confirmed=False)
    # The same pending device is shown again on reload (the QR must not change).
    client.get("/staff/2fa/setup/")
    assert TOTPDevice.objects.filter(user=caseworker).count() == 1
    wrong = client.post("/staff/2fa/setup/", {"token": "000000", "next": "/staff/audit/"})
    assert "コードが違います" in wrong.content.decode()
    # django-otp slows down retries after a wrong code; a person would wait a second.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    done = client.post(
        "/staff/2fa/setup/", {"token": current_code(device), "next": "/staff/audit/"}
    )
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
    assert len(codes) == 10
    assert "no-store" in done["Cache-Control"]
    assert client.get("/staff/audit/").status_code == 200
    assert AuditEntry.objects.filter(action="accounts.two_factor.enrolled").exists()


def test_a_later_sign_in_asks_for_the_code_and_accepts_a_recovery_code_once(client, caseworker):
    sign_in_verified(client, caseworker)  # enrolled earlier
    from tsunagu.accounts.services import replace_recovery_codes

    code = replace_recovery_codes(caseworker)[0]
    client.logout()
    sign_in(client, "case@example.jp")
    assert client.get("/staff/audit/")["Location"].startswith("/staff/2fa/?next=")
    response = client.post("/staff/2fa/", {"token": code, "next": "/staff/audit/"})
    assert response["Location"] == "/staff/audit/"
    assert not StaticToken.objects.filter(token=code).exists()
    client.logout()
    sign_in(client, "case@example.jp")
    again = client.post("/staff/2fa/", {"token": code, "next": "/staff/audit/"})
    assert again.status_code == 200
    assert "コードが違うか" in again.content.decode()


def test_a_stolen_password_cannot_replace_the_enrolled_device(client, caseworker):
    TOTPDevice.objects.create(user=caseworker, name="phone", confirmed=True)
    sign_in(client, "case@example.jp")
    response = client.get("/staff/2fa/setup/")
    assert response["Location"] == "/staff/2fa/"
    assert TOTPDevice.objects.filter(user=caseworker, confirmed=False).count() == 0


def test_the_next_address_must_stay_on_this_site(client, caseworker):
    sign_in_verified(client, caseworker)
    from tsunagu.accounts.services import replace_recovery_codes

    code = replace_recovery_codes(caseworker)[0]
    response = client.post("/staff/2fa/", {"token": code, "next": "https://evil.example/"})
    assert response["Location"] == "/staff/"


def test_people_with_personal_data_roles_are_signed_out_after_30_idle_minutes(client, caseworker):
    sign_in_verified(client, caseworker)
    assert client.get("/staff/").status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 31 * 60
    session.save()
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="accounts.session.expired").exists()


def test_other_staff_keep_their_session_for_the_longer_limit(client, clerk):
    client.force_login(clerk)
    client.get("/staff/")
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 31 * 60
    session.save()
    assert client.get("/staff/").status_code == 200


def test_sign_out_is_a_post_and_is_logged(client, clerk):
    client.force_login(clerk)
    assert client.get("/staff/logout/").status_code == 405
    response = client.post("/staff/logout/")
    assert response["Location"] == "/staff/login/"
    assert AuditEntry.objects.filter(action="accounts.session.signed_out").exists()


def test_password_reset_sends_a_link_that_sets_a_new_password(client, clerk):
    response = client.post("/staff/password-reset/", {"email": "clerk@example.jp"})
    assert response["Location"] == "/staff/password-reset/sent/"
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/staff/password-reset/\S+/)", mail.outbox[0].body)[1]
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"},
    )
    assert done["Location"] == "/staff/password-reset/complete/"
    client.logout()
    assert sign_in(client, "clerk@example.jp", "a-brand-new-passphrase").status_code == 302


def test_password_reset_does_not_reveal_whether_an_address_exists(client, db):
    response = client.post("/staff/password-reset/", {"email": "nobody@example.jp"})
    assert response["Location"] == "/staff/password-reset/sent/"
    assert mail.outbox == []
