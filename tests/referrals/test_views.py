import dataclasses
import uuid

from django.urls import reverse
from django.utils import timezone

from tests.referrals.conftest import sign_in_client
from tsunagu.referrals import services, sheet
from tsunagu.referrals.models import Referral

# Measured with the forwarding chain loaded alongside the list; before, each link added one (11).
MINE_QUERIES = 9
# Measured with four referrals in three states (13 with a single pending one).
INBOX_QUERIES = 14
WARD_QUERIES = 12  # the same with one referral or four


def _form(world, **changes):
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "trouble_codes": ["elderly_care"],
        "note": "母親の介護で眠れていないようす",
        "ward": world.kita.code,
        "age_band": "middle",
        "noticed_as": "staff",
        "service": str(world.service.pk),
        "delivery": "send",
        "person_name": "サンプル 太郎",
        "contact_details": "06-0000-5678",
        "contact_time": "夕方",
        "consent_giver": "person",
        "consent_method": "oral",
        "consent_on": timezone.localdate().isoformat(),
        "shared_items": ["name", "contact", "note"],
    }
    data.update(changes)
    return data


def test_the_form_is_prefilled_from_the_navigator_link(client, world):
    sign_in_client(client, world.employee)
    url = (
        reverse("referrals:new")
        + f"?codes=elderly_care,nonsense&who=family&age=senior&ward={world.kita.code}"
    )
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["trouble_codes"] == ["elderly_care"]
    assert form.initial["age_band"] == "senior"
    assert world.service in form.suggestions
    assert world.naniwa_service not in form.suggestions
    assert world.service.name in response.content.decode()


def test_finding_candidates_does_not_submit(client, world):
    sign_in_client(client, world.employee)
    response = client.post(reverse("referrals:new"), {**_form(world), "find": "1"})
    assert response.status_code == 200
    assert not Referral.objects.exists()


def test_it_records_the_referral_and_shows_the_outcome_page(client, world):
    sign_in_client(client, world.employee)
    response = client.post(reverse("referrals:new"), _form(world))
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:mine_detail", args=[referral.uuid])
    assert referral.person_name == "サンプル 太郎"
    page = client.get(response["Location"]).content.decode()
    assert "対応中" in page
    assert "サンプル 太郎" not in page


def test_a_double_submission_makes_one_referral(client, world):
    sign_in_client(client, world.employee)
    data = _form(world)
    first = client.post(reverse("referrals:new"), data)
    second = client.post(reverse("referrals:new"), data)
    assert Referral.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_missing_consent_is_named_in_the_form(client, world):
    sign_in_client(client, world.employee)
    response = client.post(
        reverse("referrals:new"),
        _form(world, consent_giver="none", consent_method="", consent_on=""),
    )
    assert response.status_code == 400
    assert "送る根拠を選んでください" in response.content.decode()
    assert not Referral.objects.exists()


def test_an_inactive_destination_is_refused_with_a_suggestion(client, world):
    world.service.status = "inactive"
    world.service.save()
    from tests.directory import factories as directory
    from tsunagu.referrals.models import ReceivingWindow

    replacement = directory.service(
        name="サンプル北区 見守り相談", codes=("elderly_care",), areas=(world.kita,)
    )
    ReceivingWindow.objects.create(service=replacement, organisation=world.kita_window)
    sign_in_client(client, world.employee)
    response = client.post(reverse("referrals:new"), _form(world))
    page = response.content.decode()
    assert response.status_code == 400
    assert "休止" in page
    assert "サンプル北区 見守り相談" in page
    assert not Referral.objects.exists()


def test_the_window_accepts_and_closes_from_the_detail_page(client, world, submitted):
    sign_in_client(client, world.window_staff)
    url = reverse("referrals:change_status", args=[submitted.uuid])
    assert client.post(url, {"status": "accepted"}).status_code == 302
    assert (
        client.post(url, {"status": "contacted", "reason": "電話がつながった"}).status_code == 302
    )
    assert client.post(url, {"status": "support_started"}).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "support_started"
    sign_in_client(client, world.employee)
    page = client.get(reverse("referrals:mine")).content.decode()
    assert "つながった" in page
    assert "電話がつながった" not in page


def _forwarded_twice(world):
    """A referral forwarded to another window and back again, so the chain has two links."""
    first = services.submit_referral(world.draft(), actor=world.employee)
    services.accept_referral(first.uuid, actor=world.window_staff)
    second = services.forward_referral(
        first.uuid, actor=world.window_staff, service=world.naniwa_service, reason="住所が浪速区"
    )
    services.accept_referral(second.uuid, actor=world.other_window_staff)
    third = services.forward_referral(
        second.uuid, actor=world.other_window_staff, service=world.service, reason="北区に戻る"
    )
    services.accept_referral(third.uuid, actor=world.window_staff)
    services.record_contact(third.uuid, actor=world.window_staff)
    services.close_referral(third.uuid, actor=world.window_staff, outcome="support_started")
    return first


def test_my_referrals_follow_forwarding_without_a_query_per_referral(
    client, world, django_assert_max_num_queries
):
    forwarded = _forwarded_twice(world)
    for _ in range(3):
        services.submit_referral(world.draft(), actor=world.employee)
    sign_in_client(client, world.employee)
    # Four referrals, one forwarded twice: a query per forwarding link would exceed this.
    with django_assert_max_num_queries(MINE_QUERIES):
        page = client.get(reverse("referrals:mine")).content.decode()
    assert page.count(reverse("referrals:mine_detail", args=[forwarded.uuid])) >= 1
    assert "つながった" in page
    assert page.count("対応中") >= 3


def test_a_second_acceptance_gets_a_clear_message(client, world, submitted):
    services.accept_referral(submitted.uuid, actor=world.window_staff)
    sign_in_client(client, world.window_colleague)
    response = client.post(
        reverse("referrals:change_status", args=[submitted.uuid]), {"status": "accepted"}
    )
    assert response.status_code == 409
    assert "受付済みにしています" in response.content.decode()


def test_a_transition_not_allowed_is_explained_and_changes_nothing(client, world, submitted):
    sign_in_client(client, world.window_staff)
    response = client.post(
        reverse("referrals:change_status", args=[submitted.uuid]), {"status": "support_started"}
    )
    assert response.status_code == 409
    assert "次に選べるのは" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == "pending"


def test_the_detail_page_shows_the_person_to_the_window(client, world, submitted):
    sign_in_client(client, world.window_staff)
    page = client.get(reverse("referrals:detail", args=[submitted.uuid])).content.decode()
    assert "サンプル 花子" in page
    assert "06-0000-1234" in page


def test_the_sheet_is_a_pdf_without_the_person(client, world, submitted, monkeypatch):
    rendered = []
    real_render = sheet.render_sheet

    def spy(content):
        rendered.append(content)
        return real_render(content)

    # The PDF text is compressed, so check what the view handed to the renderer.
    monkeypatch.setattr(sheet, "render_sheet", spy)
    sign_in_client(client, world.employee)
    response = client.get(reverse("referrals:sheet", args=[submitted.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    [content] = rendered
    text = repr(dataclasses.asdict(content))
    assert world.service.name in text
    for personal in ("サンプル 花子", "06-0000-1234", "平日の午前", "眠れない"):
        assert personal not in text
        assert personal.encode() not in response.content


def _several(world, submitted):
    """Four referrals in different states, so a query per row would show in the counts."""
    others = [services.submit_referral(world.draft(), actor=world.employee) for _ in range(3)]
    services.accept_referral(others[0].uuid, actor=world.window_staff)
    services.accept_referral(others[1].uuid, actor=world.window_staff)
    services.record_contact(others[1].uuid, actor=world.window_staff)
    return [submitted, *others]


def test_the_inbox_lists_without_personal_details(
    client, world, submitted, django_assert_max_num_queries
):
    referrals = _several(world, submitted)
    sign_in_client(client, world.window_staff)
    with django_assert_max_num_queries(INBOX_QUERIES):
        page = client.get(reverse("referrals:inbox")).content.decode()
    for referral in referrals:
        assert reverse("referrals:detail", args=[referral.uuid]) in page
    assert "サンプル 花子" not in page


def test_the_ward_list_and_figures_render(client, world, submitted, django_assert_max_num_queries):
    referrals = _several(world, submitted)
    sign_in_client(client, world.coordinator)
    with django_assert_max_num_queries(WARD_QUERIES):
        page = client.get(reverse("referrals:ward")).content.decode()
    for referral in referrals:
        assert str(referral.uuid) in page
    with django_assert_max_num_queries(15):
        page = client.get(reverse("referrals:figures")).content.decode()
    assert world.kita.name in page


def test_notices_are_listed_and_marked_read(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_referral(world.draft(), actor=world.employee)
    sign_in_client(client, world.window_staff)
    page = client.get(reverse("referrals:notices")).content.decode()
    assert "新しいつなぎが届きました" in page
    assert "未読 1 件" in page
    client.post(reverse("referrals:notices"))
    assert not world.window_staff.referral_notices.unread().exists()
