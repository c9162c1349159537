"""Browser tests of つながりナビ: the whole flow with and without JavaScript, the crisis panel
first, a phone-sized screen, the keyboard, and axe-core on every step."""

from __future__ import annotations

import importlib

import pytest
from playwright.sync_api import expect

from tsunagu.core.services import load_areas
from tsunagu.directory.models import TaxonomyTerm
from tsunagu.directory.sample import load_osaka_sample
from tsunagu.directory.services import load_national_lines

from .conftest import axe_violations

KITA = "271276"


def _trouble_taxonomy() -> None:
    """Browser tests flush the database between tests, data migrations included: put the
    trouble taxonomy back with the directory migration's own loader."""
    from django.apps import apps

    migration = importlib.import_module("tsunagu.directory.migrations.0002_trouble_taxonomy")
    if not TaxonomyTerm.objects.troubles().exists():
        migration.load(apps, None)


@pytest.fixture
def navi(site, settings):
    _trouble_taxonomy()
    load_areas(settings.TSUNAGU_DATA_DIR / "areas")
    load_national_lines()
    load_osaka_sample()
    return site


def walk_the_flow(page, base: str, text: str = "", axe: bool = True) -> None:
    page.goto(base + "/navi/")
    assert not axe or axe_violations(page) == []
    page.get_by_label("家族のこと").check()
    page.get_by_role("button", name="次へ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("困っていることを選んでください")
    assert not axe or axe_violations(page) == []
    page.get_by_label("高齢者の介護・暮らし").check()
    if text:
        page.get_by_label(
            "よろしければ、困っていることを自由に書いてください（保存されません）"
        ).fill(text)
    page.get_by_role("button", name="次へ").click()


def answer_about_and_see_results(page, axe: bool) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("困っている方について教えてください")
    assert "しんどい" not in page.url
    assert not axe or axe_violations(page) == []
    page.get_by_label("困っている方の年代").select_option("senior")
    page.get_by_label("お住まいの区").select_option(KITA)
    page.get_by_label("電話").check()
    page.get_by_role("button", name="相談先を見る").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("あなたに合いそうな相談先")
    # Outside office hours the lines open now come first, so find the ward's own window.
    first = page.locator(".navi-result", has_text="北区地域包括支援センター")
    expect(first).to_contain_text(
        "『介護』『母』から、「高齢者の介護・暮らし」のご相談と考えました。"
    )
    expect(first.get_by_role("link", name="電話する 06-0000-0231")).to_have_attribute(
        "href", "tel:06-0000-0231"
    )
    assert not axe or axe_violations(page) == []


def test_the_whole_flow_without_javascript(navi, page_without_js):
    walk_the_flow(page_without_js, navi, "母の介護でしんどい", axe=False)
    answer_about_and_see_results(page_without_js, axe=False)


def test_the_whole_flow_with_javascript_and_axe_on_every_step(navi, page):
    walk_the_flow(page, navi, "母の介護でしんどい")
    answer_about_and_see_results(page, axe=True)


def test_a_crisis_text_brings_the_crisis_panel_first(navi, page):
    walk_the_flow(page, navi, "もう消えたい。全部終わりにしたい")
    panel = page.locator("#crisis")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("link", name="110")).to_have_attribute("href", "tel:110")
    # Nothing comes before the panel in the page's main content.
    first_heading = page.locator("main h1").first
    expect(first_heading).to_have_text("とてもつらい気持ちを、教えてくれてありがとう。")
    assert "消えたい" not in page.url
    assert axe_violations(page) == []


def test_results_on_a_phone_with_print_and_qr(navi, phone_page):
    page = phone_page
    page.goto(f"{navi}/navi/results/?who=self&codes=loneliness&ward={KITA}")
    expect(page.locator(".navi-result").first).to_be_visible()
    expect(page.get_by_role("img", name="この結果のページのQRコード")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert axe_violations(page) == []
    page.get_by_role("link", name="印刷用のページ").click()
    expect(page.locator(".navi--print")).to_be_visible()


def test_the_flow_by_keyboard_alone(navi, page):
    page.goto(navi + "/navi/")
    page.get_by_label("自分のこと").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("困っていることを選んでください")
    page.get_by_label("孤独・孤立").focus()
    page.keyboard.press("Space")
    expect(page.get_by_label("孤独・孤立")).to_be_checked()


def test_furigana_in_easy_japanese(navi, page):
    page.goto(navi)
    page.get_by_role("button", name="やさしい日本語").click()
    page.goto(f"{navi}/navi/results/?codes=elderly_care&ward={KITA}")
    page.get_by_role("link", name="ふりがなを つける").click()
    expect(page.locator("ruby").first).to_be_visible()
    assert axe_violations(page) == []
