import datetime as dt

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tsunagu.referrals import services
from tsunagu.referrals.models import Notice, Referral
from tsunagu.referrals.tasks import enqueue_due_reminders, remind_no_result, remind_not_accepted


def _make_overdue(referral):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Referral.objects.filter(pk=referral.pk).update(accept_due_on=yesterday, result_due_on=yesterday)


def test_an_unaccepted_referral_tells_the_window_and_the_coordinator(world, submitted):
    _make_overdue(submitted)
    remind_not_accepted.call(submitted.pk)
    told = set(
        Notice.objects.filter(referral=submitted, kind="not_accepted").values_list(
            "recipient", flat=True
        )
    )
    assert told == {world.window_staff.pk, world.window_colleague.pk, world.coordinator.pk}
    assert {m.to[0] for m in mail.outbox} == {
        "window@example.jp",
        "colleague@example.jp",
        "coordinator@example.jp",
    }


def test_reminders_are_sent_once_however_often_they_run(world, submitted):
    _make_overdue(submitted)
    remind_not_accepted.call(submitted.pk)
    remind_not_accepted.call(submitted.pk)
    remind_no_result.call(submitted.pk)
    remind_no_result.call(submitted.pk)
    assert Notice.objects.filter(kind="not_accepted").count() == 3
    assert Notice.objects.filter(kind="no_result").count() == 2
    assert len(mail.outbox) == 5


def test_nothing_is_sent_before_the_deadline_or_after_acceptance(world, submitted):
    assert remind_not_accepted.call(submitted.pk) == 0
    _make_overdue(submitted)
    services.accept_referral(submitted.uuid, actor=world.window_staff)
    assert remind_not_accepted.call(submitted.pk) == 0
    assert not mail.outbox


def test_the_command_queues_only_what_is_due(world, submitted, django_capture_on_commit_callbacks):
    later = services.submit_referral(world.draft(), actor=world.employee)
    _make_overdue(submitted)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_referral_reminders")
    assert set(Notice.objects.values_list("referral", flat=True)) == {submitted.pk}
    assert later.pk not in Notice.objects.values_list("referral", flat=True)


def test_the_deadline_counts_working_days(world, monkeypatch):
    from tsunagu.referrals import services as module

    friday = dt.datetime(2026, 12, 25, 10, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(module.timezone, "now", lambda: friday)
    referral = services.submit_referral(world.draft(), actor=world.employee)
    # 12/28 (Mon) is the only working day before the New Year closure; then 1/4 and 1/5.
    assert referral.accept_due_on == dt.date(2027, 1, 5)
    assert referral.result_due_on == dt.date(2027, 1, 8)


def test_the_real_database_worker_delivers_a_reminder(
    world, settings, django_capture_on_commit_callbacks, monkeypatch
):
    """Queue in the database, then run `tsunagu db_worker --batch` in this process.

    The worker runs inside the test's transaction (so the test database keeps its data
    migrations' rows); its periodic close_old_connections() would close that transaction's
    connection, so only that housekeeping call is neutralised.
    """
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        referral = services.submit_referral(world.draft(), actor=world.employee)
    _make_overdue(referral)
    with django_capture_on_commit_callbacks(execute=True):
        queued = enqueue_due_reminders()
    assert queued == 2
    # The new-referral notice waits in the queue like the two reminders.
    assert DBTaskResult.objects.filter(status="READY").count() == 3
    assert not Notice.objects.exists()

    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)

    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 3
    assert Notice.objects.filter(referral=referral, kind="new_referral").count() == 2
    assert Notice.objects.filter(referral=referral, kind="not_accepted").count() == 3
    assert Notice.objects.filter(referral=referral, kind="no_result").count() == 2
    assert any("受付されていない" in m.subject for m in mail.outbox)
