"""Helpers other test folders may import to make organisations, roles and members."""

from __future__ import annotations

import datetime

from tsunagu.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from tsunagu.core.models import Area

OSAKA_CITY = "271004"
KITA_WARD = "271276"
MIYAKOJIMA_WARD = "271020"


def organisation(
    area_code: str = KITA_WARD,
    name: str = "テスト区役所",
    kind: str = OrganisationKind.WARD_OFFICE,
) -> Organisation:
    return Organisation.objects.get_or_create(
        area=Area.objects.get(code=area_code), name=name, defaults={"kind": kind}
    )[0]


def role(*perms: str, key: str | None = None) -> Role:
    key = key or "role-" + "-".join(p.replace(".", "_") for p in perms) or "role-none"
    return Role.objects.get_or_create(
        key=key[:64], defaults={"name": key, "permissions": list(perms)}
    )[0]


def member(
    email: str,
    org: Organisation,
    *perms: str,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    password: str = "a-long-test-password",  # noqa: S107 - test accounts only
) -> User:
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email, password=password
    )
    extra = {"starts_on": starts_on} if starts_on else {}
    Membership.objects.create(
        user=user, organisation=org, role=role(*perms), ends_on=ends_on, **extra
    )
    return user


def sign_in_verified(client, user: User) -> None:
    """Sign in as someone who has passed the second factor (TOTP), as staff pages require."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="テスト", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
