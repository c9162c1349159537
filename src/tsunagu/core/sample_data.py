"""Demo accounts and data for `make run`. Never loaded in production."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

DEMO_PASSWORD = "tsunagu-demo-2026"  # noqa: S105 - printed on purpose, local demo only


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    role: str
    created: bool


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
    return accounts
