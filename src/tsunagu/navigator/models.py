"""Anonymous usage counts of the navigator: per day and combination of choices, a number.

No text, no IP address, no cookie, no time of day finer than the date: a row says only that
on this date, this many results pages were shown for this ward, codes, age band, asker,
poster (src) and whether the crisis panel was shown. These feed the dashboard.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class UsageCount(models.Model):
    date = models.DateField(_("日付"))
    ward = models.CharField(_("区"), max_length=10, blank=True)
    codes = models.CharField(_("困りごとのコード"), max_length=400, blank=True)
    age = models.CharField(_("年代"), max_length=10, blank=True)
    who = models.CharField(_("だれのこと"), max_length=20, blank=True)
    channel = models.CharField(_("来た経路（ポスターの番号）"), max_length=40, blank=True)
    crisis_shown = models.BooleanField(_("緊急の案内を表示"), default=False)
    count = models.PositiveIntegerField(_("件数"), default=0)

    class Meta:
        verbose_name = _("ナビの利用件数")
        verbose_name_plural = _("ナビの利用件数")
        constraints = [
            models.UniqueConstraint(
                fields=["date", "ward", "codes", "age", "who", "channel", "crisis_shown"],
                name="navigator_usage_one_row_per_combination",
            )
        ]
        indexes = [
            # Dashboard: counts per ward over a date range.
            models.Index(fields=["ward", "date"], name="navigator_usage_ward_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.ward or '-'} {self.codes or '-'}: {self.count}"
