"""Anonymous usage counts wait in the process and are written together (NAV-13)."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.db import DatabaseError

from tsunagu.navigator import services
from tsunagu.navigator.choices import Choices
from tsunagu.navigator.models import UsageCount

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 26)
KITA = "271276"


@pytest.fixture
def batching(settings):
    settings.TSUNAGU_USAGE_FLUSH_SECONDS = 3600


def _count(**fields) -> int:
    return UsageCount.objects.get(**fields).count


def test_counts_wait_until_a_flush_then_add_up(batching):
    work = Choices(codes=("work",), ward=KITA, who="self")
    for _ in range(3):
        services.record_usage(work, crisis_shown=False, on=DAY)
    services.record_usage(Choices(codes=("suicidal",)), crisis_shown=True, on=DAY)
    assert not UsageCount.objects.exists()
    assert services.flush_usage() == 4
    assert _count(ward=KITA, codes="work", who="self") == 3
    assert _count(codes="suicidal", crisis_shown=True) == 1
    # A later flush adds to the stored rows instead of replacing them.
    services.record_usage(work, crisis_shown=False, on=DAY)
    assert services.flush_usage() == 1
    assert _count(ward=KITA, codes="work", who="self") == 4
    assert services.flush_usage() == 0


def test_a_count_is_written_at_once_when_the_interval_has_passed(settings):
    settings.TSUNAGU_USAGE_FLUSH_SECONDS = 0
    services.record_usage(Choices(codes=("housing",)), crisis_shown=False, on=DAY)
    assert _count(codes="housing") == 1


def test_counts_are_kept_when_the_database_refuses_and_written_later(batching, caplog):
    services.record_usage(Choices(codes=("health",)), crisis_shown=False, on=DAY)
    with mock.patch.object(services, "_add_visits", side_effect=DatabaseError("down")):
        assert services.flush_usage() == 0
    assert "kept for the next try" in caplog.text
    assert not UsageCount.objects.exists()
    assert services.flush_usage() == 1
    assert _count(codes="health") == 1


def test_more_combinations_than_one_statement_holds_are_all_written(batching):
    for age in range(250):  # over two statements' worth of rows
        services.record_usage(
            Choices(codes=("work",), ward=KITA), crisis_shown=False, on=DAY - dt.timedelta(age)
        )
    assert services.flush_usage() == 250
    assert UsageCount.objects.count() == 250
    assert sum(UsageCount.objects.values_list("count", flat=True)) == 250
