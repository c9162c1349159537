"""Referral operations. Views, the API, commands and tasks all call these.

Every function that reads or changes a person's record checks permission and writes an audit
entry. A record the actor may not see raises Referral.DoesNotExist (the views answer 404).
Lists carry no personal details, so only opening a referral is logged as a read (REF-4).
"""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.accounts.permissions import has_permission, organisations_with
from tsunagu.core import audit
from tsunagu.core.models import Area, AreaKind
from tsunagu.directory.models import Attribute, Service, ServiceArea, ServiceStatus
from tsunagu.directory.troubles import TROUBLE_CODES

from . import access
from .models import ReceivingWindow, Referral, ReferralTrouble, StatusChange
from .states import (
    RESULTS,
    AgeBand,
    ConsentGiver,
    ConsentMethod,
    Delivery,
    LegalBasis,
    Outcome,
    SharedItem,
    Status,
    TransitionError,
    Who,
    check_transition,
    outcome_of,
)
from .workdays import add_working_days

ACCEPT_WITHIN_WORKING_DAYS = 3
RESULT_WITHIN_DAYS = 14


class ReferralError(ValueError):
    """Bad input a person can fix; `field` names the form field when there is one."""

    def __init__(self, message: str, *, field: str | None = None, suggestion=None):
        super().__init__(message)
        self.field = field
        self.suggestion = suggestion


class AlreadyTaken(TransitionError):
    """Someone else changed the referral first (two staff accepting at once)."""


@dataclass
class ReferralDraft:
    service: Service
    ward: Area
    trouble_codes: list[str]
    delivery: str = Delivery.SEND
    consent_giver: str = ConsentGiver.PERSON
    consent_method: str = ""
    consent_on: dt.date | None = None
    shared_items: list[str] = field(default_factory=list)
    may_forward: bool = False
    legal_basis: str = ""
    age_band: str = "unknown"
    noticed_as: str = "staff"
    person_name: str = ""
    contact_details: str = ""
    contact_time: str = ""
    note: str = ""


# --- Destinations ---------------------------------------------------------------------


def receiving_organisation(service: Service):
    link = ReceivingWindow.objects.filter(service=service).select_related("organisation").first()
    return link.organisation if link else None


def suggest_destinations(codes: Iterable[str], ward: Area | str, *, limit: int = 5) -> list:
    """Active services for these codes in this ward that take referrals, best first.

    Ordered as the navigator ranks windows for residents: the ward's own first, then the
    city's, then by how many of the codes they cover.
    """
    codes = list(codes)
    if isinstance(ward, str):
        ward = Area.objects.select_related("parent").get(code=ward)
    matches = (
        Attribute.objects.filter(service=OuterRef("pk"), taxonomy_term__code__in=codes)
        .values("service")
        .annotate(n=Count("pk"))
        .values("n")
    )
    candidates = (
        Service.objects.active()
        .for_codes(codes)
        .serving_area(ward)
        .filter(receiving_window__isnull=False)
        .annotate(
            in_ward=Exists(ServiceArea.objects.filter(service=OuterRef("pk"), area=ward)),
            in_city=Exists(ServiceArea.objects.filter(service=OuterRef("pk"), area=ward.parent_id)),
            matches=Coalesce(Subquery(matches, output_field=IntegerField()), 0),
        )
        .select_related("organization")
        .order_by("-in_ward", "-in_city", "-matches", "kana", "name")
    )
    return list(candidates[:limit])


# --- Creating --------------------------------------------------------------------------


def _check_choice(value: str, choices, *, field: str, label: str) -> None:
    # The web form checks its choices, but the API passes plain strings; without this a
    # value no page can show would be stored.
    if value not in choices.values:
        raise ReferralError(
            _("%(label)s（%(field)s）の値が正しくありません。選べるのは %(allowed)s です。")
            % {"label": label, "field": field, "allowed": ", ".join(choices.values)},
            field=field,
        )


def _validate(draft: ReferralDraft) -> None:
    codes = [c for c in draft.trouble_codes if c]
    if not codes:
        raise ReferralError(_("困りごとを1つ以上選んでください。"), field="trouble_codes")
    unknown = sorted(set(codes) - set(TROUBLE_CODES))
    if unknown:
        raise ReferralError(
            _("知らない困りごとのコードです: %(codes)s") % {"codes": ", ".join(unknown)},
            field="trouble_codes",
        )
    if draft.ward.kind != AreaKind.WARD:
        raise ReferralError(_("区を選んでください。"), field="ward")
    if draft.service.status != ServiceStatus.ACTIVE:
        suggestion = next(iter(suggest_destinations(codes, draft.ward, limit=1)), None)
        message = _("「%(name)s」は現在受付を休止しています。") % {"name": draft.service.name}
        if suggestion is not None:
            message += " " + _("代わりに「%(name)s」はいかがですか。") % {"name": suggestion.name}
        raise ReferralError(message, field="service", suggestion=suggestion)
    _check_choice(draft.age_band, AgeBand, field="age_band", label=_("年代"))
    _check_choice(draft.noticed_as, Who, field="noticed_as", label=_("気づいた立場"))
    bad_items = sorted(set(draft.shared_items) - set(SharedItem.values))
    if bad_items:
        raise ReferralError(_("伝えてよいことの選択が正しくありません。"), field="shared_items")
    if draft.delivery == Delivery.SELF_CONTACT:
        return
    if draft.delivery != Delivery.SEND:
        raise ReferralError(_("送り方を選んでください。"), field="delivery")
    if receiving_organisation(draft.service) is None:
        raise ReferralError(
            _(
                "「%(name)s」はつなぎを受け付けていません。"
                "「本人が自分で連絡する」を選び、つなぎシートを渡してください。"
            )
            % {"name": draft.service.name},
            field="service",
        )
    if draft.consent_giver == ConsentGiver.NONE:
        if draft.legal_basis not in LegalBasis.values:
            raise ReferralError(
                _(
                    "本人または家族の同意がないときは、送る根拠を選んでください。"
                    "根拠がなければ「本人が自分で連絡する」を選んでください。"
                ),
                field="legal_basis",
            )
    elif draft.consent_giver in (ConsentGiver.PERSON, ConsentGiver.FAMILY):
        if not draft.consent_method:
            raise ReferralError(
                _("同意の方法（口頭・書面）を選んでください。"), field="consent_method"
            )
        _check_choice(
            draft.consent_method, ConsentMethod, field="consent_method", label=_("同意の方法")
        )
        if draft.consent_on is None:
            raise ReferralError(_("同意した日を入力してください。"), field="consent_on")
        if draft.consent_on > timezone.localdate():
            raise ReferralError(_("同意した日に未来の日付は入れられません。"), field="consent_on")
    else:
        raise ReferralError(_("同意した人を選んでください。"), field="consent_giver")
    if SharedItem.CONTACT in draft.shared_items and not draft.contact_details.strip():
        raise ReferralError(
            _("連絡先を伝えてよいときは、連絡先を入力してください。"), field="contact_details"
        )


def _referrer_organisation(actor, organisation=None):
    allowed = organisations_with(actor, access.CREATE)
    if organisation is not None:
        if not allowed.filter(pk=organisation.pk).exists():
            raise PermissionDenied
        return organisation
    first = allowed.first()
    if first is None:
        raise PermissionDenied
    return first


def submit_referral(
    draft: ReferralDraft,
    *,
    actor,
    organisation=None,
    idempotency_key: uuid_module.UUID | None = None,
    request: HttpRequest | None = None,
) -> Referral:
    """Record a 気づき and send it (or record that the person will call themselves).

    The same idempotency key from the same employee returns the referral already made.
    """
    referrer_organisation = _referrer_organisation(actor, organisation)
    if idempotency_key is not None:
        existing = Referral.objects.filter(referrer=actor, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    _validate(draft)
    try:
        with transaction.atomic():
            referral = _create(draft, actor, referrer_organisation, idempotency_key, request)
    except IntegrityError:
        # The same form arrived twice at once: the other request made it.
        existing = Referral.objects.filter(referrer=actor, idempotency_key=idempotency_key).first()
        if idempotency_key is None or existing is None:
            raise
        return existing
    return referral


def _create(draft, actor, referrer_organisation, idempotency_key, request, *, forwarded_from=None):
    now = timezone.now()
    today = timezone.localdate(now)
    send = draft.delivery == Delivery.SEND
    shared = set(draft.shared_items) if send else set()
    referral = Referral(
        ward=draft.ward,
        age_band=draft.age_band if SharedItem.AGE_BAND in shared or not send else "unknown",
        noticed_as=draft.noticed_as,
        service=draft.service,
        window=receiving_organisation(draft.service) if send else None,
        referrer=actor if forwarded_from is None else forwarded_from.referrer,
        referrer_organisation=referrer_organisation,
        delivery=draft.delivery,
        status=Status.PENDING if send else Status.SELF_CONTACT,
        forwarded_from=forwarded_from,
        consent_giver=draft.consent_giver,
        consent_method=draft.consent_method if draft.consent_giver != ConsentGiver.NONE else "",
        consent_on=draft.consent_on if draft.consent_giver != ConsentGiver.NONE else None,
        shared_items=sorted(shared),
        may_forward=draft.may_forward and send,
        legal_basis=draft.legal_basis if draft.consent_giver == ConsentGiver.NONE else "",
        # Only what the person agreed may be shared is kept at all (REF-3); nothing when
        # nothing is sent.
        person_name=draft.person_name.strip() if SharedItem.NAME in shared else "",
        contact_details=draft.contact_details.strip() if SharedItem.CONTACT in shared else "",
        contact_time=draft.contact_time.strip() if SharedItem.CONTACT in shared else "",
        note=draft.note.strip() if SharedItem.NOTE in shared else "",
        created_at=now,
        accept_due_on=add_working_days(today, ACCEPT_WITHIN_WORKING_DAYS) if send else None,
        result_due_on=today + dt.timedelta(days=RESULT_WITHIN_DAYS) if send else None,
        closed_at=None if send else now,
        idempotency_key=idempotency_key,
    )
    referral.save()
    ReferralTrouble.objects.bulk_create(
        ReferralTrouble(referral=referral, code=code) for code in sorted(set(draft.trouble_codes))
    )
    StatusChange.objects.create(
        referral=referral, from_status="", to_status=referral.status, actor=actor, at=now
    )
    audit.record(
        "referrals.referral.forwarded_in" if forwarded_from else "referrals.referral.created",
        actor=actor,
        target=referral,
        organisation=referral.window or referrer_organisation,
        request=request,
    )
    if send:
        from . import tasks

        transaction.on_commit(lambda: tasks.notify_new_referral.enqueue(referral.pk))
        if referral.legal_basis:
            transaction.on_commit(lambda: tasks.notify_without_consent.enqueue(referral.pk))
    return referral


# --- The window's side -----------------------------------------------------------------


def _locked_for_window(uuid, actor) -> Referral:
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("window", "accepted_by")
        .get(uuid=uuid)
    )
    if not access.can_handle(actor, referral):
        raise Referral.DoesNotExist
    return referral


def _move(referral: Referral, new: str, actor, *, reason: str = "", request=None) -> Referral:
    check_transition(referral.status, new, reason=reason)
    now = timezone.now()
    old = referral.status
    referral.status = new
    if new == Status.ACCEPTED:
        referral.accepted_at, referral.accepted_by = now, actor
    elif new == Status.CONTACTED:
        referral.contacted_at = now
    if new in RESULTS:
        referral.closed_at = now
    referral.save()
    StatusChange.objects.create(
        referral=referral, from_status=old, to_status=new, actor=actor, at=now, reason=reason
    )
    audit.record(
        f"referrals.referral.{new}",
        actor=actor,
        target=referral,
        organisation=referral.window,
        request=request,
    )
    return referral


def accept_referral(uuid, *, actor, request=None) -> Referral:
    with transaction.atomic():
        referral = _locked_for_window(uuid, actor)
        if referral.status == Status.ACCEPTED:
            when = timezone.localtime(referral.accepted_at).strftime("%m/%d %H:%M")
            raise AlreadyTaken(
                _("このつなぎは %(when)s に %(who)s さんが受付済みにしています。")
                % {"when": when, "who": referral.accepted_by}
            )
        return _move(referral, Status.ACCEPTED, actor, request=request)


def record_contact(uuid, *, actor, note: str = "", request=None) -> Referral:
    with transaction.atomic():
        referral = _locked_for_window(uuid, actor)
        if note.strip():
            referral.window_note = _append(referral.window_note, note)
        return _move(referral, Status.CONTACTED, actor, request=request)


def close_referral(uuid, *, actor, outcome: str, reason: str = "", request=None) -> Referral:
    if outcome == Status.FORWARDED or outcome not in RESULTS:
        raise TransitionError(_("結果を選んでください。"))
    with transaction.atomic():
        referral = _locked_for_window(uuid, actor)
        return _move(referral, outcome, actor, reason=reason, request=request)


def forward_referral(uuid, *, actor, service: Service, reason: str = "", request=None) -> Referral:
    """Close as 他の窓口へつないだ and send a linked referral to `service`; returns the new one."""
    with transaction.atomic():
        referral = _locked_for_window(uuid, actor)
        check_transition(referral.status, Status.FORWARDED)
        if not (referral.may_forward or referral.legal_basis):
            raise ReferralError(
                _(
                    "本人の同意に、他の窓口へのつなぎ直しが含まれていません。"
                    "本人に確認するか、相談先の情報を本人に伝えてください。"
                ),
                field="service",
            )
        if service.pk == referral.service_id:
            raise ReferralError(_("今と同じ相談先にはつなぎ直せません。"), field="service")
        draft = ReferralDraft(
            service=service,
            ward=referral.ward,
            trouble_codes=list(referral.troubles.values_list("code", flat=True)),
            delivery=Delivery.SEND,
            consent_giver=referral.consent_giver,
            consent_method=referral.consent_method,
            consent_on=referral.consent_on,
            shared_items=list(referral.shared_items),
            may_forward=referral.may_forward,
            legal_basis=referral.legal_basis,
            age_band=referral.age_band,
            noticed_as=referral.noticed_as,
            person_name=referral.person_name,
            contact_details=referral.contact_details,
            contact_time=referral.contact_time,
            note=referral.note,
        )
        _validate(draft)
        _move(referral, Status.FORWARDED, actor, reason=reason, request=request)
        return _create(
            draft, actor, referral.referrer_organisation, None, request, forwarded_from=referral
        )


def transition(
    uuid, new_status: str, *, actor, reason: str = "", service: Service | None = None, request=None
) -> Referral:
    """One entry point for a form or API call that names the status wanted."""
    if new_status == Status.ACCEPTED:
        return accept_referral(uuid, actor=actor, request=request)
    if new_status == Status.CONTACTED:
        return record_contact(uuid, actor=actor, note=reason, request=request)
    if new_status == Status.FORWARDED:
        if service is None:
            raise ReferralError(_("つなぎ直す先の相談先を選んでください。"), field="service")
        return forward_referral(uuid, actor=actor, service=service, reason=reason, request=request)
    return close_referral(uuid, actor=actor, outcome=new_status, reason=reason, request=request)


def _append(existing: str, addition: str) -> str:
    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    line = f"[{stamp}] {addition.strip()}"
    return f"{existing}\n{line}" if existing else line


# --- Reading ---------------------------------------------------------------------------


def referral_for_window(uuid, *, actor, request=None) -> Referral:
    """The whole record, for the window it was sent to or the ward coordinator. Logged."""
    referral = (
        Referral.objects.select_related(
            "ward", "service", "window", "accepted_by", "referrer_organisation"
        )
        .prefetch_related("troubles", "history__actor")
        .get(uuid=uuid)
    )
    if not access.can_read_details(actor, referral):
        raise Referral.DoesNotExist
    audit.record(
        "referrals.referral.viewed",
        actor=actor,
        target=referral,
        organisation=referral.window,
        request=request,
    )
    return referral


@dataclass(frozen=True)
class ReferrerView:
    """All the referring employee learns: where, when, and the outcome class."""

    uuid: uuid_module.UUID
    service_name: str
    made_on: dt.date
    outcome: str
    outcome_label: str
    outcome_on: dt.date | None
    delivery: str


# Forwarding links loaded with the referral, so the referrer's list does not query per link;
# longer chains (rare) fall back to one query per further link.
FORWARDED_CHAIN = ("forwarded_to", "forwarded_to__forwarded_to")


def _final(referral: Referral) -> Referral:
    seen = 0
    while referral.status == Status.FORWARDED and seen < 20:
        try:
            nxt = referral.forwarded_to
        except Referral.DoesNotExist:
            break
        referral, seen = nxt, seen + 1
    return referral


def _referrer_view(referral: Referral) -> ReferrerView:
    final = _final(referral)
    outcome = outcome_of(final.status)
    return ReferrerView(
        uuid=referral.uuid,
        service_name=referral.service.name,
        made_on=timezone.localdate(referral.created_at),
        outcome=outcome,
        outcome_label=str(Outcome(outcome).label),
        outcome_on=timezone.localdate(final.closed_at) if final.closed_at else None,
        delivery=referral.delivery,
    )


def referrals_of_referrer(actor) -> list[ReferrerView]:
    if not has_permission(actor, access.CREATE):
        raise PermissionDenied
    # A forwarded referral is shown once, under the first one the employee made.
    made = (
        Referral.objects.made_by(actor)
        .filter(forwarded_from__isnull=True)
        .select_related("service", *FORWARDED_CHAIN)
        .order_by("-created_at")[:200]
    )
    return [_referrer_view(r) for r in made]


def referral_for_referrer(uuid, *, actor, request=None) -> ReferrerView:
    referral = Referral.objects.select_related("service", *FORWARDED_CHAIN).get(
        uuid=uuid, referrer=actor, forwarded_from__isnull=True
    )
    audit.record(
        "referrals.referral.outcome_viewed",
        actor=actor,
        target=referral,
        organisation=referral.referrer_organisation,
        request=request,
    )
    return _referrer_view(referral)


@dataclass
class Inbox:
    new: list[Referral]
    in_progress: list[Referral]
    overdue: list[Referral]


def inbox_for(actor, *, today: dt.date | None = None) -> Inbox:
    organisations = access.window_organisations(actor)
    today = today or timezone.localdate()
    base = (
        Referral.objects.for_windows(organisations)
        .select_related("ward", "service")
        .prefetch_related("troubles")
        .order_by("created_at")
    )
    overdue = list(base.overdue(today))
    overdue_ids = {r.pk for r in overdue}
    return Inbox(
        new=[r for r in base.new() if r.pk not in overdue_ids],
        in_progress=[r for r in base.in_progress() if r.pk not in overdue_ids],
        overdue=overdue,
    )


def ward_referrals(actor, *, today: dt.date | None = None, limit: int = 500):
    """Every referral of the coordinator's wards, overdue ones first, then newest."""
    today = today or timezone.localdate()
    return list(
        Referral.objects.in_wards(access.overseen_wards(actor))
        .with_overdue_flag(today)
        .select_related("ward", "service", "window")
        .prefetch_related("troubles")
        .order_by("-is_overdue", "-created_at")[:limit]
    )


def service_for_sheet(uuid, *, actor, request=None) -> Service:
    """The service a つなぎシート describes; for the referrer or the staff who may read it."""
    referral = Referral.objects.select_related("service__organization", "window").get(uuid=uuid)
    if referral.referrer_id != actor.pk and not access.can_read_details(actor, referral):
        raise Referral.DoesNotExist
    audit.record(
        "referrals.referral.sheet_printed",
        actor=actor,
        target=referral,
        organisation=referral.referrer_organisation,
        request=request,
    )
    return (
        Service.objects.filter(pk=referral.service_id)
        .select_related("organization")
        .prefetch_related("phones", "service_at_locations__location__addresses")
        .get()
    )
