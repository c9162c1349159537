"""Benchmarks of the privacy core (run with `make bench`; results in docs/performance.md)."""

from __future__ import annotations

import pytest
from django.test import Client

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import forget_grants, has_permission
from tsunagu.core import audit
from tsunagu.core.audit import verify_chain
from tsunagu.core.fields import decrypt, encrypt

from ..accounts.factories import KITA_WARD, member, organisation, sign_in_verified

TEXT = "家族のことで相談したい。" * 20  # about 240 characters


@pytest.fixture
def caseworker(areas):
    kita = organisation(KITA_WARD, "北区役所")
    return member("case@example.jp", kita, "councils.case.read", "system.audit.read")


def test_bench_audit_record(benchmark, caseworker):
    entry = benchmark(audit.record, "councils.case.viewed", actor=caseworker)
    assert entry.sequence >= 1


def test_bench_has_permission_first_call_per_request(benchmark, caseworker):
    user = User.objects.get(pk=caseworker.pk)

    def check():
        forget_grants(user)  # a new request: grants are loaded again
        return has_permission(user, "councils.case.read", area=KITA_WARD)

    assert benchmark(check)


def test_bench_audit_verify_10000_entries(benchmark, caseworker):
    for _ in range(10_000):
        audit.record("councils.case.viewed", actor=caseworker)
    report = benchmark.pedantic(verify_chain, rounds=3)
    assert report.checked == 10_000


def test_bench_encrypt_and_decrypt(benchmark, db):
    assert benchmark(lambda: decrypt(encrypt(TEXT))) == TEXT


def test_bench_audit_page(benchmark, caseworker):
    for _ in range(200):
        audit.record("councils.case.viewed", actor=caseworker)
    client = Client()
    sign_in_verified(client, caseworker)
    response = benchmark(client.get, "/staff/audit/")
    assert response.status_code == 200
