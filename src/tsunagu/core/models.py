"""Areas: prefectures, municipalities and wards, keyed by the official codes.

`code` is the six-digit 全国地方公共団体コード (with its check digit) and `jis_code`
the five-digit JIS X 0402 code. Nothing here knows about any one city: the areas
a deployment serves are loaded from CSV files (see `tsunagu load_areas`).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AreaKind(models.TextChoices):
    PREFECTURE = "prefecture", _("都道府県")
    MUNICIPALITY = "municipality", _("市区町村")
    WARD = "ward", _("行政区")


class AreaQuerySet(models.QuerySet["Area"]):
    def by_code(self, code: str) -> Area:
        """Find an area by either official code (five or six digits)."""
        code = code.strip()
        if len(code) == 5:
            return self.get(jis_code=code)
        return self.get(code=code)

    def wards_of(self, municipality_code: str) -> AreaQuerySet:
        return self.filter(kind=AreaKind.WARD, parent__code=municipality_code).order_by("code")


class Area(models.Model):
    code = models.CharField(_("地方公共団体コード"), max_length=6, primary_key=True)
    jis_code = models.CharField(_("JISコード"), max_length=5, unique=True)
    kind = models.CharField(_("種別"), max_length=16, choices=AreaKind.choices)
    name = models.CharField(_("名称"), max_length=64)
    kana = models.CharField(_("よみがな"), max_length=128)
    romaji = models.CharField(_("ローマ字"), max_length=128)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上位の団体"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("区域")
        verbose_name_plural = _("区域")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="core_area_code_six_digits",
                condition=models.Q(code__regex=r"^[0-9]{6}$"),
            ),
            models.CheckConstraint(
                name="core_area_jis_code_is_code_prefix",
                condition=models.Q(code__startswith=models.F("jis_code")),
            ),
            models.CheckConstraint(
                name="core_area_only_prefectures_are_roots",
                condition=models.Q(kind=AreaKind.PREFECTURE, parent__isnull=True)
                | (~models.Q(kind=AreaKind.PREFECTURE) & models.Q(parent__isnull=False)),
            ),
        ]
        indexes = [
            # Ward pickers list the wards of one municipality.
            models.Index(fields=["parent", "kind"], name="core_area_parent_kind_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def full_name(self) -> str:
        """大阪府大阪市北区: the name with the names above it."""
        names = [self.name]
        parent = self.parent
        while parent is not None:
            names.append(parent.name)
            parent = parent.parent
        return "".join(reversed(names))


class _KindManager(models.Manager["Area"]):
    kind: str = ""

    def get_queryset(self) -> AreaQuerySet:
        return AreaQuerySet(self.model, using=self._db).filter(kind=self.kind)


class PrefectureManager(_KindManager):
    kind = AreaKind.PREFECTURE


class MunicipalityManager(_KindManager):
    kind = AreaKind.MUNICIPALITY


class WardManager(_KindManager):
    kind = AreaKind.WARD


class Prefecture(Area):
    objects = PrefectureManager()

    class Meta:
        proxy = True
        verbose_name = _("都道府県")
        verbose_name_plural = _("都道府県")


class Municipality(Area):
    objects = MunicipalityManager()

    class Meta:
        proxy = True
        verbose_name = _("市区町村")
        verbose_name_plural = _("市区町村")


class Ward(Area):
    objects = WardManager()

    class Meta:
        proxy = True
        verbose_name = _("行政区")
        verbose_name_plural = _("行政区")


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def in_chain_order(self) -> AuditEntryQuerySet:
        return self.order_by("sequence")

    def for_target(self, target_type: ContentType, target_id: str) -> AuditEntryQuerySet:
        return self.filter(target_type=target_type, target_id=target_id)


class AuditEntry(models.Model):
    """One thing someone did or looked at. Append-only and hash-chained (PRIV-4).

    Holds references only: who (user id), for which organisation, what (a namespaced
    action such as `councils.case.viewed`), which record (content type + id), when, and the
    request id. Never names, free text or the content of a record.
    """

    sequence = models.PositiveBigIntegerField(_("通し番号"), unique=True, editable=False)
    created_at = models.DateTimeField(_("日時"), default=timezone.now, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作した人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("所属組織"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("操作"), max_length=100)
    target_type = models.ForeignKey(
        ContentType,
        verbose_name=_("対象の種類"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    target_id = models.CharField(_("対象のID"), max_length=64, blank=True)
    request_id = models.CharField(_("リクエストID"), max_length=64, blank=True)
    previous_hash = models.CharField(_("前の記録のハッシュ"), max_length=64)
    hash = models.CharField(_("ハッシュ"), max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("監査ログ")
        verbose_name_plural = _("監査ログ")
        ordering = ["-sequence"]
        constraints = [
            models.CheckConstraint(
                name="core_auditentry_action_is_namespaced",
                condition=models.Q(action__regex=r"^[a-z][a-z_]*(\.[a-z][a-z_]*)+$"),
            ),
        ]
        indexes = [
            # The audit search: one person's actions over a period.
            models.Index(fields=["actor", "created_at"], name="core_audit_actor_time_idx"),
            # The audit search: everything done to one record.
            models.Index(fields=["target_type", "target_id"], name="core_audit_target_idx"),
            # The audit search by period alone.
            models.Index(fields=["created_at"], name="core_audit_time_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action}"

    @property
    def target_label(self) -> str:
        if self.target_type_id is None:
            return ""
        return f"{self.target_type.app_label}.{self.target_type.model}:{self.target_id}"
