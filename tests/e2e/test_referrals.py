"""つなぎ in a real browser: refer, accept, close, and see only the outcome class."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, expect

from tests.referrals.conftest import World, sign_in_client
from tests.referrals.conftest import world as world

from .conftest import axe_violations


def _signed_in_page(browser: Browser, site: str, user, *, javascript: bool = True):
    client = Client()
    sign_in_client(client, user)
    context = browser.new_context(locale="ja-JP", java_script_enabled=javascript)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site,
            }
        ]
    )
    return context.new_page()


@pytest.fixture
def world_live(site, world) -> World:
    return world


def test_an_employee_refers_and_sees_only_that_it_connected(site, browser, world_live):
    world = world_live
    employee = _signed_in_page(browser, site, world.employee)
    employee.goto(
        f"{site}/staff/referrals/new/?codes=elderly_care&who=staff&age=senior&ward={world.kita.code}"
    )
    expect(employee.get_by_role("heading", level=1)).to_have_text("この方をつなぐ")
    assert axe_violations(employee) == []
    expect(employee.get_by_label("高齢者の介護・暮らし")).to_be_checked()
    employee.get_by_label(re.compile(world.service.name)).check()
    employee.get_by_role("group", name="同意した人").get_by_label("本人", exact=True).check()
    employee.get_by_label("同意の方法").select_option("oral")
    employee.get_by_label("名前・呼び方").check()
    employee.get_by_label("連絡先・連絡してよい時間").check()
    employee.get_by_label("名前・呼ばれたい名前").fill("サンプル 三郎")
    employee.get_by_label("連絡先（電話番号など）").fill("06-0000-4321")
    employee.get_by_role("button", name="つなぐ", exact=True).click()
    expect(employee.get_by_role("heading", level=1)).to_have_text("つないだ結果")
    expect(employee.locator("[data-outcome]")).to_have_text("対応中")
    assert axe_violations(employee) == []

    window = _signed_in_page(browser, site, world.window_staff)
    window.goto(f"{site}/staff/referrals/inbox/")
    assert axe_violations(window) == []
    window.locator("table a").first.click()
    expect(window.get_by_text("サンプル 三郎")).to_be_visible()
    assert axe_violations(window) == []
    detail_url = window.url
    for choice, reason in (
        ("accepted", ""),
        ("contacted", "電話で話せた"),
        ("support_started", ""),
    ):
        window.get_by_label("次の状態").select_option(choice)
        if reason:
            window.get_by_label("理由・メモ").fill(reason)
        window.get_by_role("button", name="変更する").click()
    expect(window.locator("[data-status]")).to_have_attribute("data-status", "support_started")

    employee.goto(f"{site}/staff/referrals/mine/")
    expect(employee.get_by_role("cell", name="つながった")).to_be_visible()
    body = employee.content()
    assert "電話で話せた" not in body
    assert "06-0000-4321" not in body
    assert axe_violations(employee) == []

    stranger = _signed_in_page(browser, site, world.other_window_staff)
    response = stranger.goto(detail_url)
    assert response.status == 404
    for page in (employee, window, stranger):
        page.context.close()


def test_the_referral_form_works_without_javascript(site, browser, world_live):
    world = world_live
    page = _signed_in_page(browser, site, world.employee, javascript=False)
    page.goto(f"{site}/staff/referrals/new/")
    page.get_by_label("高齢者の介護・暮らし").check()
    page.get_by_label("住んでいる区").select_option(world.kita.code)
    page.get_by_role("button", name="候補をさがす").click()
    page.get_by_label(re.compile(world.service.name)).check()
    page.get_by_label("本人が自分で連絡する（何も送らない）").check()
    page.get_by_role("group", name="同意した人").get_by_label("本人", exact=True).check()
    page.get_by_role("button", name="つなぐ", exact=True).click()
    expect(page.locator("[data-outcome]")).to_have_text("本人が連絡")
    with page.expect_download() as download:
        page.get_by_role("link", name="つなぎシート（PDF）を開く").click(modifiers=["Alt"])
    assert download.value.suggested_filename.endswith(".pdf")
    page.context.close()
