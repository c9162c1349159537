from __future__ import annotations

import pytest
from django.urls import reverse

from tsunagu.core.text_size import TEXT_SIZE_COOKIE
from tsunagu.directory.services import crisis_lines, load_national_lines


@pytest.mark.django_db
def test_home_says_what_the_site_is_for_and_offers_help_now(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("core:home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "ひとりで抱えこまなくて、だいじょうぶです" in page
    assert f'href="{reverse("core:crisis")}"' in page
    assert 'id="quick-exit"' in page
    assert '<html lang="ja"' in page
    assert 'href="#main"' in page


@pytest.mark.django_db
def test_the_quick_exit_link_works_without_javascript(client, settings):
    settings.TSUNAGU_QUICK_EXIT_URL = "https://neutral.example/"
    page = client.get(reverse("core:home")).content.decode()
    assert 'id="quick-exit" href="https://neutral.example/"' in page
    assert "閲覧の履歴は消えません" in page


@pytest.mark.django_db
def test_crisis_page_lists_emergency_numbers_then_24_hour_lines(client, django_assert_num_queries):
    load_national_lines()
    with django_assert_num_queries(2):
        page = client.get(reverse("core:crisis")).content.decode()
    assert 'href="tel:119"' in page
    assert 'href="tel:0120-279-338"' in page
    assert page.index("tel:119") < page.index("tel:0120-279-338")
    # Only high-confidence lines are shown; いのちの電話 is marked medium in the data.
    assert "0120-783-556" not in page


@pytest.mark.django_db
def test_crisis_lines_only_come_from_vetted_rows(tmp_path):
    data = tmp_path / "lines.csv"
    data.write_text(
        "key,name,number_or_channel,hours_as_reported,who,categories,source,confidence\n"
        "emergency_fire_ambulance,消防・救急,119,24時間,誰でも,suicidal,x,high\n"
        "unvetted,サンプル線,06-0000-0001,24時間,誰でも,suicidal,x,medium\n"
        "daytime,サンプル昼,06-0000-0002,平日9時～17時,誰でも,suicidal,x,high\n"
        "allday,サンプル終日,06-0000-0003,24時間,誰でも,suicidal,x,high\n",
        encoding="utf-8",
    )
    load_national_lines(data)
    lines = crisis_lines()
    assert [(line.number, line.emergency) for line in lines] == [
        ("119", True),
        ("06-0000-0003", False),
    ]


@pytest.mark.django_db
def test_crisis_page_still_names_110_and_119_when_the_directory_is_empty(client):
    page = client.get(reverse("core:crisis")).content.decode()
    assert "119" in page
    assert "110" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "text", "lang_attr"),
    [
        ("en", "You do not have to face it alone", "en"),
        ("ja-easy", "ひとりで なやまなくて だいじょうぶです", "ja"),
        ("ja", "ひとりで抱えこまなくて、だいじょうぶです", "ja"),
    ],
)
def test_the_language_switcher_changes_the_language(client, language, text, lang_attr):
    response = client.post(
        reverse("set_language"), {"language": language, "next": reverse("core:home")}
    )
    assert response.status_code == 302
    page = client.get(reverse("core:home")).content.decode()
    assert text in page
    assert f'<html lang="{lang_attr}"' in page


@pytest.mark.django_db
def test_text_size_is_remembered_without_javascript(client):
    response = client.post(reverse("core:set_text_size"), {"size": "larger", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[TEXT_SIZE_COOKIE].value == "larger"
    page = client.get("/").content.decode()
    assert 'class="text-larger"' in page


@pytest.mark.django_db
def test_an_unknown_text_size_is_ignored(client):
    response = client.post(reverse("core:set_text_size"), {"size": "huge", "next": "/"})
    assert TEXT_SIZE_COOKIE not in response.cookies
    client.cookies[TEXT_SIZE_COOKIE] = "huge"
    assert 'class="text-standard"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_text_size_never_redirects_off_site(client):
    response = client.post(
        reverse("core:set_text_size"), {"size": "large", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_text_size_needs_a_post(client):
    assert client.get(reverse("core:set_text_size")).status_code == 405


@pytest.mark.django_db
def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert client.post("/healthz").status_code == 405
