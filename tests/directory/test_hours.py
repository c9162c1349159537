from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tsunagu.directory.hours import (
    TOKYO,
    ScheduleError,
    is_public_holiday,
    is_year_end_closure,
    next_opening,
    open_at,
    opening_status,
    parse_byday,
)
from tsunagu.directory.models import Schedule, Service, SpecialDate


class FakeSet(list):
    """Stands in for a prefetched related manager: `.all()` gives the list."""

    def all(self):
        return self


def fake_service(*schedules, specials=(), holidays=False, new_year=False) -> Service:
    """A service that never touches the database: hours logic runs on prefetched data."""
    service = Service(open_on_public_holidays=holidays, open_over_new_year=new_year)
    service.__dict__["_prefetched_objects_cache"] = {
        "schedules": FakeSet(schedules),
        "special_dates": FakeSet(specials),
    }
    return service


def weekly(byday: str, opens: str, closes: str, **fields) -> Schedule:
    return Schedule(
        freq="WEEKLY",
        byday=byday,
        opens_at=dt.time.fromisoformat(opens),
        closes_at=dt.time.fromisoformat(closes),
        **fields,
    )


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=TOKYO)


WEEKDAYS_9_1730 = weekly("MO,TU,WE,TH,FR", "09:00", "17:30")

moments = st.datetimes(min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2028, 12, 31)).map(
    lambda m: m.replace(second=0, microsecond=0, tzinfo=TOKYO)
)


def test_a_weekday_service_is_closed_on_labour_thanksgiving_day_2026():
    service = fake_service(WEEKDAYS_9_1730)
    assert not open_at(service, at("2026-11-23T10:00"))  # 勤労感謝の日 (Monday)
    assert open_at(service, at("2026-11-24T10:00"))
    assert next_opening(service, at("2026-11-23T10:00")) == at("2026-11-24T09:00")


def test_a_weekday_service_is_closed_over_new_year():
    service = fake_service(WEEKDAYS_9_1730)
    assert not open_at(service, at("2027-01-02T10:00"))
    assert not open_at(service, at("2026-12-29T10:00"))  # a Tuesday, 年末
    assert next_opening(service, at("2026-12-28T18:00")) == at("2027-01-04T09:00")


def test_a_service_may_say_it_opens_on_holidays():
    service = fake_service(WEEKDAYS_9_1730, holidays=True)
    assert open_at(service, at("2026-11-23T10:00"))
    assert not open_at(service, at("2026-12-30T10:00"))


def test_monthly_second_and_fourth_wednesday():
    salon = fake_service(
        Schedule(freq="MONTHLY", byday="2WE,4WE", opens_at=dt.time(13), closes_at=dt.time(15))
    )
    assert open_at(salon, at("2026-12-09T14:00"))  # 2nd Wednesday
    assert open_at(salon, at("2026-12-23T13:00"))  # 4th Wednesday
    assert not open_at(salon, at("2026-12-16T14:00"))  # 3rd Wednesday
    assert not open_at(salon, at("2026-12-09T15:00"))  # closing time is exclusive
    assert next_opening(salon, at("2026-12-10T09:00")) == at("2026-12-23T13:00")


def test_24_hour_line_is_always_open_when_it_says_so():
    line = fake_service(
        weekly("MO,TU,WE,TH,FR,SA,SU", "00:00", "00:00"), holidays=True, new_year=True
    )
    for moment in ("2027-01-01T03:00", "2026-11-23T23:59", "2026-06-07T00:00"):
        assert open_at(line, at(moment))
    assert opening_status(line, at("2027-01-01T03:00")).is_open


def test_special_dates_close_or_open_a_day():
    service = fake_service(
        WEEKDAYS_9_1730,
        specials=[
            SpecialDate(date=dt.date(2026, 12, 1), is_open=False),
            SpecialDate(
                date=dt.date(2026, 11, 23),
                is_open=True,
                opens_at=dt.time(10),
                closes_at=dt.time(12),
            ),
        ],
    )
    assert not open_at(service, at("2026-12-01T10:00"))
    assert open_at(service, at("2026-11-23T11:00"))
    assert not open_at(service, at("2026-11-23T13:00"))


def test_closures_and_validity_ranges():
    summer_only = weekly(
        "MO,TU,WE,TH,FR",
        "09:00",
        "12:00",
        valid_from=dt.date(2026, 7, 1),
        valid_to=dt.date(2026, 8, 31),
    )
    closed_third_monday = Schedule(freq="MONTHLY", byday="3MO", is_closure=True)
    service = fake_service(summer_only, closed_third_monday)
    assert open_at(service, at("2026-07-06T10:00"))
    assert not open_at(service, at("2026-07-20T10:00"))  # 3rd Monday (also 海の日)
    assert not open_at(service, at("2026-08-17T10:00"))  # 3rd Monday of August
    assert open_at(service, at("2026-08-18T10:00"))
    assert not open_at(service, at("2026-09-01T10:00"))
    assert next_opening(service, at("2026-09-01T10:00")) is None


def test_fortnightly_rule_counts_from_its_start():
    every_other_tuesday = Schedule(
        freq="WEEKLY",
        interval=2,
        byday="TU",
        dtstart=dt.date(2026, 11, 3),
        opens_at=dt.time(10),
        closes_at=dt.time(11),
    )
    service = fake_service(every_other_tuesday, holidays=True)
    assert open_at(service, at("2026-11-17T10:30"))
    assert not open_at(service, at("2026-11-10T10:30"))


def test_no_hours_means_unknown_not_closed_forever():
    status = opening_status(fake_service(), at("2026-11-24T10:00"))
    assert not status.known
    assert next_opening(fake_service(), at("2026-11-24T10:00")) is None


def test_it_rejects_unreadable_days_with_a_japanese_message():
    with pytest.raises(ScheduleError, match="曜日「XX」"):
        parse_byday("MO,XX")
    with pytest.raises(ScheduleError, match="第何週"):
        parse_byday("7WE")


def test_naive_moments_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        open_at(fake_service(WEEKDAYS_9_1730), dt.datetime(2026, 11, 24, 10))


@settings(max_examples=200, deadline=None)
@given(moments)
def test_weekday_hours_match_the_calendar(moment):
    service = fake_service(WEEKDAYS_9_1730)
    day = moment.date()
    expected = (
        day.weekday() < 5
        and not is_public_holiday(day)
        and not is_year_end_closure(day)
        and dt.time(9) <= moment.time() < dt.time(17, 30)
    )
    assert open_at(service, moment) == expected


@settings(max_examples=200, deadline=None)
@given(moments)
def test_a_night_line_is_open_across_midnight(moment):
    night = fake_service(
        weekly("MO,TU,WE,TH,FR,SA,SU", "21:00", "06:00"), holidays=True, new_year=True
    )
    expected = moment.time() >= dt.time(21) or moment.time() < dt.time(6)
    assert open_at(night, moment) == expected
    following = next_opening(night, moment)
    assert following is not None and following.time() == dt.time(21)
    assert following > moment
    assert following - moment <= dt.timedelta(hours=24)


@settings(max_examples=150, deadline=None)
@given(moments, st.integers(min_value=1, max_value=10_000))
def test_next_opening_is_open_and_nothing_opens_before_it(moment, step):
    service = fake_service(
        WEEKDAYS_9_1730,
        Schedule(freq="MONTHLY", byday="1SA", opens_at=dt.time(10), closes_at=dt.time(12)),
    )
    following = next_opening(service, moment)
    assert following is not None
    assert following > moment
    assert open_at(service, following)
    assert not open_at(service, following - dt.timedelta(minutes=1))
    # Any moment between now and the next opening is either inside the current opening
    # or closed.
    between = moment + (following - moment) * (step / 10_001)
    if not open_at(service, moment):
        assert not open_at(service, between)


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2028, 12, 31)),
    st.sampled_from(["MO,WE,FR", "SA,SU", "2WE,4WE", "1SA,3SA", "-1FR", "TU", "5TH"]),
)
def test_the_quick_path_agrees_with_dateutil(day, byday):
    from tsunagu.directory.hours import _simple_occurrence, build_rule

    freq = "MONTHLY" if any(ch.isdigit() for ch in byday) else "WEEKLY"
    schedule = Schedule(freq=freq, byday=byday, opens_at=dt.time(9), closes_at=dt.time(17))
    rule = build_rule(schedule, day)
    found = rule.after(dt.datetime.combine(day, dt.time()), inc=True)
    assert _simple_occurrence(schedule, day) == (found is not None and found.date() == day)
