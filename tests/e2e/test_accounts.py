"""Staff sign-in and two-factor enrolment in a real browser, with and without JavaScript."""

from __future__ import annotations

import re

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tsunagu.core.services import load_areas

from ..accounts.factories import KITA_WARD, member, organisation
from .conftest import axe_violations

PASSWORD = "a-long-test-password"


def people():
    from django.conf import settings

    load_areas(settings.TSUNAGU_DATA_DIR / "areas")
    kita = organisation(KITA_WARD, "北区役所")
    member("clerk@example.jp", kita, "directory.service.edit")
    return member("case@example.jp", kita, "referrals.inbox.read", "system.audit.read")


def sign_in(page, site, email):
    page.goto(f"{site}/staff/login/")
    page.get_by_label("メールアドレス").fill(email)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()


def test_the_sign_in_page_is_accessible(site, page):
    page.goto(f"{site}/staff/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("職員ログイン")
    assert axe_violations(page) == []


def test_a_plain_employee_signs_in_and_out_without_javascript(site, page_without_js):
    people()
    sign_in(page_without_js, site, "clerk@example.jp")
    expect(page_without_js.get_by_role("heading", level=1)).to_have_text("職員メニュー")
    page_without_js.get_by_role("button", name="ログアウト").click()
    expect(page_without_js).to_have_url(re.compile(r"/staff/login/$"))


def test_enrolment_works_without_javascript_and_is_accessible(site, page_without_js):
    caseworker = people()
    page = page_without_js
    sign_in(page, site, "case@example.jp")
    page.goto(f"{site}/staff/audit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("二段階認証の設定")
    expect(page.locator(".qr-code svg")).to_be_visible()
    device = TOTPDevice.objects.get(user=caseworker, confirmed=False)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.get_by_label("確認コード").fill(code)
    page.get_by_role("button", name="設定する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("回復コード")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="保管しました。次へ進む").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("監査ログ")


def test_the_enrolment_and_audit_pages_are_accessible(site, page):
    caseworker = people()
    sign_in(page, site, "case@example.jp")
    page.goto(f"{site}/staff/2fa/setup/")
    assert axe_violations(page) == []
    device = TOTPDevice.objects.get(user=caseworker, confirmed=False)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.get_by_label("確認コード").fill(code)
    page.get_by_role("button", name="設定する").click()
    page.goto(f"{site}/staff/audit/")
    assert axe_violations(page) == []
