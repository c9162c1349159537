"""Template helpers shared by every app."""

from __future__ import annotations

import datetime as dt

from django import template
from django.conf import settings
from django.utils import timezone

register = template.Library()

# (first day of the era, its name). Newest first.
ERAS = (
    (dt.date(2019, 5, 1), "令和"),
    (dt.date(1989, 1, 8), "平成"),
    (dt.date(1926, 12, 25), "昭和"),
)


def wareki(day: dt.date) -> str:
    """令和8年11月26日; the first year of an era is written 元年."""
    for start, era in ERAS:
        if day >= start:
            year = day.year - start.year + 1
            year_text = "元" if year == 1 else str(year)
            return f"{era}{year_text}年{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"


@register.filter
def date_ja(value: dt.date | dt.datetime | None, style: str = "") -> str:
    """A date in the deployment's style (TSUNAGU_DATE_STYLE), in Tokyo time."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if (style or settings.TSUNAGU_DATE_STYLE) == "wareki":
        return wareki(value)
    return f"{value.year}年{value.month}月{value.day}日"
