"""People, organisations and one receiving window for the referral tests.

Kita ward (271276) has a window and a coordinator; Naniwa ward (271110) has another window,
whose staff must never see Kita's referrals. The referrer works at a city bureau.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from tests.directory import factories as directory
from tsunagu.accounts.models import Membership, Organisation, Role
from tsunagu.core.models import Area
from tsunagu.referrals import access
from tsunagu.referrals.models import ReceivingWindow
from tsunagu.referrals.services import ReferralDraft

KITA = "271276"
NANIWA = "271110"
OSAKA = "271004"


@dataclass
class World:
    kita: Area
    naniwa: Area
    bureau: Organisation
    kita_window: Organisation
    naniwa_window: Organisation
    kita_office: Organisation
    service: object
    other_service: object
    naniwa_service: object
    employee: object
    window_staff: object
    window_colleague: object
    other_window_staff: object
    coordinator: object
    member_without_permission: object
    outsider: object

    def draft(self, **changes) -> ReferralDraft:
        fields = dict(
            service=self.service,
            ward=self.kita,
            trouble_codes=["elderly_care", "loneliness"],
            consent_giver="person",
            consent_method="oral",
            consent_on=timezone.localdate(),
            shared_items=["name", "contact", "age_band", "note"],
            may_forward=True,
            age_band="senior",
            person_name="サンプル 花子",
            contact_details="06-0000-1234",
            contact_time="平日の午前",
            note="毎月の窓口で、最近眠れないと話していた。",
        )
        fields.update(changes)
        return ReferralDraft(**fields)


def _role(key: str, *perms: str) -> Role:
    return Role.objects.create(key=key, name=key, permissions=list(perms))


def _member(django_user_model, email, organisation, role):
    user = django_user_model.objects.create_user(email, "a-long-test-password", full_name=email)
    if organisation is not None:
        Membership.objects.create(
            user=user,
            organisation=organisation,
            role=role,
            starts_on=timezone.localdate() - dt.timedelta(days=30),
        )
    return user


@pytest.fixture
def world(areas, django_user_model) -> World:
    kita = Area.objects.get(code=KITA)
    naniwa = Area.objects.get(code=NANIWA)
    osaka = Area.objects.get(code=OSAKA)
    bureau = Organisation.objects.create(name="サンプル税務課", kind="city_department", area=osaka)
    kita_window = Organisation.objects.create(
        name="サンプル北区地域包括支援センター", kind="consultation_window", area=kita
    )
    naniwa_window = Organisation.objects.create(
        name="サンプル浪速区地域包括支援センター", kind="consultation_window", area=naniwa
    )
    kita_office = Organisation.objects.create(
        name="サンプル北区役所", kind="ward_office", area=kita
    )
    referrer = _role("referrer", access.CREATE)
    window = _role("window", access.INBOX)
    coordinator = _role("coordinator", access.OVERSEE, access.FIGURES)
    clerk = _role("clerk", "directory.service.edit")
    service = directory.service(
        name="サンプル北区地域包括支援センター 相談窓口",
        codes=("elderly_care", "loneliness"),
        areas=(kita,),
        what_to_say="「市役所の人にすすめられて電話しました」と伝えてください。",
        hours_note="平日 9:00〜17:30",
    )
    other_service = directory.service(
        name="サンプル北区 障がい者相談", codes=("disability",), areas=(kita,)
    )
    naniwa_service = directory.service(
        name="サンプル浪速区 相談窓口", codes=("elderly_care",), areas=(naniwa,)
    )
    ReceivingWindow.objects.create(service=service, organisation=kita_window)
    ReceivingWindow.objects.create(service=other_service, organisation=kita_window)
    ReceivingWindow.objects.create(service=naniwa_service, organisation=naniwa_window)
    return World(
        kita=kita,
        naniwa=naniwa,
        bureau=bureau,
        kita_window=kita_window,
        naniwa_window=naniwa_window,
        kita_office=kita_office,
        service=service,
        other_service=other_service,
        naniwa_service=naniwa_service,
        employee=_member(django_user_model, "employee@example.jp", bureau, referrer),
        window_staff=_member(django_user_model, "window@example.jp", kita_window, window),
        window_colleague=_member(django_user_model, "colleague@example.jp", kita_window, window),
        other_window_staff=_member(django_user_model, "naniwa@example.jp", naniwa_window, window),
        coordinator=_member(django_user_model, "coordinator@example.jp", kita_office, coordinator),
        member_without_permission=_member(django_user_model, "clerk@example.jp", bureau, clerk),
        outsider=_member(django_user_model, "outsider@example.jp", None, None),
    )


def sign_in_client(client, user) -> None:
    """Sign a test client in as `user`, with the second factor passed once the accounts app
    requires it for roles that read personal data (its helper does both)."""
    from tests.accounts import factories

    verified = getattr(factories, "sign_in_verified", None)
    if verified is not None:
        verified(client, user)
    else:
        client.force_login(user)


@pytest.fixture
def submitted(world):
    from tsunagu.referrals.services import submit_referral

    return submit_referral(world.draft(), actor=world.employee)
