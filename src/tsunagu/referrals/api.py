"""/api/v1/referrals: the same operations as the staff pages, through the same services.

Session authentication with CSRF (Ninja's SessionAuth checks the token on unsafe methods).
Anonymous callers get 401; a referral the caller may not see, or an operation they may not
perform, is 404 as on the pages.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja import Status as Reply
from ninja.security import SessionAuth

from tsunagu.accounts.permissions import has_permission
from tsunagu.core.models import Area, AreaKind
from tsunagu.directory.models import Service

from . import access, services
from .models import Referral
from .states import (
    AgeBand,
    ConsentGiver,
    Delivery,
    TransitionError,
    Who,
)

router = Router(tags=["referrals"], auth=SessionAuth())


class ReferralIn(Schema):
    idempotency_key: uuid_module.UUID | None = None
    service_id: uuid_module.UUID
    ward: str = Field(description="The ward's six-digit local government code.")
    trouble_codes: list[str]
    delivery: str = Delivery.SEND
    consent_giver: str = ConsentGiver.PERSON
    consent_method: str = ""
    consent_on: dt.date | None = None
    shared_items: list[str] = []
    may_forward: bool = False
    legal_basis: str = ""
    age_band: str = AgeBand.UNKNOWN
    noticed_as: str = Who.STAFF
    person_name: str = Field("", max_length=100)
    contact_details: str = Field("", max_length=200)
    contact_time: str = Field("", max_length=100)
    note: str = Field("", max_length=500)


class ReferrerOut(Schema):
    """What the referring employee may know."""

    uuid: uuid_module.UUID
    service_name: str
    made_on: dt.date
    outcome: str
    outcome_label: str
    outcome_on: dt.date | None
    delivery: str


class InboxItem(Schema):
    uuid: uuid_module.UUID
    status: str
    ward: str
    trouble_codes: list[str]
    service_id: uuid_module.UUID
    created_at: dt.datetime
    accept_due_on: dt.date | None
    result_due_on: dt.date | None
    overdue: bool


class ReferralDetail(InboxItem):
    age_band: str
    consent_giver: str
    consent_method: str
    consent_on: dt.date | None
    legal_basis: str
    person_name: str
    contact_details: str
    contact_time: str
    note: str
    window_note: str


class TransitionIn(Schema):
    status: str
    reason: str = Field("", max_length=1000)
    service_id: uuid_module.UUID | None = None


class Problem(Schema):
    detail: str
    field: str | None = None


def _item(referral: Referral, overdue_ids: set[int]) -> dict:
    return {
        "uuid": referral.uuid,
        "status": referral.status,
        "ward": referral.ward_id,
        "trouble_codes": [t.code for t in referral.troubles.all()],
        "service_id": referral.service_id,
        "created_at": referral.created_at,
        "accept_due_on": referral.accept_due_on,
        "result_due_on": referral.result_due_on,
        "overdue": referral.pk in overdue_ids,
    }


def _detail(referral: Referral) -> dict:
    overdue = Referral.objects.overdue(timezone.localdate()).filter(pk=referral.pk).exists()
    data = _item(referral, {referral.pk} if overdue else set())
    for name in (
        "age_band",
        "consent_giver",
        "consent_method",
        "consent_on",
        "legal_basis",
        "person_name",
        "contact_details",
        "contact_time",
        "note",
        "window_note",
    ):
        data[name] = getattr(referral, name)
    return data


@router.post("", response={201: ReferrerOut, 400: Problem}, url_name="referrals")
def create_referral(request: HttpRequest, payload: ReferralIn):
    if not has_permission(request.user, access.CREATE):
        raise Http404
    service = Service.objects.filter(pk=payload.service_id).first()
    if service is None:
        return Reply(400, {"detail": "つなぐ先の相談先が見つかりません。", "field": "service_id"})
    ward = Area.objects.filter(code=payload.ward, kind=AreaKind.WARD).first()
    if ward is None:
        return Reply(400, {"detail": "区のコードが正しくありません。", "field": "ward"})
    draft = services.ReferralDraft(
        service=service,
        ward=ward,
        **payload.dict(exclude={"service_id", "ward", "idempotency_key"}),
    )
    try:
        with transaction.atomic():
            referral = services.submit_referral(
                draft, actor=request.user, idempotency_key=payload.idempotency_key, request=request
            )
    except services.ReferralError as error:
        return Reply(400, {"detail": str(error), "field": error.field})
    except PermissionDenied as error:
        raise Http404 from error
    return Reply(
        201, services.referral_for_referrer(referral.uuid, actor=request.user, request=request)
    )


@router.get("/mine", response=list[ReferrerOut])
def my_referrals(request: HttpRequest):
    try:
        return services.referrals_of_referrer(request.user)
    except PermissionDenied as error:
        raise Http404 from error


@router.get("/mine/{uuid}", response=ReferrerOut)
def my_referral(request: HttpRequest, uuid: uuid_module.UUID):
    if not has_permission(request.user, access.CREATE):
        raise Http404
    try:
        return services.referral_for_referrer(uuid, actor=request.user, request=request)
    except Referral.DoesNotExist as error:
        raise Http404 from error


@router.get("/inbox", response=list[InboxItem])
def inbox(request: HttpRequest):
    if not has_permission(request.user, access.INBOX):
        raise Http404
    box = services.inbox_for(request.user)
    overdue_ids = {r.pk for r in box.overdue}
    return [_item(r, overdue_ids) for r in box.overdue + box.new + box.in_progress]


@router.get("/{uuid}", response=ReferralDetail)
def referral_detail(request: HttpRequest, uuid: uuid_module.UUID):
    try:
        referral = services.referral_for_window(uuid, actor=request.user, request=request)
    except Referral.DoesNotExist as error:
        raise Http404 from error
    return _detail(referral)


@router.post("/{uuid}/transition", response={200: ReferralDetail, 409: Problem})
def transition(request: HttpRequest, uuid: uuid_module.UUID, payload: TransitionIn):
    service = None
    if payload.service_id is not None:
        service = Service.objects.filter(pk=payload.service_id).first()
        if service is None:
            return Reply(
                409, {"detail": "つなぎ直す先の相談先が見つかりません。", "field": "service_id"}
            )
    try:
        with transaction.atomic():
            services.transition(
                uuid,
                payload.status,
                actor=request.user,
                reason=payload.reason,
                service=service,
                request=request,
            )
    except Referral.DoesNotExist as error:
        raise Http404 from error
    except (TransitionError, services.ReferralError) as error:
        return Reply(409, {"detail": str(error), "field": getattr(error, "field", None)})
    referral = services.referral_for_window(uuid, actor=request.user, request=request)
    return Reply(200, _detail(referral))
