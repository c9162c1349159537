from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import strategies as st

from tsunagu.core.models import Area, AreaKind, Municipality, Prefecture, Ward
from tsunagu.core.services import AreaDataError, check_digit, load_areas, ward_codes

SHIPPED = settings.TSUNAGU_DATA_DIR / "areas"


@pytest.fixture
def area_dir(tmp_path: Path) -> Path:
    """A writable copy of the shipped area files."""
    target = tmp_path / "areas"
    shutil.copytree(SHIPPED, target)
    return target


@pytest.mark.parametrize(
    ("code5", "code6"),
    [("27000", "270008"), ("27100", "271004"), ("27102", "271020"), ("27103", "271039")],
)
def test_check_digit_matches_the_official_codes(code5, code6):
    assert code5 + check_digit(code5) == code6


@given(st.from_regex(r"\A[0-9]{5}\Z"))
def test_check_digit_is_always_one_digit(code5):
    digit = check_digit(code5)
    assert len(digit) == 1
    assert digit.isdigit()


def test_it_loads_every_prefecture_the_city_and_its_24_wards(areas):
    assert Prefecture.objects.count() == 47
    assert Municipality.objects.count() == 1
    assert Ward.objects.count() == 24
    kita = Ward.objects.get(name="北区")
    assert kita.code == "271276"
    assert kita.parent.name == "大阪市"
    assert kita.parent.parent.name == "大阪府"
    assert kita.full_name == "大阪府大阪市北区"


def test_loading_again_creates_and_changes_nothing(areas):
    again = load_areas(SHIPPED)
    assert (again.created, again.updated) == (0, 0)
    assert Area.objects.count() == 72


def test_a_corrected_name_is_updated_in_place(db, area_dir):
    load_areas(area_dir)
    wards = area_dir / "wards-27100.csv"
    wards.write_text(wards.read_text(encoding="utf-8").replace("都島区", "都島区（改）"), "utf-8")
    report = load_areas(area_dir)
    assert report.updated == 1
    assert Ward.objects.get(code="271020").name == "都島区（改）"


def test_by_code_accepts_five_and_six_digit_codes(areas):
    assert Area.objects.by_code("27128").name == "中央区"
    assert Area.objects.by_code("271284").name == "中央区"


def test_wards_of_lists_only_that_citys_wards(areas):
    wards = list(Area.objects.wards_of("271004"))
    assert len(wards) == 24
    assert {w.kind for w in wards} == {AreaKind.WARD}


def test_a_second_city_loads_from_a_csv_of_the_same_shape(db, area_dir):
    with (area_dir / "municipalities.csv").open("a", encoding="utf-8") as handle:
        handle.write("27140,271403,堺市,さかいし,Sakai\n")
    (area_dir / "wards-27140.csv").write_text(
        "code5,code6,name,kana,romaji\n27141,271411,堺区,さかいく,Sakai\n"
        "27142,271420,中区,なかく,Naka\n",
        encoding="utf-8",
    )
    load_areas(area_dir)
    assert [w.name for w in Area.objects.wards_of("271403")] == ["堺区", "中区"]
    assert Area.objects.wards_of("271004").count() == 24


def test_a_wrong_check_digit_names_file_line_and_field_and_writes_nothing(db, area_dir):
    wards = area_dir / "wards-27100.csv"
    wards.write_text(wards.read_text(encoding="utf-8").replace("271039", "271030"), "utf-8")
    with pytest.raises(AreaDataError) as caught:
        load_areas(area_dir)
    assert caught.value.problems == [
        "wards-27100.csv 3行目 code6: 「271030」は 27103 の6桁コード（271039）と合いません。"
    ]
    assert Area.objects.count() == 0


def test_a_missing_column_is_reported_with_the_expected_header(db, area_dir):
    (area_dir / "municipalities.csv").write_text("code,name\n27100,大阪市\n", encoding="utf-8")
    with pytest.raises(AreaDataError) as caught:
        load_areas(area_dir)
    assert "municipalities.csv: 見出し行に code5, code6, kana, romaji の列がありません" in str(
        caught.value
    )
    assert Area.objects.count() == 0


def test_a_ward_in_another_prefecture_is_refused(db, area_dir):
    with (area_dir / "wards-27100.csv").open("a", encoding="utf-8") as handle:
        handle.write("13101,131016,千代田区,ちよだく,Chiyoda\n")
    with pytest.raises(AreaDataError, match="13101"):
        load_areas(area_dir)
    assert Area.objects.count() == 0


def test_an_empty_name_is_reported(db, area_dir):
    wards = area_dir / "wards-27100.csv"
    wards.write_text(wards.read_text(encoding="utf-8").replace(",福島区,", ",,"), "utf-8")
    with pytest.raises(AreaDataError, match="3行目 name: 空欄です"):
        load_areas(area_dir)


def test_ward_codes_are_kept_in_the_process_and_renewed_when_areas_load(
    db, area_dir, django_assert_num_queries, django_capture_on_commit_callbacks
):
    load_areas(area_dir)
    assert len(ward_codes()) == 24
    with django_assert_num_queries(0):
        assert "271276" in ward_codes()
    with (area_dir / "municipalities.csv").open("a", encoding="utf-8") as handle:
        handle.write("27140,271403,堺市,さかいし,Sakai\n")
    (area_dir / "wards-27140.csv").write_text(
        "code5,code6,name,kana,romaji\n27141,271411,堺区,さかいく,Sakai\n", encoding="utf-8"
    )
    with django_capture_on_commit_callbacks(execute=True):
        load_areas(area_dir)
    assert "271411" in ward_codes()
    assert len(ward_codes()) == 25


def test_no_wards_yet_is_not_kept(db, area_dir):
    assert ward_codes() == frozenset()
    load_areas(area_dir)  # without running its on-commit step: nothing was kept to forget
    assert len(ward_codes()) == 24
