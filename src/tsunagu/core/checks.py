"""System checks with ids, so that operators can look them up in docs/operations.md."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_production_settings(app_configs=None, **kwargs) -> list:
    problems = []
    if not settings.PRODUCTION:
        problems.append(
            Warning(
                "TSUNAGU_ENV is not production.",
                hint="Set TSUNAGU_ENV=production on servers that hold real data.",
                id="tsunagu.W001",
            )
        )
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and (
        settings.PRODUCTION
    ):
        problems.append(
            Error(
                "Production runs on PostgreSQL; DATABASE_URL points at SQLite.",
                hint="Set DATABASE_URL=postgres://user:password@host:5432/tsunagu.",
                id="tsunagu.E001",
            )
        )
    return problems


@register(Tags.security)
def check_encryption_keys(app_configs=None, **kwargs) -> list:
    from django.core.exceptions import ImproperlyConfigured

    from .fields import keyring

    try:
        keyring()
    except ImproperlyConfigured as error:
        return [
            Error(
                str(error),
                hint="Put Fernet keys, newest first and comma-separated, in "
                "TSUNAGU_ENCRYPTION_KEYS (tsunagu generate_encryption_key makes one).",
                id="tsunagu.E002",
            )
        ]
    return []
