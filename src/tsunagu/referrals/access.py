"""Who may do what with referrals: the permission strings and the per-record checks.

- `referrals.referral.create`: any employee who may refer (a referrer); sees only the
  outcome class and dates of the referrals they made.
- `referrals.inbox.read`: staff of a receiving window; read and move the referrals sent to
  their own organisation (and nobody else's).
- `referrals.ward.oversee`: the ward coordinator; every referral of the wards inside the
  area of their organisation (a city-level grant covers all its wards).
- `referrals.figures.read`: the anonymous figures page.

A record the user may not see is answered with 404 by the views (REF-4).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from tsunagu.accounts.models import Membership, Organisation, Role
from tsunagu.accounts.permissions import has_permission, organisations_with
from tsunagu.core.models import Area, AreaKind

CREATE = "referrals.referral.create"
INBOX = "referrals.inbox.read"
OVERSEE = "referrals.ward.oversee"
FIGURES = "referrals.figures.read"


def window_organisations(user) -> QuerySet[Organisation]:
    return organisations_with(user, INBOX)


def wards_covered(user, perm: str) -> QuerySet[Area]:
    """The wards inside the areas of the organisations where the user holds `perm`."""
    codes = list(organisations_with(user, perm).values_list("area_id", flat=True))
    if not codes:
        return Area.objects.none()
    return Area.objects.filter(kind=AreaKind.WARD).filter(
        Q(code__in=codes) | Q(parent__in=codes) | Q(parent__parent__in=codes)
    )


def overseen_wards(user) -> QuerySet[Area]:
    return wards_covered(user, OVERSEE)


def can_handle(user, referral) -> bool:
    """Window staff of the organisation the referral was sent to."""
    return referral.window_id is not None and has_permission(
        user, INBOX, organisation=referral.window
    )


def can_oversee(user, referral) -> bool:
    return has_permission(user, OVERSEE, area=referral.ward_id)


def can_read_details(user, referral) -> bool:
    return can_handle(user, referral) or can_oversee(user, referral)


def staff_holding(perm: str, *, organisation=None, area: Area | None = None):
    """Active users who currently hold `perm` at an organisation, or for an area (or above)."""
    from django.contrib.auth import get_user_model

    role_ids = [r.pk for r in Role.objects.only("pk", "permissions") if perm in r.permissions]
    memberships = Membership.objects.current().filter(role_id__in=role_ids)
    if organisation is not None:
        memberships = memberships.filter(organisation=organisation)
    if area is not None:
        covering = []
        current = area
        while current is not None:
            covering.append(current.code)
            current = current.parent
        memberships = memberships.filter(organisation__area__in=covering)
    return get_user_model().objects.filter(pk__in=memberships.values("user_id"), is_active=True)
