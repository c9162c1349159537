"""Taxonomies and their terms; the fixed 困りごと codes live here as one taxonomy."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import HsdsModel

TROUBLE_TAXONOMY_NAME = "tsunagu-troubles"


class Taxonomy(HsdsModel):
    name = models.CharField(_("名前"), max_length=200, unique=True)
    description = models.TextField(_("説明"))
    uri = models.URLField(_("URI"), blank=True)
    version = models.CharField(_("版"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("分類体系")
        verbose_name_plural = _("分類体系")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TaxonomyTermQuerySet(models.QuerySet["TaxonomyTerm"]):
    def troubles(self) -> TaxonomyTermQuerySet:
        """The fixed 困りごと codes (taxonomy.md), in their contract order."""
        return self.filter(taxonomy__name=TROUBLE_TAXONOMY_NAME).order_by("position", "code")


class TaxonomyTerm(HsdsModel):
    taxonomy = models.ForeignKey(
        Taxonomy,
        verbose_name=_("分類体系"),
        on_delete=models.PROTECT,
        related_name="terms",
        null=True,
        blank=True,
    )
    code = models.CharField(_("コード"), max_length=100, blank=True)
    name = models.CharField(_("名前"), max_length=200)
    description = models.TextField(_("説明"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上位の項目"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    language = models.CharField(_("言語"), max_length=20, blank=True)
    term_uri = models.URLField(_("URI"), blank=True)
    position = models.PositiveSmallIntegerField(_("並び順"), default=0)

    objects = TaxonomyTermQuerySet.as_manager()

    class Meta:
        verbose_name = _("分類の項目")
        verbose_name_plural = _("分類の項目")
        ordering = ["taxonomy", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["taxonomy", "code"],
                condition=~models.Q(code=""),
                name="directory_term_code_unique_in_taxonomy",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name in the reader's language: the fixed codes have catalogue entries."""
        from tsunagu.directory.troubles import TROUBLE_LABELS

        if self.taxonomy_id and self.code in TROUBLE_LABELS:
            return str(TROUBLE_LABELS[self.code])
        return self.name
