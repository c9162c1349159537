from __future__ import annotations

import re

from playwright.sync_api import expect

from tsunagu.directory.services import load_national_lines

from .conftest import QUICK_EXIT_URL, axe_violations


def test_the_home_page_renders_with_help_always_on_screen(site, page):
    page.goto(site)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "ひとりで抱えこまなくて、だいじょうぶです"
    )
    expect(page.get_by_role("link", name="いますぐ話したいとき")).to_be_visible()
    page.mouse.wheel(0, 3000)
    expect(page.get_by_role("link", name="いますぐ話したいとき")).to_be_in_viewport()


def test_the_language_switcher_changes_the_language(site, page):
    page.goto(site)
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have to face it alone")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="やさしい日本語").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "ひとりで なやまなくて だいじょうぶです"
    )


def test_the_quick_exit_button_leaves_the_site(site, page):
    page.goto(site)
    entries_before = page.evaluate("history.length")
    page.get_by_role("link", name=re.compile("すぐにこのページを閉じる")).click()
    expect(page).to_have_url(QUICK_EXIT_URL)
    # replace(): the page that was open is swapped out, so Back does not return to it.
    assert page.evaluate("history.length") == entries_before


def test_the_escape_key_leaves_the_site(site, page):
    page.goto(site)
    page.keyboard.press("Escape")
    expect(page).to_have_url(QUICK_EXIT_URL)


def test_the_quick_exit_works_without_javascript(site, page_without_js):
    page_without_js.goto(site)
    page_without_js.get_by_role("link", name=re.compile("すぐにこのページを閉じる")).click()
    expect(page_without_js).to_have_url(QUICK_EXIT_URL)


def test_language_and_text_size_work_without_javascript(site, page_without_js):
    page = page_without_js
    page.goto(site)
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have to face it alone")
    page.get_by_role("button", name="Larger").click()
    expect(page.locator("html")).to_have_class("text-larger")
    expect(page.get_by_role("button", name="Larger")).to_have_attribute("aria-pressed", "true")


def test_the_skip_link_is_the_first_stop_for_the_keyboard(site, page):
    page.goto(site)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="本文へ移動")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_the_crisis_page_puts_the_numbers_first(site, page):
    load_national_lines()
    page.goto(site)
    page.get_by_role("link", name="いますぐ話したいとき").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("いますぐ話したいとき")
    expect(page.locator("a[href='tel:119']")).to_be_visible()
    expect(page.locator("a[href='tel:0120-279-338']")).to_be_visible()


def test_the_home_page_fits_a_phone_screen(site, phone_page):
    phone_page.goto(site)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    expect(phone_page.get_by_role("link", name="いますぐ話したいとき")).to_be_in_viewport()


def test_axe_finds_no_serious_problems_on_the_home_page(site, page):
    page.goto(site)
    assert axe_violations(page) == []


def test_axe_finds_no_serious_problems_on_the_crisis_page(site, page):
    load_national_lines()
    page.goto(site + "/ima-hanashitai/")
    assert axe_violations(page) == []


def test_axe_finds_no_serious_problems_in_easy_japanese_and_english(site, page):
    for language in ("やさしい日本語", "English"):
        page.goto(site)
        page.get_by_role("button", name=language).click()
        assert axe_violations(page) == [], language
