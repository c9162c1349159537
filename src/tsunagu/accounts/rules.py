"""Object-level predicates (django-rules) built on memberships.

Other apps copy this pattern: write a predicate that takes (user, record), compose it with
`&` / `|`, and register it under a dotted name with `rules.add_perm`. Views then ask
`request.user.has_perm("accounts.work_at_organisation", organisation)` or call the predicate
directly; either way a False answer becomes a 404 in the view.
"""

from __future__ import annotations

import rules

from tsunagu.core.models import Area

from .models import Organisation
from .permissions import grants, has_permission


@rules.predicate
def works_at(user, organisation: Organisation | None) -> bool:
    """The user has a current membership (any role) at this organisation."""
    if organisation is None:
        return False
    return any(grant.organisation_id == organisation.pk for grant in grants(user))


def has_permission_at(perm: str) -> rules.Predicate:
    """Predicate factory: the user holds `perm` at the organisation given as the object."""

    @rules.predicate(name=f"has_permission_at:{perm}")
    def predicate(user, organisation: Organisation | None) -> bool:
        return organisation is not None and has_permission(user, perm, organisation=organisation)

    return predicate


def has_permission_in_area(perm: str) -> rules.Predicate:
    """Predicate factory: the user holds `perm` for the area given as the object (or above)."""

    @rules.predicate(name=f"has_permission_in_area:{perm}")
    def predicate(user, area: Area | None) -> bool:
        return area is not None and has_permission(user, perm, area=area)

    return predicate


rules.add_perm("accounts.work_at_organisation", works_at)
