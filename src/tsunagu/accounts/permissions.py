"""Permission strings granted through roles, and the one-line checks views use.

A permission is a string `<app>.<thing>.<action>` (`councils.case.read`). People hold it
through a Membership (user × organisation × role, with dates). A grant applies to the
organisation of the membership and to everything inside that organisation's area: a grant
at a city-level bureau covers every ward of the city.

Being a Django superuser grants none of these: the admin site is for operating the system,
and reading people's records must be granted explicitly (PRIV-2).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from tsunagu.core import audit
from tsunagu.core.models import Area

from .models import Membership, Organisation, Role

PERMISSION_PATTERN = re.compile(r"^[a-z][a-z_]*\.[a-z][a-z_]*\.[a-z][a-z_]*$")

# The permissions the platform knows today, with what they allow (shown in the admin and docs).
KNOWN_PERMISSIONS: dict[str, str] = {
    "directory.service.edit": "相談先の情報を編集する",
    "directory.service.approve": "相談先の情報の公開を承認する",
    "referrals.referral.create": "つなぎ（紹介）を作成する",
    "referrals.inbox.read": "窓口に届いたつなぎを読む",
    "referrals.ward.oversee": "区のつなぎをすべて見る（区の担当者）",
    "referrals.figures.read": "つなぎの集計を見る",
    "councils.case.read": "支援会議の事例を読む",
    "measures.inquiry.manage": "施策の照会を管理する",
    "learning.report.read": "研修・学びの報告を読む",
    "system.audit.read": "監査ログを読む",
    "system.admin": "システムを管理する",
}

# Permissions that open records about people (residents, or staff in the audit log). Holding
# any of them means two-factor sign-in and a 30-minute idle timeout (PRIV-4).
PERSONAL_DATA_PREFIXES = ("referrals.", "councils.", "measures.inquiry.", "system.")


def reads_personal_data(perm: str) -> bool:
    return perm.startswith(PERSONAL_DATA_PREFIXES)


def validate_permission_names(perms: Iterable[str]) -> None:
    if not isinstance(perms, list):
        raise ValidationError("権限は文字列のリストで指定してください。")
    bad = [
        perm for perm in perms if not isinstance(perm, str) or not PERMISSION_PATTERN.match(perm)
    ]
    if bad:
        raise ValidationError(
            "権限の形式が正しくありません（例: councils.case.read）: %(bad)s",
            params={"bad": ", ".join(map(str, bad))},
        )


@dataclass(frozen=True)
class Grant:
    organisation_id: int
    area_code: str
    permissions: frozenset[str]


_CACHE_ATTRIBUTE = "_tsunagu_grants"


def grants(user) -> list[Grant]:
    """The current grants of a user, loaded once per user object (one query)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = [
            Grant(m.organisation_id, m.organisation.area_id, frozenset(m.role.permissions))
            for m in Membership.objects.current()
            .filter(user=user)
            .select_related("organisation", "role")
        ]
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget_grants(user) -> None:
    """Drop the per-object cache after memberships change (tests, the import command)."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def _area_and_ancestors(area: Area | str) -> set[str]:
    if isinstance(area, str):
        area = Area.objects.select_related("parent__parent").get(code=area)
    codes = set()
    current: Area | None = area
    while current is not None:
        codes.add(current.code)
        current = current.parent
    return codes


def has_permission(
    user,
    perm: str,
    *,
    organisation: Organisation | None = None,
    area: Area | str | None = None,
) -> bool:
    """Does the user hold `perm` (at this organisation / for this area, when given)?

    Without organisation or area: anywhere at all. With an area: a grant at an organisation
    whose area is that area or contains it (a municipality covers its wards).
    """
    held = [grant for grant in grants(user) if perm in grant.permissions]
    if organisation is not None:
        held = [grant for grant in held if grant.organisation_id == organisation.pk]
    if area is not None and held:
        covering = _area_and_ancestors(area)
        held = [grant for grant in held if grant.area_code in covering]
    return bool(held)


def holds_personal_data_role(user) -> bool:
    return any(reads_personal_data(perm) for grant in grants(user) for perm in grant.permissions)


def organisations_with(user, perm: str) -> QuerySet[Organisation]:
    """The organisations at which the user currently holds `perm`."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Organisation.objects.none()
    # Roles are few; JSON containment is not portable to SQLite, so match them in Python.
    role_ids = [
        role.pk for role in Role.objects.only("pk", "permissions") if perm in role.permissions
    ]
    memberships = Membership.objects.current().filter(user=user, role_id__in=role_ids)
    return Organisation.objects.filter(pk__in=memberships.values("organisation_id"))


ViewFunction = Callable[..., HttpResponse]


def require_permission(
    request: HttpRequest,
    perm: str,
    *,
    organisation: Organisation | None = None,
    area: Area | str | None = None,
) -> None:
    """For API endpoints and services: raise Http404 unless the request's user may act.

    Django Ninja turns Http404 into a JSON 404. A personal-data permission also needs a
    session that passed the second factor. Refusals of signed-in people are audited.
    """
    user = request.user
    allowed = has_permission(user, perm, organisation=organisation, area=area)
    if allowed and reads_personal_data(perm) and not _is_verified(user):
        allowed = False
    if not allowed:
        if user.is_authenticated:
            audit.record("accounts.access.denied", actor=user, request=request)
        raise Http404


def _is_verified(user) -> bool:
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def permission_required(perm: str) -> Callable[[ViewFunction], ViewFunction]:
    """Declare the permission a staff view needs, in one line.

    Anonymous visitors go to sign-in; signed-in people without the permission get 404, so a
    page's existence does not leak. Finer, per-record checks stay in the view (rules).
    """

    def decorator(view: ViewFunction) -> ViewFunction:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_permission(request.user, perm):
                # A refused attempt is worth knowing about; the 404 hides it from the visitor.
                audit.record("accounts.access.denied", actor=request.user, request=request)
                raise Http404
            if reads_personal_data(perm) and not _is_verified(request.user):
                # Also enforced by SecondFactorMiddleware for /staff/; this covers other paths.
                target = reverse("accounts:two_factor_verify")
                return HttpResponseRedirect(f"{target}?{urlencode({'next': request.path})}")
            return view(request, *args, **kwargs)

        wrapped.required_permission = perm  # type: ignore[attr-defined]
        return wrapped

    return decorator
