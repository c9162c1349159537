from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory

from tsunagu.accounts import rules as account_rules
from tsunagu.accounts.models import Role, User
from tsunagu.accounts.permissions import (
    has_permission,
    organisations_with,
    permission_required,
)
from tsunagu.core.models import Area

from .factories import KITA_WARD, MIYAKOJIMA_WARD, OSAKA_CITY, member, organisation

EDIT = "directory.service.edit"


@pytest.fixture
def kita(areas):
    return organisation(KITA_WARD, "北区役所")


@pytest.fixture
def miyakojima(areas):
    return organisation(MIYAKOJIMA_WARD, "都島区役所")


@pytest.fixture
def bureau(areas):
    return organisation(OSAKA_CITY, "福祉局", kind="city_department")


def test_a_member_holds_the_permissions_of_their_role_at_their_organisation(kita, miyakojima):
    user = member("a@example.jp", kita, EDIT)
    assert has_permission(user, EDIT)
    assert has_permission(user, EDIT, organisation=kita)
    assert not has_permission(user, EDIT, organisation=miyakojima)
    assert not has_permission(user, "councils.case.read")


def test_an_area_grant_covers_the_area_but_not_its_neighbours(kita):
    user = member("a@example.jp", kita, EDIT)
    assert has_permission(user, EDIT, area=Area.objects.get(code=KITA_WARD))
    assert has_permission(user, EDIT, area=KITA_WARD)
    assert not has_permission(user, EDIT, area=MIYAKOJIMA_WARD)
    assert not has_permission(user, EDIT, area=OSAKA_CITY)


def test_a_grant_on_the_municipality_covers_every_ward(bureau):
    user = member("b@example.jp", bureau, EDIT)
    assert has_permission(user, EDIT, area=KITA_WARD)
    assert has_permission(user, EDIT, area=MIYAKOJIMA_WARD)
    assert has_permission(user, EDIT, area=OSAKA_CITY)
    assert not has_permission(user, EDIT, area="130001")  # Tokyo


def test_organisation_and_area_must_both_match(bureau, kita):
    user = member("b@example.jp", bureau, EDIT)
    assert not has_permission(user, EDIT, organisation=kita, area=KITA_WARD)
    assert has_permission(user, EDIT, organisation=bureau, area=KITA_WARD)


@pytest.mark.parametrize(
    ("starts", "ends", "expected"),
    [(-10, None, True), (-10, -1, False), (1, None, False), (-10, 0, True)],
)
def test_only_memberships_in_force_today_count(kita, starts, ends, expected):
    today = datetime.date.today()
    user = member(
        "c@example.jp",
        kita,
        EDIT,
        starts_on=today + datetime.timedelta(days=starts),
        ends_on=None if ends is None else today + datetime.timedelta(days=ends),
    )
    assert has_permission(user, EDIT) is expected


def test_deactivated_people_and_organisations_hold_nothing(kita):
    user = member("d@example.jp", kita, EDIT)
    user.is_active = False
    assert not has_permission(user, EDIT)
    other = member("e@example.jp", kita, EDIT)
    kita.is_active = False
    kita.save()
    assert not has_permission(User.objects.get(pk=other.pk), EDIT)


def test_superusers_get_no_domain_permission_for_free(superuser):
    assert not has_permission(superuser, "councils.case.read")
    assert not has_permission(AnonymousUser(), EDIT)


def test_permissions_are_loaded_once_per_user_object(kita, django_assert_num_queries):
    user = User.objects.get(pk=member("f@example.jp", kita, EDIT).pk)
    with django_assert_num_queries(1):
        for _ in range(5):
            has_permission(user, EDIT, organisation=kita)


def test_organisations_with_lists_where_the_permission_is_held(kita, miyakojima, bureau):
    user = member("g@example.jp", kita, EDIT)
    member("g@example.jp", miyakojima, "referrals.inbox.read")
    assert list(organisations_with(user, EDIT)) == [kita]
    assert list(organisations_with(user, "referrals.inbox.read")) == [miyakojima]
    assert list(organisations_with(user, "system.admin")) == []
    assert list(organisations_with(AnonymousUser(), EDIT)) == []


def test_role_permission_names_are_validated(db):
    with pytest.raises(ValidationError, match="形式"):
        Role(key="x", name="x", permissions=["Directory edit"]).full_clean()
    Role(key="y", name="y", permissions=["councils.case.read"]).full_clean()


def test_roles_that_open_personal_records_are_recognised():
    assert Role(permissions=["councils.case.read"]).reads_personal_data
    assert Role(permissions=["system.audit.read"]).reads_personal_data
    assert not Role(permissions=[EDIT, "directory.service.approve"]).reads_personal_data


@permission_required(EDIT)
def protected(request):
    return HttpResponse("ok")


def test_the_decorator_sends_anonymous_visitors_to_sign_in(db):
    request = RequestFactory().get("/staff/thing/")
    request.user = AnonymousUser()
    response = protected(request)
    assert response.status_code == 302
    assert "next=/staff/thing/" in response["Location"]


def test_the_decorator_answers_404_without_the_permission(kita):
    from django.http import Http404

    request = RequestFactory().get("/staff/thing/")
    request.user = member("h@example.jp", kita, "referrals.inbox.read")
    with pytest.raises(Http404):
        protected(request)
    request.user = member("i@example.jp", kita, EDIT)
    assert protected(request).status_code == 200


def test_the_works_at_rule_follows_memberships(kita, miyakojima):
    user = member("j@example.jp", kita, EDIT)
    assert user.has_perm("accounts.work_at_organisation", kita)
    assert not user.has_perm("accounts.work_at_organisation", miyakojima)
    assert account_rules.has_permission_at(EDIT)(user, kita)
    assert not account_rules.has_permission_at(EDIT)(user, miyakojima)
    assert account_rules.has_permission_in_area(EDIT)(user, Area.objects.get(code=KITA_WARD))


def test_require_permission_raises_404_for_apis_and_audits_the_refusal(kita, miyakojima):
    from django.http import Http404

    from tsunagu.accounts.permissions import require_permission
    from tsunagu.core.models import AuditEntry

    request = RequestFactory().get("/api/v1/thing")
    request.user = member("k@example.jp", kita, EDIT, "referrals.inbox.read")
    request.user.is_verified = lambda: False
    require_permission(request, EDIT, organisation=kita)
    with pytest.raises(Http404):
        require_permission(request, EDIT, organisation=miyakojima)
    with pytest.raises(Http404):  # personal data needs the second factor
        require_permission(request, "referrals.inbox.read")
    request.user.is_verified = lambda: True
    require_permission(request, "referrals.inbox.read", area=KITA_WARD)
    assert AuditEntry.objects.filter(action="accounts.access.denied").count() == 2
