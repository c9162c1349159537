"""Fixtures shared by every test folder."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings

from tsunagu.core.services import load_areas


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is right for production and far too slow for hundreds of test sign-ins.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rate-limit counters, ward codes and shared navigator results live in the caches:
    # each test starts with none, and with no usage counts waiting to be written.
    from django.core.cache import caches

    from tsunagu.navigator import services as navigator_services

    for alias in django_settings.CACHES:
        caches[alias].clear()
    navigator_services.discard_pending_usage()


@pytest.fixture
def areas(db):
    """The prefectures, municipalities and wards the project ships."""
    return load_areas(django_settings.TSUNAGU_DATA_DIR / "areas")


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser(
        email="root@example.jp", password="a-long-test-password"
    )
