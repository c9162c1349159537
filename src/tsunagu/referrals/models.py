"""つなぎ: a referral of one person from a city employee to one consultation window.

Anonymous facts (ward, trouble codes, age band, statuses, dates) stay for the statistics;
everything about the person is in encrypted fields, read only through services.py, and is
erased by `tsunagu purge_referrals` once a closed referral is old enough (REF-6).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.core.fields import EncryptedTextField

from .states import (
    CLOSED,
    OPEN,
    AgeBand,
    ConsentGiver,
    ConsentMethod,
    Delivery,
    LegalBasis,
    Status,
    Who,
)


class ReceivingWindow(models.Model):
    """Which staff organisation receives the referrals sent to a directory service (REF-2).

    A directory entry describes a service for residents; the people who open the inbox
    belong to an accounts.Organisation. A service without this link cannot receive
    referrals: the employee can still hand the person its details (本人が自分で連絡する).
    """

    service = models.OneToOneField(
        "directory.Service",
        verbose_name=_("相談先"),
        on_delete=models.CASCADE,
        related_name="receiving_window",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("受け付ける組織"),
        on_delete=models.PROTECT,
        related_name="receiving_windows",
    )

    class Meta:
        verbose_name = _("受付窓口")
        verbose_name_plural = _("受付窓口")

    def __str__(self) -> str:
        return f"{self.service} → {self.organisation}"


class ReferralQuerySet(models.QuerySet["Referral"]):
    def open(self) -> ReferralQuerySet:
        return self.filter(status__in=OPEN)

    def closed(self) -> ReferralQuerySet:
        return self.filter(status__in=CLOSED)

    def sent(self) -> ReferralQuerySet:
        return self.filter(delivery=Delivery.SEND)

    def for_windows(self, organisations) -> ReferralQuerySet:
        return self.filter(window__in=organisations)

    def in_wards(self, ward_codes) -> ReferralQuerySet:
        return self.filter(ward__in=ward_codes)

    def made_by(self, user) -> ReferralQuerySet:
        return self.filter(referrer=user)

    def new(self) -> ReferralQuerySet:
        return self.filter(status=Status.PENDING)

    def in_progress(self) -> ReferralQuerySet:
        return self.filter(status__in=[Status.ACCEPTED, Status.CONTACTED])

    def not_accepted_in_time(self, today: dt.date) -> ReferralQuerySet:
        return self.filter(status=Status.PENDING, accept_due_on__lt=today)

    def without_result_in_time(self, today: dt.date) -> ReferralQuerySet:
        return self.filter(status__in=OPEN, result_due_on__lt=today)

    def overdue(self, today: dt.date) -> ReferralQuerySet:
        return self.filter(
            Q(status=Status.PENDING, accept_due_on__lt=today)
            | Q(status__in=OPEN, result_due_on__lt=today)
        )

    def with_overdue_flag(self, today: dt.date) -> ReferralQuerySet:
        return self.annotate(
            is_overdue=models.Case(
                models.When(
                    Q(status=Status.PENDING, accept_due_on__lt=today)
                    | Q(status__in=OPEN, result_due_on__lt=today),
                    then=models.Value(True),
                ),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )

    def due_for_erasure(self, closed_before: dt.datetime) -> ReferralQuerySet:
        return self.filter(
            status__in=CLOSED, closed_at__lt=closed_before, personal_data_erased_at__isnull=True
        )


class Referral(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    # --- Anonymous facts: routing and statistics (kept after erasure) ---
    ward = models.ForeignKey(
        "core.Area",
        verbose_name=_("区"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "ward"},
    )
    age_band = models.CharField(
        _("年代"), max_length=16, choices=AgeBand.choices, default=AgeBand.UNKNOWN
    )
    noticed_as = models.CharField(
        _("気づいた立場"), max_length=16, choices=Who.choices, default=Who.STAFF
    )
    service = models.ForeignKey(
        "directory.Service",
        verbose_name=_("つなぎ先"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    window = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("受け付ける組織"),
        on_delete=models.PROTECT,
        related_name="referrals_received",
        null=True,
        blank=True,
    )
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("つないだ職員"),
        on_delete=models.PROTECT,
        related_name="referrals_made",
    )
    referrer_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("つないだ職員の所属"),
        on_delete=models.PROTECT,
        related_name="referrals_made",
    )
    delivery = models.CharField(
        _("送り方"), max_length=16, choices=Delivery.choices, default=Delivery.SEND
    )
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    forwarded_from = models.OneToOneField(
        "self",
        verbose_name=_("つなぎ直す前のつなぎ"),
        on_delete=models.PROTECT,
        related_name="forwarded_to",
        null=True,
        blank=True,
    )

    # --- Consent (REF-3) ---
    consent_giver = models.CharField(_("同意した人"), max_length=16, choices=ConsentGiver.choices)
    consent_method = models.CharField(
        _("同意の方法"), max_length=16, choices=ConsentMethod.choices, blank=True
    )
    consent_on = models.DateField(_("同意した日"), null=True, blank=True)
    shared_items = models.JSONField(_("窓口に伝えてよいこと"), default=list, blank=True)
    may_forward = models.BooleanField(_("他の窓口へつなぎ直してよい"), default=False)
    legal_basis = models.CharField(
        _("同意なしで送る根拠"), max_length=32, choices=LegalBasis.choices, blank=True
    )

    # --- About the person: encrypted, erased after the retention period ---
    person_name = EncryptedTextField(_("名前・呼び方"), blank=True)
    contact_details = EncryptedTextField(_("連絡先"), blank=True)
    contact_time = EncryptedTextField(_("連絡してよい時間"), blank=True)
    note = EncryptedTextField(_("気づいたこと"), blank=True)
    window_note = EncryptedTextField(_("窓口のメモ"), blank=True)

    # --- Dates ---
    created_at = models.DateTimeField(_("作成日時"), default=timezone.now)
    accept_due_on = models.DateField(_("受付期限"), null=True, blank=True)
    result_due_on = models.DateField(_("結果の期限"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("受付日時"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("受け付けた職員"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    contacted_at = models.DateTimeField(_("連絡日時"), null=True, blank=True)
    closed_at = models.DateTimeField(_("終了日時"), null=True, blank=True)
    personal_data_erased_at = models.DateTimeField(_("個人情報の消去日時"), null=True, blank=True)
    # When each reminder went out, so that running the reminders twice sends nothing twice.
    unaccepted_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    no_result_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    # A random token in the form: submitting the same form twice makes one referral (REF-5).
    idempotency_key = models.UUIDField(null=True, blank=True, editable=False)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("つなぎ")
        verbose_name_plural = _("つなぎ")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["referrer", "idempotency_key"],
                name="referrals_referral_one_per_form",
                condition=Q(idempotency_key__isnull=False),
            ),
            models.CheckConstraint(
                name="referrals_referral_sent_has_window",
                condition=~Q(delivery="send") | Q(window__isnull=False),
            ),
            models.CheckConstraint(
                name="referrals_referral_sent_with_consent_or_basis",
                condition=~Q(delivery="send") | ~Q(consent_giver="none") | ~Q(legal_basis=""),
            ),
            models.CheckConstraint(
                name="referrals_referral_self_contact_status",
                condition=~Q(delivery="self_contact") | Q(status="self_contact"),
            ),
        ]
        indexes = [
            # The window's inbox: referrals for my organisations by status.
            models.Index(fields=["window", "status"], name="referrals_window_status_idx"),
            # The ward coordinator's list and the figures page, by ward.
            models.Index(fields=["ward", "status"], name="referrals_ward_status_idx"),
            # My referrals, newest first.
            models.Index(fields=["referrer", "-created_at"], name="referrals_referrer_idx"),
            # The reminder sweep: open referrals past a due date.
            models.Index(fields=["status", "accept_due_on"], name="referrals_accept_due_idx"),
            models.Index(fields=["status", "result_due_on"], name="referrals_result_due_idx"),
        ]

    def __str__(self) -> str:
        # Never the person's name: this string appears in admin lists and logs.
        return f"つなぎ {str(self.uuid)[:8]}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def without_consent(self) -> bool:
        return self.consent_giver == ConsentGiver.NONE

    @property
    def needs_coordinator_attention(self) -> bool:
        return bool(self.legal_basis)


class ReferralTrouble(models.Model):
    """One 困りごと code of a referral; a row each so figures can group by code in SQL."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="troubles")
    code = models.CharField(_("困りごと"), max_length=32)

    class Meta:
        verbose_name = _("困りごと")
        verbose_name_plural = _("困りごと")
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "code"], name="referrals_trouble_once_per_referral"
            )
        ]
        indexes = [
            # Figures per trouble code.
            models.Index(fields=["code"], name="referrals_trouble_code_idx"),
        ]

    def __str__(self) -> str:
        return self.code


class StatusChange(models.Model):
    """Every change of status: who, when, from what to what (and why, encrypted)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(_("変更前"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("変更後"), max_length=20, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("変更した人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    at = models.DateTimeField(_("日時"), default=timezone.now)
    reason = EncryptedTextField(_("理由"), blank=True)

    class Meta:
        verbose_name = _("状態の変更")
        verbose_name_plural = _("状態の変更")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class NoticeKind(models.TextChoices):
    NEW_REFERRAL = "new_referral", _("新しいつなぎが届きました")
    NOT_ACCEPTED = "not_accepted", _("受付されていないつなぎがあります")
    NO_RESULT = "no_result", _("結果が記録されていないつなぎがあります")
    WITHOUT_CONSENT = "without_consent", _("同意なしで送られたつなぎがあります")


class NoticeQuerySet(models.QuerySet["Notice"]):
    def unread(self) -> NoticeQuerySet:
        return self.filter(read_at__isnull=True)


class Notice(models.Model):
    """An in-app notice to one staff member, sent with the email of the same content."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referral_notices"
    )
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("種類"), max_length=20, choices=NoticeKind.choices)
    created_at = models.DateTimeField(_("日時"), default=timezone.now)
    read_at = models.DateTimeField(_("既読"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("お知らせ")
        verbose_name_plural = _("お知らせ")
        ordering = ["-created_at"]
        constraints = [
            # A task that runs twice tells nobody twice.
            models.UniqueConstraint(
                fields=["recipient", "referral", "kind"], name="referrals_notice_once"
            )
        ]
        indexes = [
            # The staff header's unread count.
            models.Index(fields=["recipient", "read_at"], name="referrals_notice_unread_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.referral})"
