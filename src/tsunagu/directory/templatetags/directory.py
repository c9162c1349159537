from __future__ import annotations

from django import template

from tsunagu.directory.hours_text import format_hours_text

register = template.Library()


@register.filter
def hours_text(service) -> str:
    """The service's opening schedules in the notation staff use (平日 09:00-17:30)."""
    return format_hours_text(service.schedules.all())
