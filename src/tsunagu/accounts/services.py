"""Account operations: two-factor enrolment, verification and recovery codes."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tsunagu.core import audit

from .models import User

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "認証アプリ"
RECOVERY_DEVICE_NAME = "回復コード"


def has_confirmed_totp(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_totp_device(user: User) -> TOTPDevice:
    """The device being enrolled: kept across page loads so the QR code does not change."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def confirm_totp(request: HttpRequest, user: User, token: str) -> list[str] | None:
    """Confirm the pending device with a code from the app; return fresh recovery codes.

    Returns None when the code is wrong. On success the session counts as verified.
    """
    device = pending_totp_device(user)
    if not device.verify_token(token):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = replace_recovery_codes(user)
        otp_login(request, device)
        audit.record("accounts.two_factor.enrolled", actor=user, request=request)
    return codes


def replace_recovery_codes(user: User) -> list[str]:
    """Make a new set of single-use recovery codes, invalidating the old ones."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def verify_second_factor(request: HttpRequest, user: User, token: str) -> bool:
    """Check a code from the app or a recovery code (used up) and mark the session verified."""
    device = match_token(user, token.strip().replace(" ", ""))
    if device is None:
        audit.record("accounts.two_factor.failed", actor=user, request=request)
        return False
    otp_login(request, device)
    action = (
        "accounts.two_factor.recovery_used"
        if isinstance(device, StaticDevice)
        else "accounts.two_factor.verified"
    )
    audit.record(action, actor=user, request=request)
    return True
