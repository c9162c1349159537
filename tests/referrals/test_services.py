import uuid

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from tsunagu.core.models import AuditEntry
from tsunagu.referrals import services
from tsunagu.referrals.models import Notice, Referral, StatusChange
from tsunagu.referrals.services import ReferralError
from tsunagu.referrals.states import Outcome, Status, TransitionError


def test_it_records_a_referral_with_deadlines_history_and_audit(world):
    referral = services.submit_referral(world.draft(), actor=world.employee)

    assert referral.status == Status.PENDING
    assert referral.window == world.kita_window
    assert referral.accept_due_on > referral.created_at.date()
    assert sorted(referral.troubles.values_list("code", flat=True)) == [
        "elderly_care",
        "loneliness",
    ]
    assert StatusChange.objects.filter(referral=referral, to_status=Status.PENDING).count() == 1
    assert AuditEntry.objects.filter(action="referrals.referral.created").count() == 1


def test_the_window_staff_are_told_after_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        referral = services.submit_referral(world.draft(), actor=world.employee)
    recipients = set(Notice.objects.filter(referral=referral).values_list("recipient", flat=True))
    assert recipients == {world.window_staff.pk, world.window_colleague.pk}
    assert len(mail.outbox) == 2
    assert "サンプル 花子" not in mail.outbox[0].body


def test_personal_fields_are_encrypted_in_the_database(world, submitted):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT person_name FROM referrals_referral WHERE id = %s", [submitted.pk])
        stored = cursor.fetchone()[0]
    assert "花子" not in stored


def test_it_keeps_only_what_the_person_agreed_to_share(world):
    referral = services.submit_referral(world.draft(shared_items=["contact"]), actor=world.employee)
    referral.refresh_from_db()
    assert referral.person_name == ""
    assert referral.note == ""
    assert referral.contact_details == "06-0000-1234"


def test_self_contact_sends_nothing_and_keeps_no_personal_details(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        referral = services.submit_referral(
            world.draft(delivery="self_contact"), actor=world.employee
        )
    assert referral.status == Status.SELF_CONTACT
    assert referral.window is None
    assert referral.person_name == ""
    assert not Notice.objects.exists()
    assert not mail.outbox


def test_it_rejects_sending_without_consent_or_legal_basis(world):
    with pytest.raises(ReferralError) as error:
        services.submit_referral(
            world.draft(consent_giver="none", consent_method="", consent_on=None),
            actor=world.employee,
        )
    assert error.value.field == "legal_basis"
    assert not Referral.objects.exists()


def test_a_legal_basis_sends_without_consent_and_flags_the_coordinator(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        referral = services.submit_referral(
            world.draft(consent_giver="none", legal_basis="life_or_body"), actor=world.employee
        )
    assert referral.needs_coordinator_attention
    assert Notice.objects.filter(
        recipient=world.coordinator, referral=referral, kind="without_consent"
    ).exists()


def test_it_refuses_an_inactive_service_and_suggests_an_active_one(world):
    world.service.status = "inactive"
    world.service.save()
    world.other_service.status = "active"
    from tests.directory import factories as directory
    from tsunagu.referrals.models import ReceivingWindow

    replacement = directory.service(
        name="サンプル北区 見守り相談", codes=("elderly_care",), areas=(world.kita,)
    )
    ReceivingWindow.objects.create(service=replacement, organisation=world.kita_window)

    with pytest.raises(ReferralError) as error:
        services.submit_referral(world.draft(), actor=world.employee)

    assert "休止" in str(error.value)
    assert error.value.suggestion == replacement
    assert replacement.name in str(error.value)
    assert not Referral.objects.exists()


def test_it_rejects_unknown_trouble_codes(world):
    with pytest.raises(ReferralError, match="made_up"):
        services.submit_referral(world.draft(trouble_codes=["made_up"]), actor=world.employee)


def test_it_rejects_consent_dated_in_the_future(world):
    import datetime as dt

    from django.utils import timezone

    with pytest.raises(ReferralError) as error:
        services.submit_referral(
            world.draft(consent_on=timezone.localdate() + dt.timedelta(days=1)),
            actor=world.employee,
        )
    assert error.value.field == "consent_on"


def test_the_same_form_submitted_twice_makes_one_referral(world):
    key = uuid.uuid4()
    first = services.submit_referral(world.draft(), actor=world.employee, idempotency_key=key)
    second = services.submit_referral(world.draft(), actor=world.employee, idempotency_key=key)
    assert first.pk == second.pk
    assert Referral.objects.count() == 1


def test_someone_without_the_permission_cannot_refer(world):
    for user in (world.member_without_permission, world.outsider, world.window_staff):
        with pytest.raises(PermissionDenied):
            services.submit_referral(world.draft(), actor=user)
    assert not Referral.objects.exists()


def test_the_window_moves_it_through_to_support(world, submitted):
    services.accept_referral(submitted.uuid, actor=world.window_staff)
    services.record_contact(submitted.uuid, actor=world.window_staff, note="電話で話せた")
    services.close_referral(
        submitted.uuid, actor=world.window_staff, outcome=Status.SUPPORT_STARTED
    )

    submitted.refresh_from_db()
    assert submitted.status == Status.SUPPORT_STARTED
    assert submitted.accepted_by == world.window_staff
    assert submitted.contacted_at and submitted.closed_at
    assert list(submitted.history.values_list("to_status", flat=True)) == [
        "pending",
        "accepted",
        "contacted",
        "support_started",
    ]
    assert all(change.actor_id for change in submitted.history.all())
    view = services.referral_for_referrer(submitted.uuid, actor=world.employee)
    assert view.outcome == Outcome.CONNECTED


def test_the_second_acceptance_is_told_who_took_it(world, submitted):
    services.accept_referral(submitted.uuid, actor=world.window_staff)
    with pytest.raises(services.AlreadyTaken, match="受付済み"):
        services.accept_referral(submitted.uuid, actor=world.window_colleague)
    assert submitted.history.count() == 2


def test_a_transition_not_allowed_changes_nothing(world, submitted):
    with pytest.raises(TransitionError, match="受付待ち"):
        services.close_referral(
            submitted.uuid, actor=world.window_staff, outcome=Status.SUPPORT_STARTED
        )
    submitted.refresh_from_db()
    assert submitted.status == Status.PENDING
    assert submitted.history.count() == 1


def test_a_decline_without_a_reason_is_refused(world, submitted):
    services.accept_referral(submitted.uuid, actor=world.window_staff)
    services.record_contact(submitted.uuid, actor=world.window_staff)
    with pytest.raises(TransitionError, match="理由"):
        services.close_referral(submitted.uuid, actor=world.window_staff, outcome=Status.DECLINED)
    services.close_referral(
        submitted.uuid, actor=world.window_staff, outcome=Status.DECLINED, reason="家族と相談したい"
    )
    view = services.referral_for_referrer(submitted.uuid, actor=world.employee)
    assert view.outcome == Outcome.DECLINED_OR_INELIGIBLE


def test_another_wards_window_cannot_open_or_move_it(world, submitted):
    with pytest.raises(Referral.DoesNotExist):
        services.referral_for_window(submitted.uuid, actor=world.other_window_staff)
    with pytest.raises(Referral.DoesNotExist):
        services.accept_referral(submitted.uuid, actor=world.other_window_staff)
    submitted.refresh_from_db()
    assert submitted.status == Status.PENDING


def test_the_coordinator_reads_but_does_not_handle(world, submitted):
    assert services.referral_for_window(submitted.uuid, actor=world.coordinator) == submitted
    with pytest.raises(Referral.DoesNotExist):
        services.accept_referral(submitted.uuid, actor=world.coordinator)


def test_every_read_of_the_record_is_logged(world, submitted):
    before = AuditEntry.objects.filter(action="referrals.referral.viewed").count()
    services.referral_for_window(submitted.uuid, actor=world.window_staff)
    assert AuditEntry.objects.filter(action="referrals.referral.viewed").count() == before + 1


def test_forwarding_creates_a_linked_referral_and_the_referrer_follows_it(world, submitted):
    services.accept_referral(submitted.uuid, actor=world.window_staff)
    new = services.forward_referral(
        submitted.uuid,
        actor=world.window_staff,
        service=world.naniwa_service,
        reason="住所が浪速区",
    )
    submitted.refresh_from_db()
    assert submitted.status == Status.FORWARDED
    assert new.forwarded_from == submitted
    assert new.window == world.naniwa_window
    assert new.person_name == "サンプル 花子"
    assert services.referral_for_referrer(submitted.uuid, actor=world.employee).outcome == (
        Outcome.IN_PROGRESS
    )
    services.accept_referral(new.uuid, actor=world.other_window_staff)
    services.record_contact(new.uuid, actor=world.other_window_staff)
    services.close_referral(new.uuid, actor=world.other_window_staff, outcome="support_started")
    assert services.referral_for_referrer(submitted.uuid, actor=world.employee).outcome == (
        Outcome.CONNECTED
    )
    assert len(services.referrals_of_referrer(world.employee)) == 1


def test_forwarding_needs_the_persons_agreement(world):
    referral = services.submit_referral(world.draft(may_forward=False), actor=world.employee)
    services.accept_referral(referral.uuid, actor=world.window_staff)
    with pytest.raises(ReferralError, match="同意"):
        services.forward_referral(
            referral.uuid, actor=world.window_staff, service=world.naniwa_service
        )
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED


def test_the_referrer_sees_only_their_own(world, submitted, django_user_model):
    with pytest.raises(Referral.DoesNotExist):
        services.referral_for_referrer(submitted.uuid, actor=world.window_staff)


def test_the_inbox_sorts_new_in_progress_and_overdue(world, submitted):
    import datetime as dt

    other = services.submit_referral(world.draft(), actor=world.employee)
    services.accept_referral(other.uuid, actor=world.window_staff)
    box = services.inbox_for(world.window_staff)
    assert [r.pk for r in box.new] == [submitted.pk]
    assert [r.pk for r in box.in_progress] == [other.pk]
    assert box.overdue == []
    later = services.inbox_for(world.window_staff, today=submitted.result_due_on + dt.timedelta(1))
    assert {r.pk for r in later.overdue} == {submitted.pk, other.pk}
    assert services.inbox_for(world.other_window_staff).new == []


def test_the_ward_list_puts_overdue_first(world, submitted):
    import datetime as dt

    Referral.objects.filter(pk=submitted.pk).update(
        accept_due_on=submitted.created_at.date() - dt.timedelta(days=1)
    )
    newer = services.submit_referral(world.draft(), actor=world.employee)
    rows = services.ward_referrals(world.coordinator)
    assert [r.pk for r in rows] == [submitted.pk, newer.pk]
    assert services.ward_referrals(world.window_staff) == []


def test_suggestions_put_the_wards_own_windows_first(world):
    from tests.directory import factories as directory
    from tsunagu.core.models import Area
    from tsunagu.referrals.models import ReceivingWindow

    city_wide = directory.service(
        name="サンプル市 高齢者相談",
        kana="あ",
        codes=("elderly_care", "loneliness"),
        areas=(Area.objects.get(code="271004"),),
    )
    ReceivingWindow.objects.create(service=city_wide, organisation=world.kita_window)
    unlinked = directory.service(name="サンプル北区 つながりの場", codes=("loneliness",))

    found = services.suggest_destinations(["elderly_care", "loneliness"], world.kita)

    assert found[:2] == [world.service, city_wide]
    assert unlinked not in found
    assert world.naniwa_service not in found
