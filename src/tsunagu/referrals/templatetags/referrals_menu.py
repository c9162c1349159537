"""The staff menu of つなぎ shows only the pages the signed-in person may open."""

from __future__ import annotations

from django import template

from tsunagu.accounts.permissions import has_permission

from .. import access
from ..models import Notice

register = template.Library()


@register.inclusion_tag("referrals/_menu.html", takes_context=True)
def referrals_menu(context) -> dict:
    user = context["request"].user
    return {
        "can_refer": has_permission(user, access.CREATE),
        "can_handle": has_permission(user, access.INBOX),
        "can_oversee": has_permission(user, access.OVERSEE),
        "can_see_figures": has_permission(user, access.FIGURES),
        "unread": Notice.objects.filter(recipient=user).unread().count()
        if user.is_authenticated
        else 0,
    }
