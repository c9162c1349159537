"""Erasing the personal details of old closed referrals, keeping the anonymous facts."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tsunagu.core import audit

from .models import Referral, StatusChange

PERSONAL_FIELDS = ("person_name", "contact_details", "contact_time", "note", "window_note")


def retention_days() -> int:
    return int(getattr(settings, "TSUNAGU_REFERRAL_RETENTION_DAYS", 3 * 365))


def purge_personal_details(*, older_than_days: int | None = None, now=None) -> int:
    """Blank the encrypted fields of referrals closed more than N days ago. Returns how many.

    Ward, trouble codes, age band, statuses and dates stay: the figures page needs them and
    they no longer point at anyone.
    """
    now = now or timezone.now()
    days = retention_days() if older_than_days is None else older_than_days
    cutoff = now - dt.timedelta(days=days)
    erased = 0
    ids = list(Referral.objects.due_for_erasure(cutoff).values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        with transaction.atomic():
            for referral in Referral.objects.select_for_update().filter(pk__in=chunk):
                for name in PERSONAL_FIELDS:
                    setattr(referral, name, "")
                referral.personal_data_erased_at = now
                referral.idempotency_key = None
                referral.save(
                    update_fields=[*PERSONAL_FIELDS, "personal_data_erased_at", "idempotency_key"]
                )
                audit.record("referrals.referral.erased", actor=None, target=referral)
                erased += 1
            # Encrypted values cannot be compared in SQL, so every reason is rewritten.
            for change in StatusChange.objects.filter(referral_id__in=chunk):
                change.reason = ""
                change.save(update_fields=["reason"])
    return erased
