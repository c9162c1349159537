"""Opening hours: HSDS schedules (iCalendar RRULE semantics) read in Asia/Tokyo.

A day's openings come from, in order of precedence (DIR-5):
1. the service's own special date (SpecialDate): closed, or open with its own hours;
2. Japanese public holidays (jpholiday) and 12/29–1/3, closed unless the service says it
   opens on them (`open_on_public_holidays`, `open_over_new_year`);
3. closure schedules (`is_closure`) occurring that day close the whole day;
4. the opening schedules occurring that day, within their validity range.

A closing time at or before the opening time runs into the next day (21:00–06:00), and
00:00–00:00 is a whole day. Functions take the service with `schedules` and `special_dates`
(prefetched by `Service.objects.with_details()` to avoid queries per service).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import jpholiday
from dateutil import rrule

TOKYO = ZoneInfo("Asia/Tokyo")
HORIZON_DAYS = 400
_WEEKDAYS = {
    "MO": rrule.MO,
    "TU": rrule.TU,
    "WE": rrule.WE,
    "TH": rrule.TH,
    "FR": rrule.FR,
    "SA": rrule.SA,
    "SU": rrule.SU,
}
_FREQS = {"WEEKLY": rrule.WEEKLY, "MONTHLY": rrule.MONTHLY, "DAILY": rrule.DAILY}


class ScheduleError(ValueError):
    """A schedule whose rule cannot be read; the message says which part, in Japanese."""


def is_year_end_closure(day: dt.date) -> bool:
    """12/29 to 1/3, when public offices close (年末年始)."""
    return (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)


@lru_cache(maxsize=4096)
def is_public_holiday(day: dt.date) -> bool:
    # Cached: "open now" asks about the same two days for every candidate service.
    return jpholiday.is_holiday(day)


def parse_byday(value: str) -> list:
    """'MO,TU' or '2WE,4WE' or '-1FR' → dateutil weekdays."""
    days = []
    for part in (p.strip().upper() for p in (value or "").split(",")):
        if not part:
            continue
        code, ordinal = part[-2:], part[:-2]
        if code not in _WEEKDAYS:
            raise ScheduleError(f"曜日「{part}」が読めません（MO,TU,WE,TH,FR,SA,SU）。")
        if ordinal:
            try:
                n = int(ordinal)
            except ValueError as error:
                raise ScheduleError(f"曜日「{part}」の前の数字が読めません。") from error
            if n == 0 or abs(n) > 5:
                raise ScheduleError(f"曜日「{part}」: 第何週は1〜5か-1〜-5にしてください。")
            days.append(_WEEKDAYS[code](n))
        else:
            days.append(_WEEKDAYS[code])
    return days


def _parse_ints(value: str, what: str) -> list[int]:
    try:
        return [int(p) for p in (value or "").split(",") if p.strip()]
    except ValueError as error:
        raise ScheduleError(f"{what}「{value}」が数字のならびではありません。") from error


def build_rule(schedule, day: dt.date):
    """The schedule's recurrence, started at `day` unless it counts from its own start."""
    freq = _FREQS.get((schedule.freq or "").upper())
    if freq is None:
        return None
    interval = schedule.interval or 1
    # A rule stepping more than one week/month, or counting occurrences, only means
    # something from its own first day; otherwise starting today gives the same days.
    anchored = interval > 1 or schedule.count
    start = (schedule.dtstart or schedule.valid_from or day) if anchored else day
    kwargs = {
        "dtstart": dt.datetime.combine(start, dt.time()),
        "interval": interval,
        "byweekday": parse_byday(schedule.byday) or None,
        "bymonthday": _parse_ints(schedule.bymonthday, "日付") or None,
        "byweekno": _parse_ints(schedule.byweekno, "週番号") or None,
        "byyearday": _parse_ints(schedule.byyearday, "年の通算日") or None,
    }
    if schedule.wkst:
        kwargs["wkst"] = _WEEKDAYS[schedule.wkst.upper()]
    if schedule.count:
        kwargs["count"] = schedule.count
    elif schedule.until:
        kwargs["until"] = dt.datetime.combine(schedule.until, dt.time(23, 59))
    return rrule.rrule(freq, **kwargs)


def occurs_on(schedule, day: dt.date) -> bool:
    if schedule.valid_from and day < schedule.valid_from:
        return False
    if schedule.valid_to and day > schedule.valid_to:
        return False
    if schedule.dtstart and day < schedule.dtstart:
        return False
    quick = _simple_occurrence(schedule, day)
    if quick is not None:
        return quick
    rule = build_rule(schedule, day)
    if rule is None:
        # No recurrence: a one-off (dtstart) or, for closures, the whole validity range.
        if schedule.dtstart:
            return day == schedule.dtstart
        return bool(schedule.is_closure and (schedule.valid_from or schedule.valid_to))
    start = dt.datetime.combine(day, dt.time())
    found = rule.after(start, inc=True)
    return found is not None and found.date() == day


_WEEKDAY_INDEX = {code: index for index, code in enumerate(_WEEKDAYS)}


def _simple_occurrence(schedule, day: dt.date) -> bool | None:
    """Answer the common rules (weekly days; monthly 'nth weekday') without building an
    rrule, which is the slow part when "open now" checks thousands of services. None when
    the rule needs the general path."""
    freq = (schedule.freq or "").upper()
    if (schedule.interval or 1) > 1 or schedule.count or schedule.until:
        return None
    if schedule.bymonthday or schedule.byweekno or schedule.byyearday or not schedule.byday:
        return None
    parts = [p.strip().upper() for p in schedule.byday.split(",") if p.strip()]
    weekday = day.weekday()
    if freq == "WEEKLY" and all(p in _WEEKDAY_INDEX for p in parts):
        return any(_WEEKDAY_INDEX[p] == weekday for p in parts)
    if freq == "MONTHLY":
        next_month = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        days_in_month = (next_month - dt.timedelta(days=1)).day
        nth = (day.day - 1) // 7 + 1
        nth_from_end = -((days_in_month - day.day) // 7 + 1)
        for part in parts:
            code, ordinal = part[-2:], part[:-2]
            if code not in _WEEKDAY_INDEX or _WEEKDAY_INDEX[code] != weekday:
                continue
            if not ordinal:
                return True
            try:
                n = int(ordinal)
            except ValueError:
                return None
            if n in (nth, nth_from_end):
                return True
        return False
    return None


def _interval(day: dt.date, opens: dt.time, closes: dt.time) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, opens, tzinfo=TOKYO)
    end = dt.datetime.combine(day, closes, tzinfo=TOKYO)
    if end <= start:
        end += dt.timedelta(days=1)
    return start, end


def openings_on(service, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
    """The opening intervals that start on `day` (local date), sorted."""
    for special in service.special_dates.all():
        if special.date == day:
            if special.is_open:
                return [_interval(day, special.opens_at, special.closes_at)]
            return []
    if is_public_holiday(day) and not service.open_on_public_holidays:
        return []
    if is_year_end_closure(day) and not service.open_over_new_year:
        return []
    schedules = list(service.schedules.all())
    if any(s.is_closure and occurs_on(s, day) for s in schedules):
        return []
    return sorted(
        _interval(day, s.opens_at, s.closes_at)
        for s in schedules
        if not s.is_closure and s.opens_at and s.closes_at and occurs_on(s, day)
    )


def has_hours(service) -> bool:
    return any(not s.is_closure for s in service.schedules.all())


def _local(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    return moment.astimezone(TOKYO)


def current_opening(service, moment: dt.datetime) -> tuple[dt.datetime, dt.datetime] | None:
    """The opening interval containing `moment`, if the service is open then."""
    local = _local(moment)
    for day in (local.date() - dt.timedelta(days=1), local.date()):
        for start, end in openings_on(service, day):
            if start <= local < end:
                return start, end
    return None


def open_at(service, moment: dt.datetime) -> bool:
    """Is the service open at this moment (any time zone; judged in Asia/Tokyo)?"""
    return current_opening(service, moment) is not None


def next_opening(service, moment: dt.datetime) -> dt.datetime | None:
    """When the service next opens after `moment` (not counting an opening under way).

    None when it has no hours or does not open within HORIZON_DAYS.
    """
    if not has_hours(service):
        return None
    local = _local(moment)
    day = local.date()
    for offset in range(HORIZON_DAYS):
        for start, _end in openings_on(service, day + dt.timedelta(days=offset)):
            if start > local:
                return start
    return None


@dataclass(frozen=True)
class OpeningStatus:
    known: bool
    is_open: bool
    closes_at: dt.datetime | None
    next_opens_at: dt.datetime | None
    all_day: bool = False


def opening_status(service, moment: dt.datetime) -> OpeningStatus:
    """What a "now open / opens at" badge needs, in one call."""
    if not has_hours(service):
        return OpeningStatus(False, False, None, None)
    current = current_opening(service, moment)
    if current is not None:
        start, end = current
        if end - start >= dt.timedelta(hours=24):
            # Round the clock: the end of "today's" interval is not a closing time.
            return OpeningStatus(True, True, None, None, all_day=True)
        return OpeningStatus(True, True, end, None)
    return OpeningStatus(True, False, None, next_opening(service, moment))
