"""A few invented referrals for the demo (`tsunagu load_sample_data`). Never production.

They need the demo staff of the accounts app: someone who may refer and a consultation
window whose staff hold `referrals.inbox.read`. Without them nothing is loaded. People are
named サンプル, numbers are 06-0000-xxxx, and fixed idempotency keys make a second run
change nothing.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import timezone

from tsunagu.accounts.models import Membership, OrganisationKind, Role
from tsunagu.directory.models import Service

from . import access, services
from .models import ReceivingWindow, Referral
from .states import Status

NAMESPACE = uuid.UUID("0f4e1c1e-5a53-4b61-9f0d-2b7c3a5e9a10")

SAMPLES = (
    {
        "key": "pending",
        "codes": ["elderly_care", "loneliness"],
        "name": "サンプル 一郎",
        "note": (
            "（サンプル）介護保険の手続きに来た方。ひとり暮らしで話し相手がいないと話していた。"
        ),
        "steps": (),
    },
    {
        "key": "connected",
        "codes": ["elderly_care"],
        "name": "サンプル 春子",
        "note": "（サンプル）夫の介護で疲れている様子。昼間なら電話してよいとのこと。",
        "steps": (Status.ACCEPTED, Status.CONTACTED, Status.SUPPORT_STARTED),
    },
    {
        "key": "self",
        "codes": ["loneliness"],
        "name": "",
        "note": "",
        "steps": (),
        "delivery": "self_contact",
    },
)


def _holder(perm: str, **filters):
    roles = [r.pk for r in Role.objects.all() if perm in r.permissions]
    return (
        Membership.objects.current()
        .filter(role_id__in=roles, **filters)
        .select_related("user", "organisation__area")
        .order_by("pk")
        .first()
    )


@transaction.atomic
def load_referral_sample() -> int:
    """Create the sample referrals; returns how many exist afterwards (0 when skipped)."""
    referrer = _holder(access.CREATE)
    window = _holder(access.INBOX, organisation__kind=OrganisationKind.CONSULTATION_WINDOW)
    if referrer is None or window is None:
        return 0
    ward = window.organisation.area
    destinations = list(
        Service.objects.active()
        .filter(is_sample=True, service_areas__area=ward)
        .for_codes(["elderly_care", "loneliness"])
        .distinct()
    )
    if not destinations:
        return 0
    for service in destinations:
        if not ReceivingWindow.objects.filter(service=service).exists():
            ReceivingWindow.objects.create(service=service, organisation=window.organisation)
    made = 0
    for sample in SAMPLES:
        draft = services.ReferralDraft(
            service=destinations[0],
            ward=ward,
            trouble_codes=sample["codes"],
            delivery=sample.get("delivery", "send"),
            consent_giver="person",
            consent_method="oral",
            consent_on=timezone.localdate(),
            shared_items=["name", "contact", "note"],
            person_name=sample["name"],
            contact_details="06-0000-7000" if sample["name"] else "",
            contact_time="平日の昼間",
            note=sample["note"],
            age_band="senior",
        )
        key = uuid.uuid5(NAMESPACE, sample["key"])
        existing = Referral.objects.filter(referrer=referrer.user, idempotency_key=key).first()
        if existing is not None:
            made += 1
            continue
        referral = services.submit_referral(
            draft, actor=referrer.user, organisation=referrer.organisation, idempotency_key=key
        )
        for step in sample["steps"]:
            services.transition(referral.uuid, step, actor=window.user)
        made += 1
    return made
