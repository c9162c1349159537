"""Background work for referrals. Each task takes an id, checks the state again and is
idempotent: a reminder already sent (or no longer due) does nothing."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from . import access
from .models import NoticeKind, Referral
from .notify import tell
from .states import OPEN


def _window_staff(referral: Referral):
    return access.staff_holding(access.INBOX, organisation=referral.window)


def _coordinators(referral: Referral):
    return access.staff_holding(access.OVERSEE, area=referral.ward)


@task()
def notify_new_referral(referral_id: int) -> int:
    referral = Referral.objects.select_related("window").filter(pk=referral_id).first()
    if referral is None or referral.window is None:
        return 0
    return tell(_window_staff(referral), referral, NoticeKind.NEW_REFERRAL)


@task()
def notify_without_consent(referral_id: int) -> int:
    referral = Referral.objects.select_related("ward__parent").filter(pk=referral_id).first()
    if referral is None or not referral.legal_basis:
        return 0
    return tell(_coordinators(referral), referral, NoticeKind.WITHOUT_CONSENT)


@task()
def remind_not_accepted(referral_id: int) -> int:
    """Not accepted within 3 working days: tell the window and the ward coordinator."""
    today = timezone.localdate()
    with transaction.atomic():
        referral = (
            Referral.objects.select_for_update()
            .filter(pk=referral_id, unaccepted_reminder_sent_at__isnull=True)
            .not_accepted_in_time(today)
            .first()
        )
        if referral is None:
            return 0
        recipients = list(_window_staff(referral)) + list(_coordinators(referral))
        sent = tell({u.pk: u for u in recipients}.values(), referral, NoticeKind.NOT_ACCEPTED)
        referral.unaccepted_reminder_sent_at = timezone.now()
        referral.save(update_fields=["unaccepted_reminder_sent_at"])
    return sent


@task()
def remind_no_result(referral_id: int) -> int:
    """No result within 14 days: remind the window."""
    today = timezone.localdate()
    with transaction.atomic():
        referral = (
            Referral.objects.select_for_update()
            .filter(pk=referral_id, no_result_reminder_sent_at__isnull=True, status__in=OPEN)
            .without_result_in_time(today)
            .first()
        )
        if referral is None:
            return 0
        sent = tell(_window_staff(referral), referral, NoticeKind.NO_RESULT)
        referral.no_result_reminder_sent_at = timezone.now()
        referral.save(update_fields=["no_result_reminder_sent_at"])
    return sent


def enqueue_due_reminders(today=None) -> int:
    """Queue a reminder task for every referral that is due one and has not had it."""
    today = today or timezone.localdate()
    unaccepted = list(
        Referral.objects.not_accepted_in_time(today)
        .filter(unaccepted_reminder_sent_at__isnull=True)
        .values_list("pk", flat=True)
    )
    no_result = list(
        Referral.objects.without_result_in_time(today)
        .filter(no_result_reminder_sent_at__isnull=True)
        .values_list("pk", flat=True)
    )
    for pk in unaccepted:
        transaction.on_commit(lambda pk=pk: remind_not_accepted.enqueue(pk))
    for pk in no_result:
        transaction.on_commit(lambda pk=pk: remind_no_result.enqueue(pk))
    return len(unaccepted) + len(no_result)
