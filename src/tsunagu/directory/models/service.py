"""Services and what hangs off them (HSDS service, service_at_location, phone, contact,
language, service_area, schedule, attribute), plus the Japanese-city extras."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.directory.text import normalise_for_search, normalised_forms, search_document

from .base import HsdsModel
from .organization import Location, Organization
from .taxonomy import TROUBLE_TAXONOMY_NAME, TaxonomyTerm

STALE_AFTER_DAYS = 180


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("受付中")
    INACTIVE = "inactive", _("休止中")
    DEFUNCT = "defunct", _("終了")
    TEMPORARILY_CLOSED = "temporarily closed", _("一時休止")


class ServiceKind(models.TextChoices):
    WINDOW = "window", _("相談窓口")
    HOTLINE = "hotline", _("電話・SNS相談")
    PLACE = "place", _("つながりの場")


class Confidence(models.TextChoices):
    """How sure we are of an entry. Only `high` entries may appear in crisis panels."""

    HIGH = "high", _("確認済み")
    MEDIUM = "medium", _("要確認")
    LOW = "low", _("未確認")


def _area_codes_above(area) -> list[str]:
    """The codes of an area and every area above it (ward → city → prefecture)."""
    from tsunagu.core.models import Area

    if isinstance(area, str):
        area = Area.objects.select_related("parent__parent").by_code(area)
    codes = []
    while area is not None:
        codes.append(area.code)
        area = area.parent
    return codes


class ServiceQuerySet(models.QuerySet["Service"]):
    def active(self) -> ServiceQuerySet:
        return self.filter(status=ServiceStatus.ACTIVE)

    def of_kind(self, kind: str) -> ServiceQuerySet:
        return self.filter(kind=kind)

    def for_codes(self, codes: Iterable[str]) -> ServiceQuerySet:
        """Services tagged with any of the given 困りごと codes."""
        # IN (subquery) lets the database start from the term index rather than test every
        # service row (measured 10x faster than a correlated EXISTS at 50,000 services).
        tagged = Attribute.objects.filter(
            taxonomy_term__code__in=list(codes),
            taxonomy_term__taxonomy__name=TROUBLE_TAXONOMY_NAME,
        ).values("service")
        return self.filter(pk__in=tagged)

    def serving_area(self, area) -> ServiceQuerySet:
        """Services a resident of `area` can use: those for the area itself, for every area
        above it (a ward's city and prefecture) and the nation-wide ones.

        `area` is a core.Area or its code (five or six digits).
        """
        codes = _area_codes_above(area)
        covering = ServiceArea.objects.filter(Q(area__in=codes) | Q(area__isnull=True)).values(
            "service"
        )
        return self.filter(pk__in=covering)

    def nationwide(self) -> ServiceQuerySet:
        return self.filter(
            Exists(ServiceArea.objects.filter(service=OuterRef("pk"), area__isnull=True))
        )

    def vetted(self) -> ServiceQuerySet:
        """Checked by a person with a trustworthy source: safe to show in a crisis."""
        return self.filter(confidence=Confidence.HIGH, last_verified_at__isnull=False)

    def crisis_lines(self) -> ServiceQuerySet:
        """Vetted, active 24-hour crisis lines and emergency numbers, emergency first."""
        return (
            self.active()
            .vetted()
            .filter(is_crisis_line=True)
            .order_by("-is_emergency_number", "crisis_order", "name")
        )

    def stale(self, now: dt.datetime | None = None) -> ServiceQuerySet:
        """Entries nobody has confirmed for STALE_AFTER_DAYS days (or ever)."""
        cutoff = (now or timezone.now()) - dt.timedelta(days=STALE_AFTER_DAYS)
        return self.filter(Q(last_verified_at__isnull=True) | Q(last_verified_at__lt=cutoff))

    def search(self, text: str) -> ServiceQuerySet:
        """Every word must appear (kana/kanji/width variants folded, see text.py)."""
        qs = self
        for word in (text or "").split():
            as_typed = Q(search_text__contains=normalise_for_search(word))
            forms = normalised_forms(word)
            if forms:
                as_normalised = Q()
                for form in forms:
                    as_normalised &= Q(search_text__contains=form)
                as_typed |= as_normalised
            qs = qs.filter(as_typed)
        return qs

    def with_details(self) -> ServiceQuerySet:
        """Everything a service page or an HSDS document shows, in a fixed number of queries."""
        return self.select_related("organization").prefetch_related(
            "phones",
            "schedules",
            "special_dates",
            "languages",
            "contacts",
            "service_areas__area",
            models.Prefetch(
                "attributes",
                queryset=Attribute.objects.select_related("taxonomy_term__taxonomy"),
            ),
            models.Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related(
                    "location__area"
                ).prefetch_related("location__addresses", "location__accessibility"),
            ),
        )


class Service(HsdsModel):
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("組織"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    name = models.CharField(_("名前"), max_length=200)
    kana = models.CharField(_("よみがな"), max_length=300, blank=True)
    alternate_name = models.CharField(_("別名"), max_length=200, blank=True)
    description = models.TextField(_("説明"), blank=True)
    url = models.URLField(_("URL"), blank=True)
    email = models.EmailField(_("メールアドレス"), blank=True)
    status = models.CharField(
        _("状態"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    kind = models.CharField(
        _("種類"), max_length=16, choices=ServiceKind.choices, default=ServiceKind.WINDOW
    )
    window_type = models.CharField(
        _("窓口の種別"),
        max_length=100,
        blank=True,
        help_text=_("例: 地域包括支援センター、子ども食堂"),
    )
    interpretation_services = models.TextField(_("通訳"), blank=True)
    application_process = models.TextField(_("利用のしかた"), blank=True)
    fees_description = models.TextField(_("費用"), blank=True)
    eligibility_description = models.TextField(_("対象"), blank=True)
    alert = models.TextField(_("お知らせ"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("対象年齢（下限）"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("対象年齢（上限）"), null=True, blank=True)
    # Who may call: the person, their family, or a supporter (neighbour, professional).
    for_self = models.BooleanField(_("本人"), default=True)
    for_family = models.BooleanField(_("家族"), default=True)
    for_supporters = models.BooleanField(_("支援者"), default=True)
    # Ways to get in touch.
    by_phone = models.BooleanField(_("電話"), default=False)
    by_chat = models.BooleanField(_("チャット"), default=False)
    by_email = models.BooleanField(_("メール"), default=False)
    by_visit = models.BooleanField(_("来所"), default=False)
    by_messaging = models.BooleanField(_("LINEなどのSNS"), default=False)
    by_letter = models.BooleanField(_("手紙"), default=False)
    is_free = models.BooleanField(_("無料"), default=True)
    is_anonymous = models.BooleanField(_("匿名で相談できる"), default=False)
    is_crisis_line = models.BooleanField(_("24時間の緊急・危機の相談先"), default=False)
    is_emergency_number = models.BooleanField(_("緊急通報（110・119など）"), default=False)
    crisis_order = models.PositiveSmallIntegerField(_("緊急時の表示順"), default=100)
    what_to_say = models.TextField(_("電話でのひとこと"), blank=True)
    hours_note = models.CharField(_("受付時間（文章）"), max_length=300, blank=True)
    # Holidays and 12/29–1/3 close a service unless it says otherwise (DIR-5).
    open_on_public_holidays = models.BooleanField(_("祝日も開いている"), default=False)
    open_over_new_year = models.BooleanField(_("年末年始も開いている"), default=False)
    source = models.CharField(_("情報源"), max_length=300, blank=True)
    confidence = models.CharField(
        _("確かさ"), max_length=10, choices=Confidence.choices, default=Confidence.MEDIUM
    )
    last_verified_at = models.DateTimeField(_("最終確認日時"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("確認した人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_sample = models.BooleanField(_("サンプル"), default=False)
    # Lower-case, NFKC, katakana→hiragana copy of the names and description (text.py).
    search_text = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(_("登録日時"), default=timezone.now, editable=False)
    last_modified = models.DateTimeField(_("最終更新"), auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("相談先")
        verbose_name_plural = _("相談先")
        ordering = ["kana", "name"]
        constraints = [
            models.CheckConstraint(
                name="directory_service_age_range",
                condition=Q(minimum_age__isnull=True)
                | Q(maximum_age__isnull=True)
                | Q(minimum_age__lte=models.F("maximum_age")),
            ),
            models.CheckConstraint(
                name="directory_service_status_valid",
                condition=Q(status__in=ServiceStatus.values),
            ),
            models.CheckConstraint(
                name="directory_service_kind_valid", condition=Q(kind__in=ServiceKind.values)
            ),
        ]
        indexes = [
            # Public directory list: active services of one kind, in kana order.
            models.Index(fields=["status", "kind", "kana"], name="directory_service_list_idx"),
            # crisis_lines(): the handful of active crisis lines.
            models.Index(
                fields=["crisis_order"],
                condition=Q(is_crisis_line=True),
                name="directory_service_crisis_idx",
            ),
            # HSDS API: services?modified_after=...
            models.Index(fields=["last_modified"], name="directory_service_modified_idx"),
            # Staff stale list: oldest confirmation first.
            models.Index(fields=["last_verified_at"], name="directory_service_verified_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = search_document(
            self.name,
            self.kana,
            self.alternate_name,
            self.window_type,
            self.description,
            self.organization.name if self.organization_id else "",
        )
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    @property
    def is_vetted(self) -> bool:
        return self.confidence == Confidence.HIGH and self.last_verified_at is not None

    @property
    def is_stale(self) -> bool:
        if self.last_verified_at is None:
            return True
        return timezone.now() - self.last_verified_at > dt.timedelta(days=STALE_AFTER_DAYS)

    @property
    def trouble_terms(self) -> list[TaxonomyTerm]:
        """The 困りごと terms in contract order; uses prefetched attributes (with_details())."""
        terms = [
            a.taxonomy_term
            for a in self.attributes.all()
            if a.taxonomy_term
            and a.taxonomy_term.taxonomy_id
            and a.taxonomy_term.taxonomy.name == TROUBLE_TAXONOMY_NAME
        ]
        return sorted(terms, key=lambda t: (t.position, t.code))

    @property
    def trouble_codes(self) -> list[str]:
        return [term.code for term in self.trouble_terms]

    @property
    def main_phone(self) -> Phone | None:
        phones = list(self.phones.all())
        return phones[0] if phones else None

    def open_at(self, moment: dt.datetime) -> bool:
        from tsunagu.directory.hours import open_at

        return open_at(self, moment)

    def next_opening(self, moment: dt.datetime) -> dt.datetime | None:
        from tsunagu.directory.hours import next_opening

        return next_opening(self, moment)


class ServiceAtLocation(HsdsModel):
    service = models.ForeignKey(
        Service,
        verbose_name=_("相談先"),
        on_delete=models.CASCADE,
        related_name="service_at_locations",
    )
    location = models.ForeignKey(
        Location,
        verbose_name=_("場所"),
        on_delete=models.CASCADE,
        related_name="service_at_locations",
    )
    description = models.TextField(_("説明"), blank=True)
    last_modified = models.DateTimeField(_("最終更新"), auto_now=True)

    class Meta:
        verbose_name = _("相談先の場所")
        verbose_name_plural = _("相談先の場所")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "location"], name="directory_sal_service_location_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} @ {self.location}"


class ServiceArea(HsdsModel):
    """The area a service covers. No area means the whole nation (全国)."""

    service = models.ForeignKey(
        Service,
        verbose_name=_("相談先"),
        on_delete=models.CASCADE,
        related_name="service_areas",
    )
    area = models.ForeignKey(
        "core.Area",
        verbose_name=_("区域"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("名前"), max_length=200, blank=True)
    description = models.TextField(_("説明"), blank=True)
    extent = models.TextField(_("範囲"), blank=True)
    extent_type = models.CharField(_("範囲の形式"), max_length=50, blank=True)
    uri = models.CharField(_("URI"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("対象の区域")
        verbose_name_plural = _("対象の区域")
        indexes = [
            # serving_area(): which services cover these area codes.
            models.Index(fields=["area", "service"], name="directory_svcarea_area_idx"),
        ]

    def __str__(self) -> str:
        return self.name or (self.area.name if self.area_id else "全国")


class Contact(HsdsModel):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contacts",
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    # A desk or a role (e.g. 相談担当), never a private person's details.
    name = models.CharField(_("名前"), max_length=200, blank=True)
    title = models.CharField(_("役職"), max_length=200, blank=True)
    department = models.CharField(_("部署"), max_length=200, blank=True)
    email = models.EmailField(_("メールアドレス"), blank=True)

    class Meta:
        verbose_name = _("連絡先")
        verbose_name_plural = _("連絡先")

    def __str__(self) -> str:
        return self.name or self.department


class Phone(HsdsModel):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="phones",
    )
    number = models.CharField(_("電話番号"), max_length=30)
    extension = models.PositiveIntegerField(_("内線"), null=True, blank=True)
    type = models.CharField(_("種類"), max_length=20, blank=True, help_text="voice, fax, text…")
    description = models.TextField(_("説明"), blank=True)
    position = models.PositiveSmallIntegerField(_("並び順"), default=0)

    class Meta:
        verbose_name = _("電話番号")
        verbose_name_plural = _("電話番号")
        ordering = ["position", "number"]

    def __str__(self) -> str:
        return self.number

    @property
    def tel_href(self) -> str:
        """A tel: address; '#' of short codes like #8008 must be escaped in a URL."""
        return "tel:" + self.number.replace("#", "%23")


class Language(HsdsModel):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    phone = models.ForeignKey(
        Phone, on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    name = models.CharField(_("言語名"), max_length=100, blank=True)
    code = models.CharField(_("言語コード"), max_length=20, blank=True)
    note = models.TextField(_("メモ"), blank=True)

    class Meta:
        verbose_name = _("言語")
        verbose_name_plural = _("言語")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name or self.code


class Frequency(models.TextChoices):
    WEEKLY = "WEEKLY", _("毎週")
    MONTHLY = "MONTHLY", _("毎月")


class Schedule(HsdsModel):
    """One recurring opening (or closure) in iCalendar RRULE terms, as HSDS has it.

    opens_at/closes_at are local times in Asia/Tokyo; a closing time at or before the
    opening time runs past midnight (00:00–00:00 is the whole day). `is_closure` turns the
    rule into a closure (e.g. 毎月第3月曜 休館) that wins over opening rules (DIR-5).
    """

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="schedules",
    )
    valid_from = models.DateField(_("有効期間（開始）"), null=True, blank=True)
    valid_to = models.DateField(_("有効期間（終了）"), null=True, blank=True)
    dtstart = models.DateField(_("初回の日"), null=True, blank=True)
    until = models.DateField(_("最終の日"), null=True, blank=True)
    count = models.PositiveIntegerField(_("回数"), null=True, blank=True)
    wkst = models.CharField(_("週の始まり"), max_length=2, blank=True)
    freq = models.CharField(_("くり返し"), max_length=10, choices=Frequency.choices, blank=True)
    interval = models.PositiveSmallIntegerField(_("間隔"), null=True, blank=True)
    byday = models.CharField(_("曜日"), max_length=100, blank=True)
    byweekno = models.CharField(_("週番号"), max_length=100, blank=True)
    bymonthday = models.CharField(_("日付"), max_length=100, blank=True)
    byyearday = models.CharField(_("年の通算日"), max_length=100, blank=True)
    description = models.TextField(_("説明"), blank=True)
    opens_at = models.TimeField(_("開始時刻"), null=True, blank=True)
    closes_at = models.TimeField(_("終了時刻"), null=True, blank=True)
    schedule_link = models.URLField(_("予定のページ"), blank=True)
    attending_type = models.CharField(_("参加の形"), max_length=100, blank=True)
    notes = models.TextField(_("メモ"), blank=True)
    is_closure = models.BooleanField(_("休み"), default=False)

    class Meta:
        verbose_name = _("受付時間")
        verbose_name_plural = _("受付時間")
        constraints = [
            models.CheckConstraint(
                name="directory_schedule_valid_range",
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
            ),
        ]

    def __str__(self) -> str:
        return self.description or f"{self.freq} {self.byday} {self.opens_at}-{self.closes_at}"


class SpecialDate(models.Model):
    """A date on which one service departs from its rules: closed, or open (even on a
    holiday), with its own hours."""

    service = models.ForeignKey(
        Service,
        verbose_name=_("相談先"),
        on_delete=models.CASCADE,
        related_name="special_dates",
    )
    date = models.DateField(_("日付"))
    is_open = models.BooleanField(_("開いている"), default=False)
    opens_at = models.TimeField(_("開始時刻"), null=True, blank=True)
    closes_at = models.TimeField(_("終了時刻"), null=True, blank=True)
    note = models.CharField(_("メモ"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("特別な日")
        verbose_name_plural = _("特別な日")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "date"], name="directory_specialdate_unique"
            ),
            models.CheckConstraint(
                name="directory_specialdate_open_has_hours",
                condition=Q(is_open=False) | Q(opens_at__isnull=False, closes_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {'open' if self.is_open else 'closed'}"


class Attribute(HsdsModel):
    """Links a record to a taxonomy term (HSDS attribute). Services carry their 困りごと
    codes this way; `service` is filled for service links so queries can join on it."""

    taxonomy_term = models.ForeignKey(
        TaxonomyTerm,
        verbose_name=_("分類の項目"),
        on_delete=models.PROTECT,
        related_name="attributes",
    )
    link_entity = models.CharField(_("対象の種類"), max_length=50, default="service")
    link_id = models.UUIDField(_("対象のID"))
    link_type = models.CharField(_("関係"), max_length=100, blank=True)
    value = models.TextField(_("値"), blank=True)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="attributes"
    )

    class Meta:
        verbose_name = _("属性")
        verbose_name_plural = _("属性")
        constraints = [
            models.CheckConstraint(
                name="directory_attribute_service_link",
                condition=~Q(link_entity="service")
                | Q(service__isnull=False, link_id=models.F("service")),
            ),
        ]
        indexes = [
            # for_codes(): services tagged with these terms.
            models.Index(fields=["taxonomy_term", "service"], name="directory_attr_term_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.link_entity}:{self.taxonomy_term}"
