"""Anonymous figures per ward and trouble code, for the staff page and the dashboard.

Counts come from SQL (grouped through ReferralTrouble, one row per referral and code); the
median needs the individual durations, which are fetched as numbers only.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet

from .models import Referral, ReferralTrouble
from .states import Delivery, Status

CLOSED_WITHIN = dt.timedelta(days=14)


def referrals_in(
    *, wards=None, since: dt.datetime | None = None, until: dt.datetime | None = None
) -> QuerySet[Referral]:
    referrals = Referral.objects.all()
    if wards is not None:
        referrals = referrals.in_wards(wards)
    if since is not None:
        referrals = referrals.filter(created_at__gte=since)
    if until is not None:
        referrals = referrals.filter(created_at__lt=until)
    return referrals


def counts_by_ward_and_code(referrals: QuerySet[Referral]) -> QuerySet:
    """Rows of ward, code, made, sent, accepted, connected, closed_within_14_days."""
    return (
        ReferralTrouble.objects.filter(referral__in=referrals)
        .values("referral__ward", "referral__ward__name", "code")
        .annotate(
            made=Count("id"),
            sent=Count("id", filter=Q(referral__delivery=Delivery.SEND)),
            accepted=Count("id", filter=Q(referral__accepted_at__isnull=False)),
            connected=Count("id", filter=Q(referral__status=Status.SUPPORT_STARTED)),
            closed_within_14_days=Count(
                "id",
                filter=Q(referral__delivery=Delivery.SEND)
                & Q(referral__closed_at__lte=F("referral__created_at") + CLOSED_WITHIN),
            ),
        )
        .order_by("referral__ward", "code")
    )


def outcome_mix(referrals: QuerySet[Referral]) -> QuerySet:
    """Rows of ward, code, status, n for every status reached."""
    return (
        ReferralTrouble.objects.filter(referral__in=referrals)
        .values("referral__ward", "code", "referral__status")
        .annotate(n=Count("id"))
        .order_by("referral__ward", "code", "referral__status")
    )


def days_to_first_contact(referrals: QuerySet[Referral]) -> QuerySet:
    return (
        ReferralTrouble.objects.filter(referral__in=referrals, referral__contacted_at__isnull=False)
        .values_list("referral__ward", "code", "referral__created_at", "referral__contacted_at")
        .order_by()
    )


@dataclass
class Row:
    ward_code: str
    ward_name: str
    code: str
    made: int = 0
    sent: int = 0
    accepted: int = 0
    connected: int = 0
    closed_within_14_days: int = 0
    median_days_to_contact: float | None = None
    outcomes: dict[str, int] = field(default_factory=dict)

    @property
    def share_closed_within_14_days(self) -> float | None:
        return self.closed_within_14_days / self.sent if self.sent else None


def figures(referrals: QuerySet[Referral]) -> list[Row]:
    """Every figure of the page, in three queries whatever the number of rows."""
    rows: dict[tuple[str, str], Row] = {}
    for r in counts_by_ward_and_code(referrals):
        key = (r["referral__ward"], r["code"])
        rows[key] = Row(
            ward_code=r["referral__ward"],
            ward_name=r["referral__ward__name"],
            code=r["code"],
            made=r["made"],
            sent=r["sent"],
            accepted=r["accepted"],
            connected=r["connected"],
            closed_within_14_days=r["closed_within_14_days"],
        )
    durations: dict[tuple[str, str], list[float]] = defaultdict(list)
    for ward, code, created, contacted in days_to_first_contact(referrals):
        durations[(ward, code)].append((contacted - created).total_seconds() / 86400)
    for key, values in durations.items():
        if key in rows:
            rows[key].median_days_to_contact = round(statistics.median(values), 1)
    for r in outcome_mix(referrals):
        key = (r["referral__ward"], r["code"])
        if key in rows:
            rows[key].outcomes[str(Status(r["referral__status"]).label)] = r["n"]
    return list(rows.values())
