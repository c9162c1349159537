"""Every staff URL of the privacy core × {anonymous, outsider, member without, member with}."""

from __future__ import annotations

import pytest

from tsunagu.core.models import AuditEntry

from .factories import KITA_WARD, MIYAKOJIMA_WARD, member, organisation, sign_in_verified

# url, method, the permission it needs (None: any signed-in person)
PAGES = [
    ("/staff/", "get", None),
    ("/staff/2fa/setup/", "get", None),
    ("/staff/2fa/recovery-codes/", "post", None),
    ("/staff/audit/", "get", "system.audit.read"),
    ("/staff/audit/export.csv", "get", "system.audit.read"),
]


@pytest.fixture
def people(areas):
    kita = organisation(KITA_WARD, "北区役所")
    other = organisation(MIYAKOJIMA_WARD, "都島区役所")
    return {
        "outsider": member("out@example.jp", other, "directory.service.edit"),
        "without": member("without@example.jp", kita, "referrals.inbox.read"),
        "with": member("with@example.jp", kita, "system.audit.read"),
    }


@pytest.mark.parametrize(("url", "method", "perm"), PAGES)
def test_anonymous_visitors_are_sent_to_sign_in_and_nothing_changes(client, db, url, method, perm):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/?next=")
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize(("url", "method", "perm"), PAGES)
@pytest.mark.parametrize("who", ["outsider", "without", "with"])
def test_signed_in_people_get_what_their_role_allows(client, people, url, method, perm, who):
    user = people[who]
    sign_in_verified(client, user)
    response = getattr(client, method)(url)
    allowed = perm is None or who == "with"
    if allowed:
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
    else:
        assert response.status_code == 404
        denied = AuditEntry.objects.get()
        assert (denied.action, denied.actor_id) == ("accounts.access.denied", user.pk)
