from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.accounts import factories as accounts
from tsunagu.core.models import Area
from tsunagu.directory.models import CorrectionRequest, CorrectionStatus

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def service(areas):
    return factories.service(areas=(Area.objects.get(code=accounts.KITA_WARD),))


def test_every_entry_links_to_the_correction_form(client, service):
    page = client.get(reverse("directory:service", args=[service.pk])).content.decode()
    assert reverse("directory:correction", args=[service.pk]) in page
    assert "この情報の誤りを知らせる" in page


def test_a_resident_files_a_correction_without_giving_anything_personal(client, service):
    url = reverse("directory:correction", args=[service.pk])
    response = client.post(url, {"kind": "phone"})
    assert "ありがとうございます" in response.content.decode()
    correction = CorrectionRequest.objects.get()
    assert (correction.service, correction.kind) == (service, "phone")
    field_names = {f.name for f in CorrectionRequest._meta.get_fields()}
    assert not field_names & {"message", "text", "email", "ip", "name"}


def test_a_missing_choice_is_refused_with_a_message(client, service):
    response = client.post(reverse("directory:correction", args=[service.pk]), {"kind": "x"})
    assert "どれか1つを選んでください" in response.content.decode()
    assert not CorrectionRequest.objects.exists()


def test_corrections_are_rate_limited(client, service):
    url = reverse("directory:correction", args=[service.pk])
    for _ in range(5):
        assert client.post(url, {"kind": "hours"}).status_code == 200
    response = client.post(url, {"kind": "hours"})
    assert response.status_code == 429
    assert CorrectionRequest.objects.count() == 5


def test_behind_the_proxy_each_resident_has_their_own_limit(client, service, settings):
    settings.TSUNAGU_TRUSTED_PROXY_COUNT = 1
    url = reverse("directory:correction", args=[service.pk])
    for _ in range(5):
        client.post(url, {"kind": "hours"}, HTTP_X_FORWARDED_FOR="198.51.100.7")
    # Every request comes from the proxy's address; another resident is not refused.
    response = client.post(url, {"kind": "hours"}, HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert response.status_code == 200
    assert CorrectionRequest.objects.count() == 6


def test_staff_see_and_resolve_corrections_for_their_area(client, service, areas):
    CorrectionRequest.objects.create(service=service, kind="closed")
    outsider = accounts.member(
        "o@example.jp",
        accounts.organisation(accounts.MIYAKOJIMA_WARD, "都島区役所"),
        "directory.service.edit",
    )
    client.force_login(outsider)
    assert service.name not in client.get(reverse("directory:staff_corrections")).content.decode()
    correction = CorrectionRequest.objects.get()
    resolve = reverse("directory:staff_correction_resolve", args=[correction.pk])
    assert client.post(resolve).status_code == 404
    staff = accounts.member("w@example.jp", accounts.organisation(), "directory.service.edit")
    client.force_login(staff)
    page = client.get(reverse("directory:staff_corrections")).content.decode()
    assert "もう受け付けていない" in page
    client.post(resolve)
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.RESOLVED
    assert correction.resolved_by == staff
