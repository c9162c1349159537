"""Shared copies of the results (NAV-12): who gets them, and when they stop being used."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import caches
from django.test import Client

from tests.accounts import factories as accounts
from tests.directory import factories
from tsunagu.core.models import Area
from tsunagu.directory import review
from tsunagu.directory.changes import GENERATION_KEY, note_directory_changed
from tsunagu.directory.hours import TOKYO
from tsunagu.navigator import caching
from tsunagu.navigator.results import next_office_boundary

pytestmark = pytest.mark.django_db

KITA = accounts.KITA_WARD
RESULTS = f"/navi/results/?who=self&codes=work&ward={KITA}"
API = f"/api/v1/navigator/results?who=self&codes=work&ward={KITA}"
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=TOKYO)


@pytest.fixture
def kita_window(areas):
    return factories.service(
        name="サンプル 北区しごと相談",
        codes=("work",),
        areas=(Area.objects.get(code=KITA),),
        weekly="MO,TU,WE,TH,FR 09:00-17:30",
    )


@pytest.fixture
def long_flush(settings):
    # Usage counts wait in the process, as in production, so a hit needs no query at all.
    settings.TSUNAGU_USAGE_FLUSH_SECONDS = 3600


def test_a_second_visitor_gets_the_shared_page_without_a_query(
    kita_window, long_flush, django_assert_num_queries
):
    Client().get(RESULTS)
    with django_assert_num_queries(0):
        second = Client().get(RESULTS)
    assert second.status_code == 200
    assert "サンプル 北区しごと相談" in second.content.decode()


def test_each_visitor_gets_their_own_csrf_token_and_the_forms_work(kita_window):
    pages, tokens = [], []
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        response = visitor.get(RESULTS)
        page = response.content.decode()
        assert caching.CSRF_PLACEHOLDER not in page
        token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        tokens.append(token)
        pages.append(page)
        # The language form of a shared page is accepted for this visitor...
        changed = visitor.post(
            "/i18n/setlang/",
            {"language": "en", "next": RESULTS, "csrfmiddlewaretoken": token},
        )
        assert changed.status_code == 302
    assert tokens[0] != tokens[1]
    # ...and both pages are otherwise the same copy.
    assert pages[0].replace(tokens[0], "") == pages[1].replace(tokens[1], "")


def test_a_token_from_someone_elses_page_is_refused(kita_window):
    first = Client(enforce_csrf_checks=True)
    page = first.get(RESULTS).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    other = Client(enforce_csrf_checks=True)
    other.get(RESULTS)
    refused = other.post("/i18n/setlang/", {"language": "en", "csrfmiddlewaretoken": token})
    assert refused.status_code == 403


def test_signed_in_staff_never_get_or_leave_a_shared_copy(kita_window, client):
    anonymous = Client().get(RESULTS).content.decode()
    assert "この方をつなぐ" not in anonymous
    staff = accounts.member("staff-cache@example.jp", accounts.organisation())
    client.force_login(staff)
    assert "この方をつなぐ" in client.get(RESULTS).content.decode()
    # The staff page was not kept for the next anonymous visitor either.
    assert "この方をつなぐ" not in Client().get(RESULTS).content.decode()


def test_languages_and_text_sizes_get_their_own_copies(kita_window):
    japanese = Client().get(RESULTS).content.decode()
    english = Client(headers={"accept-language": "en"}).get(RESULTS).content.decode()
    large = Client()
    large.cookies["tsunagu_text_size"] = "larger"
    assert 'lang="ja"' in japanese and 'lang="en"' in english
    assert 'class="text-larger"' in large.get(RESULTS).content.decode()


def test_an_approved_directory_change_shows_at_once(
    kita_window, django_capture_on_commit_callbacks
):
    assert "サンプル 北区しごと相談" in Client().get(RESULTS).content.decode()
    city = accounts.organisation(accounts.OSAKA_CITY, "テスト福祉局", "city_department")
    editor = accounts.member(
        "editor-cache@example.jp",
        city,
        "directory.service.edit",
        "directory.service.approve",
    )
    with django_capture_on_commit_callbacks(execute=True):
        review.propose_change(kita_window, editor, {"name": "サンプル 北区しごとの窓口"})
    page = Client().get(RESULTS).content.decode()
    assert "サンプル 北区しごとの窓口" in page
    assert "サンプル 北区しごと相談" not in page


def test_the_api_is_shared_too_but_not_with_an_explicit_moment(
    kita_window, django_assert_num_queries
):
    first = Client().get(API)
    with django_assert_num_queries(0):
        second = Client().get(API)
    assert second.json() == first.json()
    assert second["Content-Type"].startswith("application/json")
    at = "2026-11-25T22:00:00%2B09:00"
    night = Client().get(f"{API}&at={at}").json()
    assert night["after_hours"] is True
    assert night["at"].startswith("2026-11-25T22:00")


# --- caching.shared on its own --------------------------------------------------------


def _builder(values):
    calls = []

    def build():
        calls.append(1)
        return values[len(calls) - 1]

    return build, calls


def test_a_copy_is_used_until_the_moment_it_stops_being_true():
    build, calls = _builder([("before", NOW + dt.timedelta(minutes=1)), ("after", None)])
    assert caching.shared("k", NOW, build) == "before"
    assert caching.shared("k", NOW + dt.timedelta(seconds=59), build) == "before"
    assert caching.shared("k", NOW + dt.timedelta(seconds=61), build) == "after"
    assert len(calls) == 2


def test_a_copy_lives_at_most_the_configured_time(settings):
    settings.TSUNAGU_NAVI_CACHE_SECONDS = 60
    build, _calls = _builder([("one", None), ("two", None)])
    caching.shared("k", NOW, build)
    assert caching.shared("k", NOW + dt.timedelta(seconds=61), build) == "two"


def test_a_directory_change_retires_every_copy(django_capture_on_commit_callbacks):
    build, _calls = _builder([("old", None), ("new", None)])
    caching.shared("k", NOW, build)
    with django_capture_on_commit_callbacks(execute=True):
        note_directory_changed()
    assert caching.shared("k", NOW, build) == "new"


def test_the_directory_token_is_asked_for_at_most_once_per_interval(settings):
    settings.TSUNAGU_DIRECTORY_CHECK_SECONDS = 3600
    caching._generation = ("", float("-inf"))
    build, _calls = _builder([("old", None), ("new", None)])
    caching.shared("k", NOW, build)
    caches["default"].set(GENERATION_KEY, "changed-elsewhere")
    # Within the interval this process has not asked again: the copy is still used.
    assert caching.shared("k", NOW, build) == "old"
    caching._generation = ("", float("-inf"))  # the interval has passed
    assert caching.shared("k", NOW, build) == "new"


def test_a_copy_built_by_another_process_is_taken_from_the_shared_cache():
    build, _calls = _builder([("built here", None)])
    caching.shared("k", NOW, build)
    caches["local"].clear()  # another process: its own memory is empty
    other_build, other_calls = _builder([("built again", None)])
    assert caching.shared("k", NOW, other_build) == "built here"
    assert not other_calls


def test_nothing_is_kept_when_sharing_is_off(settings):
    settings.TSUNAGU_NAVI_CACHE_SECONDS = 0
    build, _calls = _builder([("one", None), ("two", None)])
    assert caching.shared("k", NOW, build) == "one"
    assert caching.shared("k", NOW, build) == "two"


@pytest.mark.parametrize(
    ("local", "boundary"),
    [
        ((8, 59), (9, 0)),
        ((9, 0), (17, 30)),
        ((17, 29), (17, 30)),
        ((17, 30), (24, 0)),
        ((23, 59), (24, 0)),
    ],
)
def test_the_next_office_boundary(local, boundary):
    moment = dt.datetime(2026, 11, 25, *local, tzinfo=TOKYO)
    expected = dt.datetime(2026, 11, 25, 0, 0, tzinfo=TOKYO) + dt.timedelta(
        hours=boundary[0], minutes=boundary[1]
    )
    assert next_office_boundary(moment) == expected


def test_results_say_when_they_stop_being_true(areas):
    kita = Area.objects.get(code=KITA)
    factories.service(
        name="サンプル 午前だけの窓口", codes=("work",), areas=(kita,), weekly="WE 10:00-12:00"
    )
    from tsunagu.navigator.choices import Choices
    from tsunagu.navigator.services import navigator_results

    choices = Choices(codes=("work",), ward=KITA)
    early = dt.datetime(2026, 11, 25, 8, 30, tzinfo=TOKYO)  # a Wednesday
    # Office hours begin first...
    assert navigator_results(choices, early).changes_at == early.replace(hour=9, minute=0)
    # ...then the window opens...
    later = early.replace(hour=9, minute=30)
    assert navigator_results(choices, later).changes_at == later.replace(hour=10, minute=0)
    # ...and, open, it closes at noon.
    open_now = early.replace(hour=10, minute=30)
    assert navigator_results(choices, open_now).changes_at == open_now.replace(hour=12, minute=0)


def test_a_shared_cache_that_lost_its_token_retires_every_copy():
    build, _calls = _builder([("before", None), ("after", None)])
    caching.shared("k", NOW, build)
    caches["default"].delete(GENERATION_KEY)  # Redis restarted empty
    assert caching.shared("k", NOW, build) == "after"
