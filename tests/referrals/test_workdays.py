import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from tsunagu.referrals.workdays import add_working_days, is_working_day, working_days_between

dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))
counts = st.integers(min_value=0, max_value=40)


def test_it_skips_the_weekend():
    friday = dt.date(2026, 11, 20)
    assert add_working_days(friday, 1) == dt.date(2026, 11, 24)  # 11/23 勤労感謝の日 is a Monday


def test_it_skips_the_new_year_closure():
    assert add_working_days(dt.date(2026, 12, 28), 1) == dt.date(2027, 1, 4)
    assert working_days_between(dt.date(2026, 12, 28), dt.date(2027, 1, 4)) == 1


def test_it_skips_golden_week_holidays():
    # 2026-05-03..06 are 憲法記念日, みどりの日, こどもの日 and a substitute holiday.
    assert add_working_days(dt.date(2026, 5, 1), 1) == dt.date(2026, 5, 7)


def test_zero_days_is_the_same_day():
    sunday = dt.date(2026, 11, 22)
    assert add_working_days(sunday, 0) == sunday
    assert working_days_between(sunday, sunday) == 0


def test_it_counts_nothing_backwards():
    assert working_days_between(dt.date(2026, 11, 27), dt.date(2026, 11, 20)) == 0


@settings(deadline=None)  # jpholiday is slow to warm up on a busy machine
@given(dates, counts)
def test_adding_then_counting_gives_the_same_number(start, n):
    assert working_days_between(start, add_working_days(start, n)) == n


@settings(deadline=None)  # jpholiday is slow to warm up on a busy machine
@given(dates, st.integers(min_value=1, max_value=40))
def test_the_result_is_a_working_day(start, n):
    assert is_working_day(add_working_days(start, n))


@settings(deadline=None)  # jpholiday is slow to warm up on a busy machine
@given(dates, counts, counts)
def test_adding_is_additive(start, a, b):
    assert add_working_days(add_working_days(start, a), b) == add_working_days(start, a + b)


@settings(deadline=None)  # jpholiday is slow to warm up on a busy machine
@given(dates, dates, dates)
def test_counting_splits_at_any_point_between(a, b, c):
    start, middle, end = sorted([a, b, c])
    assert working_days_between(start, end) == working_days_between(
        start, middle
    ) + working_days_between(middle, end)


@settings(deadline=None)  # jpholiday is slow to warm up on a busy machine
@given(dates, st.integers(min_value=1, max_value=40))
def test_there_are_never_more_working_days_than_days(start, n):
    end = add_working_days(start, n)
    assert (end - start).days >= n
