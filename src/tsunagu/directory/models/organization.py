"""Organisations and their locations (HSDS organization, location, address, accessibility)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import HsdsModel


class Organization(HsdsModel):
    """Who runs a service: a city bureau, a social welfare council, an NPO, a national body.

    Named after HSDS (organization) so that the mapping stays one to one (DIR-1).
    """

    name = models.CharField(_("名前"), max_length=200)
    kana = models.CharField(_("よみがな"), max_length=300, blank=True)
    alternate_name = models.CharField(_("別名"), max_length=200, blank=True)
    description = models.TextField(_("説明"))
    email = models.EmailField(_("メールアドレス"), blank=True)
    website = models.URLField(_("ウェブサイト"), blank=True)
    uri = models.URLField(_("URI"), blank=True)
    parent_organization = models.ForeignKey(
        "self",
        verbose_name=_("上位の組織"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )
    is_sample = models.BooleanField(_("サンプル"), default=False)
    last_modified = models.DateTimeField(_("最終更新"), auto_now=True)

    class Meta:
        verbose_name = _("組織")
        verbose_name_plural = _("組織")
        ordering = ["kana", "name"]
        indexes = [
            # HSDS API: organizations?modified_after=...
            models.Index(fields=["last_modified"], name="directory_org_modified_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class LocationType(models.TextChoices):
    PHYSICAL = "physical", _("所在地")
    POSTAL = "postal", _("郵便の宛先")
    VIRTUAL = "virtual", _("オンライン")


class Location(HsdsModel):
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("組織"),
        on_delete=models.CASCADE,
        related_name="locations",
        null=True,
        blank=True,
    )
    location_type = models.CharField(
        _("場所の種類"), max_length=16, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    url = models.URLField(_("URL"), blank=True)
    name = models.CharField(_("名前"), max_length=200, blank=True)
    kana = models.CharField(_("よみがな"), max_length=300, blank=True)
    alternate_name = models.CharField(_("別名"), max_length=200, blank=True)
    description = models.TextField(_("説明"), blank=True)
    transportation = models.TextField(_("交通"), blank=True)
    latitude = models.DecimalField(_("緯度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(
        _("経度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    external_identifier = models.CharField(_("外部ID"), max_length=100, blank=True)
    external_identifier_type = models.CharField(_("外部IDの種類"), max_length=100, blank=True)
    area = models.ForeignKey(
        "core.Area",
        verbose_name=_("所在の区域"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Shelters and similar places: the address is kept for staff but never published,
    # in pages, the HSDS API or exports (the HSDS "redacted" idea).
    address_hidden = models.BooleanField(_("住所を公開しない"), default=False)

    class Meta:
        verbose_name = _("場所")
        verbose_name_plural = _("場所")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name or str(self.id)


class AddressType(models.TextChoices):
    PHYSICAL = "physical", _("所在地")
    POSTAL = "postal", _("郵便の宛先")
    VIRTUAL = "virtual", _("オンライン")


class Address(HsdsModel):
    location = models.ForeignKey(
        Location, verbose_name=_("場所"), on_delete=models.CASCADE, related_name="addresses"
    )
    attention = models.CharField(_("宛名"), max_length=200, blank=True)
    address_1 = models.CharField(_("住所"), max_length=300)
    address_2 = models.CharField(_("建物名など"), max_length=300, blank=True)
    city = models.CharField(_("市区町村"), max_length=100)
    region = models.CharField(_("地域"), max_length=100, blank=True)
    state_province = models.CharField(_("都道府県"), max_length=100)
    postal_code = models.CharField(_("郵便番号"), max_length=10)
    country = models.CharField(_("国"), max_length=2, default="JP")
    address_type = models.CharField(
        _("住所の種類"), max_length=16, choices=AddressType.choices, default=AddressType.PHYSICAL
    )

    class Meta:
        verbose_name = _("住所")
        verbose_name_plural = _("住所")
        ordering = ["location", "address_type"]

    def __str__(self) -> str:
        return f"{self.state_province}{self.city}{self.address_1}"


class Accessibility(HsdsModel):
    location = models.ForeignKey(
        Location,
        verbose_name=_("場所"),
        on_delete=models.CASCADE,
        related_name="accessibility",
    )
    description = models.TextField(_("説明"), blank=True)
    details = models.TextField(_("詳細"), blank=True)
    url = models.URLField(_("URL"), blank=True)

    class Meta:
        verbose_name = _("バリアフリー情報")
        verbose_name_plural = _("バリアフリー情報")

    def __str__(self) -> str:
        return self.description[:40]
