import datetime as dt

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from tsunagu.core.models import AuditEntry
from tsunagu.referrals import services
from tsunagu.referrals.models import Referral


def _close(world, referral, days_ago):
    services.accept_referral(referral.uuid, actor=world.window_staff)
    services.record_contact(referral.uuid, actor=world.window_staff, note="会えた")
    services.close_referral(
        referral.uuid, actor=world.window_staff, outcome="declined", reason="家族と相談したい"
    )
    Referral.objects.filter(pk=referral.pk).update(
        closed_at=timezone.now() - dt.timedelta(days=days_ago)
    )


def test_it_erases_old_closed_referrals_and_keeps_the_facts(world, submitted):
    _close(world, submitted, days_ago=3 * 365 + 1)
    recent = services.submit_referral(world.draft(), actor=world.employee)
    _close(world, recent, days_ago=10)
    still_open = services.submit_referral(world.draft(), actor=world.employee)

    call_command("purge_referrals")

    submitted.refresh_from_db()
    assert submitted.person_name == submitted.contact_details == submitted.note == ""
    assert submitted.window_note == ""
    assert all(change.reason == "" for change in submitted.history.all())
    assert submitted.personal_data_erased_at is not None
    assert submitted.status == "declined"
    assert list(submitted.troubles.values_list("code", flat=True))
    assert submitted.ward == world.kita
    for kept in (recent, still_open):
        kept.refresh_from_db()
        assert kept.person_name == "サンプル 花子"
    assert AuditEntry.objects.filter(action="referrals.referral.erased").count() == 1


def test_the_retention_period_is_configurable(world, submitted, settings):
    settings.TSUNAGU_REFERRAL_RETENTION_DAYS = 5
    _close(world, submitted, days_ago=6)
    call_command("purge_referrals")
    submitted.refresh_from_db()
    assert submitted.person_name == ""


def test_running_it_twice_erases_nothing_more(world, submitted, capsys):
    _close(world, submitted, days_ago=4000)
    call_command("purge_referrals")
    call_command("purge_referrals")
    assert "0 件" in capsys.readouterr().out.splitlines()[-1]


def test_erased_values_are_gone_from_the_database(world, submitted):
    _close(world, submitted, days_ago=4000)
    call_command("purge_referrals", days=30)
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM referrals_referral WHERE id = %s", [submitted.pk])
        value = cursor.fetchone()[0]
    submitted.refresh_from_db()
    assert submitted.note == ""
    assert "眠れない" not in (value or "")
