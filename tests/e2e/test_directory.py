from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tsunagu.core.services import load_areas
from tsunagu.directory.models import Service
from tsunagu.directory.sample import load_osaka_sample
from tsunagu.directory.services import load_national_lines

from .conftest import axe_violations


@pytest.fixture
def directory_site(site, settings):
    load_areas(settings.TSUNAGU_DATA_DIR / "areas")
    load_national_lines()
    load_osaka_sample()
    return site


def test_the_directory_list_is_axe_clean(directory_site, page):
    page.goto(directory_site + "/directory/?ward=271276")
    assert axe_violations(page) == []


def test_the_directory_can_be_searched_without_javascript(directory_site, page_without_js):
    page = page_without_js
    page.goto(directory_site + "/directory/")
    page.get_by_label("住んでいる区").select_option(label="北区")
    page.get_by_label("困りごと").select_option(label="高齢者の介護・暮らし")
    page.get_by_role("button", name="さがす").click()
    expect(page.get_by_role("link", name="サンプル 北区地域包括支援センター")).to_be_visible()
    expect(page.locator(".sample-badge").first).to_be_visible()


def test_the_entry_page_is_axe_clean_on_a_phone_and_reachable_by_keyboard(
    directory_site, phone_page
):
    service = Service.objects.get(name="サンプル 北区地域包括支援センター")
    phone_page.goto(f"{directory_site}/directory/{service.pk}/")
    assert axe_violations(phone_page) == []
    heading = phone_page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("サンプル 北区地域包括支援センター")
    tel = phone_page.locator('a[href^="tel:06-0000-"]').first
    expect(tel).to_be_visible()
    tel.focus()
    expect(tel).to_be_focused()


def test_the_crisis_page_reads_the_directory(directory_site, page):
    page.goto(directory_site + "/ima-hanashitai/")
    expect(page.locator('a[href="tel:119"]')).to_be_visible()
    assert axe_violations(page) == []


def test_the_correction_form_is_axe_clean_and_works_without_javascript(
    directory_site, page, page_without_js
):
    service = Service.objects.get(name="サンプル 北区ふれあいサロン")
    page.goto(f"{directory_site}/directory/{service.pk}/correction/")
    assert axe_violations(page) == []
    page_without_js.goto(f"{directory_site}/directory/{service.pk}/")
    page_without_js.get_by_role("link", name="この情報の誤りを知らせる").click()
    page_without_js.get_by_label("受付時間が違う").check()
    page_without_js.get_by_role("button", name="送る").click()
    expect(page_without_js.get_by_role("status")).to_contain_text("ありがとうございます")
