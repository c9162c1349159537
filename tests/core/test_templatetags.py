import datetime as dt

import pytest

from tsunagu.core.templatetags.tsunagu import date_ja, wareki


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 11, 26), "令和8年11月26日"),
        (dt.date(2019, 5, 1), "令和元年5月1日"),
        (dt.date(2019, 4, 30), "平成31年4月30日"),
        (dt.date(1989, 1, 7), "昭和64年1月7日"),
    ],
)
def test_wareki_uses_the_right_era(day, expected):
    assert wareki(day) == expected


def test_date_ja_follows_the_deployment_style(settings):
    settings.TSUNAGU_DATE_STYLE = "western"
    assert date_ja(dt.date(2026, 11, 26)) == "2026年11月26日"
    settings.TSUNAGU_DATE_STYLE = "wareki"
    assert date_ja(dt.date(2026, 11, 26)) == "令和8年11月26日"


def test_date_ja_shows_tokyo_dates_for_utc_moments(settings):
    settings.TSUNAGU_DATE_STYLE = "western"
    late_utc = dt.datetime(2026, 11, 26, 16, 30, tzinfo=dt.UTC)  # 01:30 on the 27th in Tokyo
    assert date_ja(late_utc) == "2026年11月27日"
