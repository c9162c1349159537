"""Opening hours as city staff write them in a spreadsheet cell, and back.

    平日 9:00-17:30
    月水金 10:00-16:00／土 10:00-12:00
    第2・第4水 13:00-15:00
    毎日 0:00-24:00           (24時間 also works)
    毎日 21:00-6:00           (past midnight)

Parts are separated by 「／」「;」「、」 or a new line. English RRULE days (MO,TU 09:00-17:00,
2WE,4WE 13:00-15:00) are accepted too.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
JA_DAYS = dict(zip("月火水木金土日", DAY_CODES, strict=True))
CODE_TO_JA = {code: ja for ja, code in JA_DAYS.items()}
ALL_DAYS = ",".join(DAY_CODES)
WEEKDAYS = ",".join(DAY_CODES[:5])

_TIME = r"(\d{1,2})[:：](\d{2})"
_PART = re.compile(rf"^(?P<days>.+?)\s*{_TIME}\s*[-〜~～]\s*{_TIME}$")
_NTH = re.compile(r"^第([1-5])$")


class HoursTextError(ValueError):
    pass


@dataclass(frozen=True)
class HoursRule:
    freq: str
    byday: str
    opens_at: dt.time
    closes_at: dt.time


def _time(hour: str, minute: str) -> dt.time:
    h, m = int(hour), int(minute)
    if h == 24 and m == 0:
        return dt.time(0, 0)
    if not (0 <= h <= 23 and 0 <= m <= 59):
        raise HoursTextError(f"「{hour}:{minute}」は時刻ではありません。")
    return dt.time(h, m)


def _days(text: str) -> tuple[str, str]:
    """'平日' → (WEEKLY, 'MO,TU,WE,TH,FR'); '第2・第4水' → (MONTHLY, '2WE,4WE')."""
    text = text.strip()
    if text in ("毎日", "年中無休"):
        return "WEEKLY", ALL_DAYS
    if text == "平日":
        return "WEEKLY", WEEKDAYS
    if text == "土日":
        return "WEEKLY", "SA,SU"
    if re.fullmatch(r"-?[1-5]?(MO|TU|WE|TH|FR|SA|SU)(,-?[1-5]?(MO|TU|WE|TH|FR|SA|SU))*", text):
        return ("MONTHLY" if re.search(r"\d", text) else "WEEKLY"), text
    nth = re.fullmatch(r"((?:第[1-5][・,、]?)+)([月火水木金土日])曜?日?", text)
    if nth:
        numbers = re.findall(r"第([1-5])", nth.group(1))
        return "MONTHLY", ",".join(f"{n}{JA_DAYS[nth.group(2)]}" for n in numbers)
    cleaned = text.replace("曜日", "").replace("曜", "").replace("・", "").replace("、", "")
    if cleaned and all(ch in JA_DAYS for ch in cleaned):
        codes = [JA_DAYS[ch] for ch in cleaned]
        return "WEEKLY", ",".join(c for c in DAY_CODES if c in codes)
    range_match = re.fullmatch(r"([月火水木金土日])[-〜~～]([月火水木金土日])", cleaned)
    if range_match:
        start = DAY_CODES.index(JA_DAYS[range_match.group(1)])
        end = DAY_CODES.index(JA_DAYS[range_match.group(2)])
        if start <= end:
            return "WEEKLY", ",".join(DAY_CODES[start : end + 1])
    raise HoursTextError(f"曜日「{text}」が読めません。例: 平日、月水金、土日、毎日、第2・第4水。")


def parse_hours_text(text: str) -> list[HoursRule]:
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text:
        return []
    if text in ("24時間", "24時間365日"):
        return [HoursRule("WEEKLY", ALL_DAYS, dt.time(0), dt.time(0))]
    rules = []
    for part in re.split(r"[／/;、\n]+", text):
        part = part.strip()
        if not part:
            continue
        match = _PART.match(part)
        if not match:
            raise HoursTextError(
                f"「{part}」が読めません。「平日 9:00-17:30」のように曜日と時刻を書いてください。"
            )
        freq, byday = _days(match.group("days"))
        groups = match.groups()
        opens, closes = _time(groups[1], groups[2]), _time(groups[3], groups[4])
        rules.append(HoursRule(freq, byday, opens, closes))
    return rules


def format_hours_text(schedules) -> str:
    """Schedules → the same notation (closures are left out)."""
    parts = []
    for s in schedules:
        if s.is_closure or not s.opens_at or not s.closes_at:
            continue
        if s.byday == ALL_DAYS:
            days = "毎日"
        elif s.byday == WEEKDAYS and s.freq == "WEEKLY":
            days = "平日"
        elif s.freq == "MONTHLY" and re.fullmatch(r"([1-5][A-Z]{2},?)+", s.byday):
            items = s.byday.split(",")
            weekday = {i[-2:] for i in items}
            if len(weekday) == 1:
                days = "・".join(f"第{i[:-2]}" for i in items) + CODE_TO_JA[weekday.pop()]
            else:
                days = s.byday
        elif s.freq == "WEEKLY" and all(c in CODE_TO_JA for c in s.byday.split(",")):
            days = "".join(CODE_TO_JA[c] for c in s.byday.split(","))
        else:
            days = s.byday
        closes = "24:00" if s.closes_at == dt.time(0) else s.closes_at.strftime("%H:%M")
        parts.append(f"{days} {s.opens_at.strftime('%H:%M')}-{closes}")
    return "／".join(parts)
