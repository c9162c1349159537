"""Keeping entries current: proposed changes awaiting approval, and public corrections."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .service import Service


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("承認待ち")
    APPROVED = "approved", _("承認済み")
    REJECTED = "rejected", _("却下")


class ServiceChangeQuerySet(models.QuerySet["ServiceChange"]):
    def pending(self) -> ServiceChangeQuerySet:
        return self.filter(status=ChangeStatus.PENDING)


class ServiceChange(models.Model):
    """One edit of an entry: applied at once when an editor makes it, or waiting for an
    editor when the window's own staff propose it. Every row stays as the entry's history."""

    service = models.ForeignKey(
        Service, verbose_name=_("相談先"), on_delete=models.CASCADE, related_name="changes"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提案した人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("提案日時"), default=timezone.now)
    # {"field": [old, new]} for the fields that change; values are plain JSON.
    changes = models.JSONField(_("変更内容"), default=dict)
    status = models.CharField(
        _("状態"), max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("判断した人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("判断日時"), null=True, blank=True)

    objects = ServiceChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("相談先の変更")
        verbose_name_plural = _("相談先の変更")
        ordering = ["-proposed_at"]
        indexes = [
            # Editors' queue: pending changes, oldest first.
            models.Index(fields=["status", "proposed_at"], name="directory_change_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.service} {self.get_status_display()}"


class CorrectionKind(models.TextChoices):
    PHONE = "phone", _("電話番号が違う")
    HOURS = "hours", _("受付時間が違う")
    ADDRESS = "address", _("場所・住所が違う")
    CLOSED = "closed", _("もう受け付けていない")
    OTHER = "other", _("そのほかの誤り")


class CorrectionStatus(models.TextChoices):
    OPEN = "open", _("未対応")
    RESOLVED = "resolved", _("対応済み")


class CorrectionRequest(models.Model):
    """A resident's note that an entry is wrong. Only a choice: no free text, nothing about
    who sent it."""

    service = models.ForeignKey(
        Service, verbose_name=_("相談先"), on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(_("誤りの種類"), max_length=10, choices=CorrectionKind.choices)
    created_at = models.DateTimeField(_("受付日時"), default=timezone.now)
    status = models.CharField(
        _("状態"), max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.OPEN
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("対応した人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("対応日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("誤りの知らせ")
        verbose_name_plural = _("誤りの知らせ")
        ordering = ["-created_at"]
        indexes = [
            # Editors' list of open corrections, newest first.
            models.Index(fields=["status", "created_at"], name="directory_correction_open_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.service} {self.get_kind_display()}"
