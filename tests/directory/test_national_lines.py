from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from tsunagu.directory.models import Confidence, Service
from tsunagu.directory.services import DirectoryDataError, load_national_lines

pytestmark = pytest.mark.django_db

HEADER = "key,name,number_or_channel,hours_as_reported,who,categories,source,confidence\n"


def test_it_loads_every_shipped_line_with_source_and_confidence():
    report = load_national_lines()
    assert report.created == Service.objects.count() == 19
    yorisoi = Service.objects.get(name="よりそいホットライン")
    assert yorisoi.source == "279338.jp/yorisoi/"
    assert yorisoi.is_vetted
    assert yorisoi.is_crisis_line
    assert set(yorisoi.trouble_codes) >= {"loneliness", "suicidal"}


def test_medium_rows_are_loaded_but_never_vetted_for_crisis_panels():
    load_national_lines()
    inochi = Service.objects.get(name="いのちの電話（フリーダイヤル）")
    assert inochi.confidence == Confidence.MEDIUM
    assert inochi.last_verified_at is None
    assert inochi not in Service.objects.crisis_lines()


def test_loading_twice_changes_nothing():
    load_national_lines()
    ids = set(Service.objects.values_list("pk", flat=True))
    again = load_national_lines()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 19)
    assert set(Service.objects.values_list("pk", flat=True)) == ids


def test_it_rejects_unknown_codes_and_writes_nothing(tmp_path):
    data = tmp_path / "lines.csv"
    data.write_text(
        HEADER + "x,サンプル,06-0000-0001,24時間,誰でも,suicidal;lonely,x,high\n"
        "y,サンプル2,06-0000-0002,24時間,誰でも,suicidal,x,sure\n",
        encoding="utf-8",
    )
    with pytest.raises(DirectoryDataError) as error:
        load_national_lines(data)
    assert error.value.problems == [
        "2行目 categories: 「lonely」は困りごとのコードではありません。",
        "3行目 confidence: 「sure」は high / medium / low のどれかにしてください。",
    ]
    assert not Service.objects.exists()


def test_the_command_reports_counts_and_stops_on_a_missing_file(tmp_path):
    out = io.StringIO()
    call_command("load_national_lines", stdout=out)
    assert "新規 19" in out.getvalue()
    with pytest.raises(CommandError, match="ファイルが見つかりません"):
        call_command("load_national_lines", file=tmp_path / "none.csv")
