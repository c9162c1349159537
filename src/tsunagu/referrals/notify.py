"""Telling staff about referrals: an in-app notice plus an email with the same content.

Messages carry no personal details (only a link): email leaves the system, and whoever
follows the link is checked and logged there.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Notice, NoticeKind, Referral


def tell(recipients, referral: Referral, kind: str) -> int:
    """Create one notice per recipient (once ever per kind) and email the new ones."""
    subject = str(NoticeKind(kind).label)
    link = settings.TSUNAGU_SITE_URL.rstrip("/") + reverse(
        "referrals:detail", kwargs={"uuid": referral.uuid}
    )
    body = "\n".join(
        [
            subject,
            "",
            _("つなぎの番号: %(ref)s") % {"ref": str(referral.uuid)[:8]},
            link,
            "",
            _("このメールには個人情報を含めていません。サインインして確認してください。"),
        ]
    )
    messages = []
    for user in recipients:
        try:
            with transaction.atomic():
                Notice.objects.create(recipient=user, referral=referral, kind=kind)
        except IntegrityError:
            continue  # told before: a repeated task run sends nothing twice
        if user.email:
            messages.append((f"[{settings.TSUNAGU_SITE_NAME}] {subject}", body, None, [user.email]))
    if messages:
        send_mass_mail(messages, fail_silently=False)
    return len(messages)
