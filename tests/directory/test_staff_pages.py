from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.accounts import factories as accounts
from tsunagu.core.models import Area, AuditEntry
from tsunagu.directory.models import ChangeStatus, Service, ServiceChange

from . import factories

pytestmark = pytest.mark.django_db

EDIT = "directory.service.edit"
APPROVE = "directory.service.approve"


@pytest.fixture
def kita_service(areas):
    kita = Area.objects.get(code=accounts.KITA_WARD)
    return factories.service(
        name="サンプル 北区の窓口",
        areas=(kita,),
        weekly="MO,TU,WE,TH,FR 09:00-17:30",
        last_verified_at=timezone.now() - dt.timedelta(days=200),
    )


@pytest.fixture
def window_staff(areas):
    return accounts.member("window@example.jp", accounts.organisation(), EDIT)


@pytest.fixture
def editor(areas):
    city = accounts.organisation(accounts.OSAKA_CITY, "テスト福祉局", "city_department")
    return accounts.member("editor@example.jp", city, EDIT, APPROVE)


def edit_data(service, **changes):
    data = {
        "name": service.name,
        "kana": service.kana,
        "description": service.description,
        "what_to_say": service.what_to_say,
        "hours_note": service.hours_note,
        "phone": service.main_phone.number,
        "hours": "平日 09:00-17:30",
        "is_free": "on" if service.is_free else "",
        "is_anonymous": "on" if service.is_anonymous else "",
        "status": service.status,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


@pytest.mark.parametrize(
    "who", ["anonymous", "outsider", "member_without_permission", "window_staff"]
)
def test_the_edit_page_permission_matrix(client, kita_service, areas, who):
    url = reverse("directory:staff_edit", args=[kita_service.pk])
    if who == "outsider":
        other = accounts.organisation(accounts.MIYAKOJIMA_WARD, "都島区役所")
        client.force_login(accounts.member("out@example.jp", other, EDIT))
    elif who == "member_without_permission":
        client.force_login(accounts.member("none@example.jp", accounts.organisation()))
    elif who == "window_staff":
        client.force_login(accounts.member("w@example.jp", accounts.organisation(), EDIT))
    get = client.get(url)
    post = client.post(url, edit_data(kita_service, phone="06-0000-7777"))
    expected = {"anonymous": 302, "outsider": 404, "member_without_permission": 404}
    if who in expected:
        assert get.status_code == expected[who]
        assert post.status_code == expected[who]
        assert not ServiceChange.objects.exists()
        assert Service.objects.get(pk=kita_service.pk).main_phone.number == "06-0000-0100"
    else:
        assert get.status_code == 200
        assert post.status_code == 302


def test_window_staff_changes_wait_for_an_editor(client, kita_service, window_staff, editor):
    client.force_login(window_staff)
    client.post(
        reverse("directory:staff_edit", args=[kita_service.pk]),
        edit_data(kita_service, phone="06-0000-7777", hours="平日 10:00-16:00"),
    )
    change = ServiceChange.objects.get()
    assert change.status == ChangeStatus.PENDING
    assert set(change.changes) == {"phone", "hours"}
    assert Service.objects.get(pk=kita_service.pk).main_phone.number == "06-0000-0100"
    # Window staff cannot approve their own change.
    response = client.post(
        reverse("directory:staff_change_decide", args=[change.pk]), {"decision": "approve"}
    )
    assert response.status_code == 404

    client.force_login(editor)
    page = client.get(reverse("directory:staff_changes")).content.decode()
    assert "06-0000-7777" in page
    client.post(reverse("directory:staff_change_decide", args=[change.pk]), {"decision": "approve"})
    service = Service.objects.with_details().get(pk=kita_service.pk)
    assert service.main_phone.number == "06-0000-7777"
    assert [(s.opens_at, s.closes_at) for s in service.schedules.all()] == [
        (dt.time(10), dt.time(16))
    ]
    assert service.verified_by == editor
    assert AuditEntry.objects.filter(action="directory.change.approved").exists()


def test_the_approval_queue_lists_only_the_editors_area_in_a_fixed_number_of_queries(
    client, areas, django_assert_max_num_queries
):
    miyakojima = Area.objects.get(code=accounts.MIYAKOJIMA_WARD)
    kita = Area.objects.get(code=accounts.KITA_WARD)
    proposer = accounts.member("p@example.jp", accounts.organisation(), EDIT)
    for number, area in enumerate([kita, kita, kita, miyakojima, None]):
        entry = factories.service(name=f"サンプル 窓口{number}", areas=(area,))
        ServiceChange.objects.create(
            service=entry, proposed_by=proposer, changes={"phone": ["06-0000-0100", "x"]}
        )
    ward_editor = accounts.member(
        "ward-editor@example.jp",
        accounts.organisation(accounts.KITA_WARD, "北区役所", "ward_office"),
        EDIT,
        APPROVE,
    )
    client.force_login(ward_editor)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("directory:staff_changes")).content.decode()
    shown = {f"サンプル 窓口{n}" for n in range(5) if f"サンプル 窓口{n}" in page}
    # 北区 entries and the nation-wide one (an approver anywhere may approve those).
    assert shown == {"サンプル 窓口0", "サンプル 窓口1", "サンプル 窓口2", "サンプル 窓口4"}


def test_an_editor_saves_directly_and_history_is_kept(client, kita_service, editor):
    client.force_login(editor)
    client.post(
        reverse("directory:staff_edit", args=[kita_service.pk]),
        edit_data(kita_service, what_to_say="「相談したいです」と言ってください。"),
    )
    change = ServiceChange.objects.get()
    assert change.status == ChangeStatus.APPROVED
    assert Service.objects.get(pk=kita_service.pk).what_to_say.startswith("「相談")
    page = client.get(reverse("directory:staff_edit", args=[kita_service.pk])).content.decode()
    assert "what_to_say" in page


def test_bad_input_gets_field_messages_and_changes_nothing(client, kita_service, editor):
    client.force_login(editor)
    response = client.post(
        reverse("directory:staff_edit", args=[kita_service.pk]),
        edit_data(kita_service, phone="06-1234", hours="いつでも"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "「06-1234」は電話番号の形ではありません" in page
    assert "「平日 9:00-17:30」のように" in page
    assert not ServiceChange.objects.exists()


def test_the_stale_list_and_confirming_an_entry(client, kita_service, window_staff):
    client.force_login(window_staff)
    page = client.get(reverse("directory:staff_stale")).content.decode()
    assert kita_service.name in page
    client.post(reverse("directory:staff_confirm", args=[kita_service.pk]))
    service = Service.objects.get(pk=kita_service.pk)
    assert timezone.now() - service.last_verified_at < dt.timedelta(minutes=1)
    assert service.verified_by == window_staff
    assert kita_service.name not in client.get(reverse("directory:staff_stale")).content.decode()


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/directory/staff/", "/directory/staff/"),
        ("https://evil.example/", "/directory/staff/stale/"),
    ],
)
def test_confirming_returns_only_to_pages_of_this_site(
    client, kita_service, window_staff, next_url, expected
):
    client.force_login(window_staff)
    response = client.post(
        reverse("directory:staff_confirm", args=[kita_service.pk]), {"next": next_url}
    )
    assert response["Location"] == expected


def test_staff_list_shows_only_the_staff_members_area(client, kita_service, areas):
    other = factories.service(
        name="サンプル 都島区の窓口", areas=(Area.objects.get(code=accounts.MIYAKOJIMA_WARD),)
    )
    client.force_login(accounts.member("w2@example.jp", accounts.organisation(), EDIT))
    page = client.get(reverse("directory:staff_list")).content.decode()
    assert kita_service.name in page
    assert other.name not in page


def test_the_import_page_is_for_editors_and_dry_runs_first(client, areas, editor, window_staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tsunagu.directory.tabular import template_csv

    client.force_login(window_staff)
    assert client.get(reverse("directory:staff_import")).status_code == 404
    client.force_login(editor)
    upload = SimpleUploadedFile("t.csv", template_csv(), content_type="text/csv")
    page = client.post(
        reverse("directory:staff_import"), {"file": upload, "dry_run": "on"}
    ).content.decode()
    assert "新規 1 件" in page
    assert not Service.objects.exists()
    upload = SimpleUploadedFile("t.csv", template_csv(), content_type="text/csv")
    client.post(reverse("directory:staff_import"), {"file": upload})
    assert Service.objects.count() == 1
