"""The public directory search: filters, "open now", and a bounded number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch

from .hours import open_at
from .models import Attribute, Service, ServiceKind

PER_PAGE = 20
# "Open now" is judged in Python from the schedules; this caps how many candidates it reads.
OPEN_NOW_CANDIDATES = 3000


@dataclass(frozen=True)
class DirectoryQuery:
    text: str = ""
    ward: str = ""
    code: str = ""
    kind: str = ""
    open_now: bool = False
    free: bool = False
    anonymous: bool = False
    language: str = ""
    page: int = 1


@dataclass
class DirectoryResult:
    page: Page
    total: int
    notes: list[str] = field(default_factory=list)


def list_queryset():
    """What a result card shows: phones, hours, codes, and the sample flag."""
    return Service.objects.select_related("organization").prefetch_related(
        "phones",
        "schedules",
        "special_dates",
        Prefetch(
            "attributes", queryset=Attribute.objects.select_related("taxonomy_term__taxonomy")
        ),
    )


def search_directory(query: DirectoryQuery, now: dt.datetime) -> DirectoryResult:
    qs = Service.objects.active()
    if query.ward:
        qs = qs.serving_area(query.ward)
    if query.code:
        qs = qs.for_codes([query.code])
    if query.kind in ServiceKind.values:
        qs = qs.of_kind(query.kind)
    if query.free:
        qs = qs.filter(is_free=True)
    if query.anonymous:
        qs = qs.filter(is_anonymous=True)
    if query.language:
        qs = qs.filter(languages__code=query.language).distinct()
    if query.text:
        qs = qs.search(query.text)
    # Crisis lines first, then places in reading order.
    qs = qs.order_by("-is_crisis_line", "kana", "name")
    notes = []
    if query.open_now:
        ids = list(qs.values_list("pk", flat=True)[:OPEN_NOW_CANDIDATES])
        # Only what the hours logic reads: building full rows dominated this step.
        candidates = (
            Service.objects.filter(pk__in=ids)
            .only("pk", "open_on_public_holidays", "open_over_new_year")
            .prefetch_related("schedules", "special_dates")
        )
        open_ids = {s.pk for s in candidates if open_at(s, now)}
        qs = qs.filter(pk__in=[pk for pk in ids if pk in open_ids])
        if len(ids) == OPEN_NOW_CANDIDATES:
            notes.append("truncated")
    paginator = Paginator(
        list_queryset().filter(pk__in=qs.values("pk")).order_by("-is_crisis_line", "kana", "name"),
        PER_PAGE,
    )
    page = paginator.get_page(query.page)
    return DirectoryResult(page=page, total=paginator.count, notes=notes)


def service_detail(service_id) -> Service | None:
    """One public entry with everything its page shows; None if unknown or defunct."""
    return Service.objects.with_details().exclude(status="defunct").filter(pk=service_id).first()
