"""Working-day arithmetic for referral deadlines.

City offices close on Saturdays, Sundays, Japanese public holidays (jpholiday, which knows
substitute and citizens' holidays) and over the New Year (12/29–1/3). "Not accepted within
3 working days" counts only the days a window could have acted.
"""

from __future__ import annotations

import datetime as dt

import jpholiday


def is_new_year_closure(day: dt.date) -> bool:
    return (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and not jpholiday.is_holiday(day) and not is_new_year_closure(day)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (`start` itself does not count).

    With 0 the answer is `start` unchanged, even on a closed day.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    remaining = days
    while remaining:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """How many working days fall after `start` up to and including `end` (0 if end <= start)."""
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
