"""Demo accounts and data for `make run`. Never loaded in production.

Every invented organisation is marked サンプル (in its name and with `is_sample`). The demo
people sign in with the printed password; those whose role reads personal data enrol in
two-factor authentication on their first sign-in, as everyone does (README).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from tsunagu.accounts.models import Membership, Organisation, OrganisationKind, Role
from tsunagu.core.models import Area, AreaKind

DEMO_PASSWORD = "tsunagu-demo-2026"  # noqa: S105 - printed on purpose, local demo only


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    role: str
    created: bool


@dataclass(frozen=True)
class DemoRole:
    key: str
    name: str
    permissions: tuple[str, ...]
    description: str


DEMO_ROLES = (
    DemoRole(
        "policy_admin",
        "政策担当（管理）",
        (
            "system.admin",
            "system.audit.read",
            "measures.inquiry.manage",
            "learning.report.read",
            "referrals.figures.read",
            "directory.service.edit",
            "directory.service.approve",
        ),
        "孤独・孤立対策の担当課。監査ログを読み、相談先の公開を承認する。",
    ),
    DemoRole(
        "ward_coordinator",
        "区コーディネーター",
        (
            "directory.service.edit",
            "directory.service.approve",
            "referrals.referral.create",
            "referrals.ward.oversee",
            "referrals.figures.read",
            "councils.case.read",
        ),
        "区の支援会議を運営し、区内の相談先とつなぎを受け持つ。",
    ),
    DemoRole(
        "window_staff",
        "相談窓口職員",
        ("referrals.inbox.read", "referrals.referral.create"),
        "窓口に届いたつなぎを受け、ほかの窓口へつなぐ。",
    ),
    DemoRole("staff", "職員", (), "人事データで取り込まれる、すべての職員の基本の所属。"),
)


def load_demo_accounts() -> list[DemoAccount]:
    User = get_user_model()
    accounts = []
    with transaction.atomic():
        user, created = User.objects.get_or_create(
            email="admin@example.jp",
            defaults={"full_name": "サンプル 管理者", "is_staff": True, "is_superuser": True},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        accounts.append(DemoAccount(user.email, DEMO_PASSWORD, "システム管理者", created))
        accounts.extend(_load_demo_staff())
    return accounts


def _load_demo_staff() -> list[DemoAccount]:
    city = (
        Area.objects.filter(kind=AreaKind.MUNICIPALITY, children__kind=AreaKind.WARD)
        .order_by("code")
        .first()
    )
    if city is None:  # no city with wards loaded: nothing to attach the demo staff to
        return []
    ward = Area.objects.wards_of(city.code).first()
    roles = {}
    for spec in DEMO_ROLES:
        role, _ = Role.objects.get_or_create(
            key=spec.key,
            defaults={
                "name": spec.name,
                "permissions": list(spec.permissions),
                "description": spec.description,
            },
        )
        roles[spec.key] = role
    people = (
        ("policy@example.jp", "サンプル 政策 花子", city, "孤独・孤立対策課", "policy_admin"),
        (
            "coordinator@example.jp",
            "サンプル 区調整 太郎",
            ward,
            f"{ward.name}役所 保健福祉課",
            "ward_coordinator",
        ),
        ("window@example.jp", "サンプル 窓口 さくら", ward, "くらしの相談窓口", "window_staff"),
        ("staff@example.jp", "サンプル 職員 一郎", city, "市民局 総務課", "staff"),
    )
    kinds = {
        "policy_admin": OrganisationKind.CITY_DEPARTMENT,
        "ward_coordinator": OrganisationKind.WARD_OFFICE,
        "window_staff": OrganisationKind.CONSULTATION_WINDOW,
        "staff": OrganisationKind.CITY_DEPARTMENT,
    }
    User = get_user_model()
    accounts = []
    for email, full_name, area, org_name, role_key in people:
        organisation, _ = Organisation.objects.get_or_create(
            area=area,
            name=f"サンプル {org_name}",
            defaults={"kind": kinds[role_key], "is_sample": True},
        )
        user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(user=user, organisation=organisation, role=roles[role_key])
        role = roles[role_key]
        label = f"{role.name}（{organisation}）"
        if role.reads_personal_data:
            label += " ※初回ログインで二段階認証を設定"
        accounts.append(DemoAccount(email, DEMO_PASSWORD, label, created))
    return accounts
