"""Keeping entries current: who may edit what, proposals and approvals, confirmations,
and residents' correction notes.

- A directory editor holds `directory.service.approve`; their edits apply at once.
- Window staff hold `directory.service.edit` for their area; their edits wait for an editor.
- Scope: a grant covers services whose service area is the grant's area or inside it (a
  city-level grant covers its wards). Nation-wide entries are for editors only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from tsunagu.accounts.permissions import grants, has_permission
from tsunagu.core import audit
from tsunagu.core.models import Area

from .changes import note_directory_changed
from .hours_text import format_hours_text, parse_hours_text
from .models import (
    ChangeStatus,
    CorrectionRequest,
    CorrectionStatus,
    Phone,
    Schedule,
    Service,
    ServiceChange,
)
from .services import mark_verified

EDIT = "directory.service.edit"
APPROVE = "directory.service.approve"
# Fields window staff and editors change from the staff form ("phone" and "hours" are
# the first phone number and the opening schedules in the spreadsheet notation).
EDITABLE_FIELDS = (
    "name",
    "kana",
    "description",
    "what_to_say",
    "hours_note",
    "phone",
    "hours",
    "is_free",
    "is_anonymous",
    "status",
)


def _covered_area_codes(user, perm: str) -> set[str]:
    roots = {g.area_code for g in grants(user) if perm in g.permissions}
    if not roots:
        return set()
    below = Area.objects.filter(
        Q(code__in=roots) | Q(parent__in=roots) | Q(parent__parent__in=roots)
    ).values_list("code", flat=True)
    return set(below)


def _services_in(codes: set[str], *, nationwide: bool) -> QuerySet[Service]:
    condition = Q(service_areas__area__in=codes)
    if nationwide:
        condition |= Q(service_areas__area__isnull=True)
    return Service.objects.filter(pk__in=Service.objects.filter(condition).values("pk"))


def editable_services(user) -> QuerySet[Service]:
    """The services this person may edit or propose changes to."""
    codes = _covered_area_codes(user, EDIT) | _covered_area_codes(user, APPROVE)
    return _services_in(codes, nationwide=has_permission(user, APPROVE))


def approvable_services(user) -> QuerySet[Service]:
    """The services whose changes this person may approve (the set is_editor_for answers)."""
    return _services_in(
        _covered_area_codes(user, APPROVE), nationwide=has_permission(user, APPROVE)
    )


def _service_area_codes(service: Service) -> list[str | None]:
    return [a.area_id for a in service.service_areas.all()]


def can_edit(user, service: Service) -> bool:
    return editable_services(user).filter(pk=service.pk).exists()


def is_editor_for(user, service: Service) -> bool:
    codes = _service_area_codes(service)
    if None in codes or not codes:
        return has_permission(user, APPROVE)
    return any(has_permission(user, APPROVE, area=code) for code in codes)


def current_values(service: Service) -> dict[str, Any]:
    phone = service.phones.order_by("position", "number").first()
    values = {name: getattr(service, name) for name in EDITABLE_FIELDS if hasattr(service, name)}
    values["phone"] = phone.number if phone else ""
    values["hours"] = format_hours_text(service.schedules.all())
    return values


def propose_change(
    service: Service, user, new_values: dict[str, Any], request: HttpRequest | None = None
) -> ServiceChange | None:
    """Record the edit; apply it now if the person is an editor for this entry.

    Returns None when nothing differs.
    """
    before = current_values(service)
    diff = {
        name: [before[name], new_values[name]]
        for name in EDITABLE_FIELDS
        if name in new_values and before[name] != new_values[name]
    }
    if not diff:
        return None
    with transaction.atomic():
        change = ServiceChange.objects.create(service=service, proposed_by=user, changes=diff)
        audit.record("directory.change.proposed", actor=user, target=service, request=request)
        if is_editor_for(user, service):
            _apply(change, user, request)
    return change


def _apply(change: ServiceChange, user, request: HttpRequest | None) -> None:
    service = change.service
    for name, (_old, new) in change.changes.items():
        if name == "phone":
            phone = service.phones.order_by("position", "number").first()
            if new and phone:
                phone.number = new
                phone.save(update_fields=["number"])
            elif new:
                Phone.objects.create(service=service, number=new, type="voice")
            elif phone:
                phone.delete()
        elif name == "hours":
            Schedule.objects.filter(service=service, is_closure=False).delete()
            for rule in parse_hours_text(new):
                Schedule.objects.create(
                    service=service,
                    freq=rule.freq,
                    byday=rule.byday,
                    opens_at=rule.opens_at,
                    closes_at=rule.closes_at,
                )
        else:
            setattr(service, name, new)
    # An approved correction is a fresh check of the entry.
    service.last_verified_at = timezone.now()
    service.verified_by = user
    service.save()
    change.status = ChangeStatus.APPROVED
    change.decided_by = user
    change.decided_at = timezone.now()
    change.save(update_fields=["status", "decided_by", "decided_at"])
    note_directory_changed()
    audit.record("directory.change.approved", actor=user, target=service, request=request)


def approve_change(change: ServiceChange, user, request: HttpRequest | None = None) -> bool:
    if change.status != ChangeStatus.PENDING or not is_editor_for(user, change.service):
        return False
    with transaction.atomic():
        _apply(change, user, request)
    return True


def reject_change(change: ServiceChange, user, request: HttpRequest | None = None) -> bool:
    if change.status != ChangeStatus.PENDING or not is_editor_for(user, change.service):
        return False
    change.status = ChangeStatus.REJECTED
    change.decided_by = user
    change.decided_at = timezone.now()
    change.save(update_fields=["status", "decided_by", "decided_at"])
    audit.record("directory.change.rejected", actor=user, target=change.service, request=request)
    return True


def confirm_entry(service: Service, user, request: HttpRequest | None = None) -> Service:
    """The entry is still right: record who checked it and when."""
    with transaction.atomic():
        mark_verified(service, user)
        audit.record("directory.service.confirmed", actor=user, target=service, request=request)
    return service


def stale_services(user, now: dt.datetime | None = None) -> QuerySet[Service]:
    return editable_services(user).active().stale(now).order_by("last_verified_at", "kana")


def pending_changes_for(user) -> QuerySet[ServiceChange]:
    # Filtered in SQL: checking each change in Python cost queries per change.
    return (
        ServiceChange.objects.pending()
        .filter(service__in=approvable_services(user))
        .select_related("service", "proposed_by")
        .order_by("proposed_at")
    )


def file_correction(service: Service, kind: str) -> CorrectionRequest:
    return CorrectionRequest.objects.create(service=service, kind=kind)


def open_corrections_for(user) -> QuerySet[CorrectionRequest]:
    return (
        CorrectionRequest.objects.filter(
            status=CorrectionStatus.OPEN, service__in=editable_services(user)
        )
        .select_related("service")
        .order_by("-created_at")
    )


def resolve_correction(
    correction: CorrectionRequest, user, request: HttpRequest | None = None
) -> None:
    correction.status = CorrectionStatus.RESOLVED
    correction.resolved_by = user
    correction.resolved_at = timezone.now()
    correction.save(update_fields=["status", "resolved_by", "resolved_at"])
    audit.record(
        "directory.correction.resolved", actor=user, target=correction.service, request=request
    )
