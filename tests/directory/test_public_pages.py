from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse

from tsunagu.directory.hours import TOKYO
from tsunagu.directory.models import Service, ServiceStatus
from tsunagu.directory.sample import load_osaka_sample
from tsunagu.directory.services import load_national_lines

pytestmark = pytest.mark.django_db

KITA = "271276"


@pytest.fixture
def directory(areas):
    load_national_lines()
    load_osaka_sample()


def test_the_list_shows_entries_with_the_sample_badge(client, directory):
    page = client.get(reverse("directory:list")).content.decode()
    assert "相談先をさがす" in page
    assert 'class="sample-badge"' in page
    assert "件見つかりました" in page


def test_the_list_filters_by_ward_code_and_kind(client, directory):
    response = client.get(
        reverse("directory:list"), {"ward": KITA, "code": "elderly_care", "kind": "window"}
    )
    page = response.content.decode()
    assert "サンプル 北区地域包括支援センター" in page
    assert "サンプル 都島区地域包括支援センター" not in page
    assert "ふれあいサロン" not in page
    assert response.context["result"].total == 1


def test_the_list_search_folds_width_and_kana(client, directory):
    response = client.get(reverse("directory:list"), {"q": "ｻﾛﾝ", "ward": KITA})
    assert [s.name for s in response.context["result"].page] == ["サンプル 北区ふれあいサロン"]


def test_open_now_uses_the_schedules(client, directory, monkeypatch):
    # A Tuesday night: only the 24-hour lines and the night line are open.
    night = dt.datetime(2026, 11, 24, 23, 0, tzinfo=TOKYO)
    monkeypatch.setattr("django.utils.timezone.now", lambda: night)
    response = client.get(reverse("directory:list"), {"open_now": "on", "ward": KITA})
    names = {s.name for s in response.context["result"].page}
    assert "サンプル 夜間こころの電話" in names
    assert "よりそいホットライン" in names
    assert "サンプル 北区地域包括支援センター" not in names


def test_the_list_takes_a_bounded_number_of_queries(
    client, directory, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        client.get(reverse("directory:list"), {"ward": KITA, "page": "2"})
    with django_assert_max_num_queries(12):
        client.get(reverse("directory:list"), {"open_now": "on"})


def test_pages_keep_the_filters(client, directory):
    page = client.get(reverse("directory:list"), {"kind": "window"}).content.decode()
    assert "kind=window&amp;page=2" in page


def test_the_entry_page_shows_hours_phone_what_to_say_and_address(
    client, directory, django_assert_max_num_queries
):
    service = Service.objects.get(name="サンプル 北区地域包括支援センター")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("directory:service", args=[service.pk])).content.decode()
    assert 'href="tel:06-0000-' in page
    assert service.what_to_say in page
    assert "平日 9:00〜17:30" in page
    assert "祝日と年末年始" in page
    assert "北区サンプル町" in page
    assert "内容を確かめました" in page
    assert 'class="sample-badge"' in page
    assert "高齢者の介護・暮らし" in page


def test_a_hidden_address_is_never_shown(client, directory):
    service = Service.objects.get(name="サンプル 北区地域包括支援センター")
    location = service.service_at_locations.get().location
    location.address_hidden = True
    location.save()
    page = client.get(reverse("directory:service", args=[service.pk])).content.decode()
    assert "北区サンプル町" not in page
    assert "住所はのせていません" in page


def test_short_codes_get_escaped_tel_links(client, directory):
    service = Service.objects.get(name="DV相談ナビ")
    page = client.get(reverse("directory:service", args=[service.pk])).content.decode()
    assert 'href="tel:%238008"' in page


def test_unknown_and_defunct_entries_are_404(client, directory):
    assert client.get(reverse("directory:service", args=[uuid.uuid4()])).status_code == 404
    service = Service.objects.first()
    service.status = ServiceStatus.DEFUNCT
    service.save()
    assert client.get(reverse("directory:service", args=[service.pk])).status_code == 404


def test_template_and_export_downloads(client, directory):
    response = client.get(reverse("directory:template_csv"))
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert "attachment" in response["Content-Disposition"]
    response = client.get(reverse("directory:template_xlsx"))
    assert response.content[:2] == b"PK"
    response = client.get(reverse("directory:export_csv"))
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert "サンプル 北区地域包括支援センター" in response.content.decode("utf-8-sig")


def test_the_list_filters_by_language(client, directory):
    response = client.get(reverse("directory:list"), {"language": "vi"})
    assert [s.name for s in response.context["result"].page] == ["サンプル 大阪市多言語相談"]
