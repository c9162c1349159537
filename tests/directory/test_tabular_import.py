from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from tsunagu.directory.hours_text import HoursTextError, format_hours_text, parse_hours_text
from tsunagu.directory.models import Organization, Service
from tsunagu.directory.sample import load_osaka_sample
from tsunagu.directory.tabular import (
    HEADERS,
    TabularImportError,
    export_csv,
    import_rows,
    read_rows,
    template_csv,
    template_xlsx,
)

pytestmark = pytest.mark.django_db


def row(**values) -> dict[str, str]:
    base = {
        "名前": "サンプル 北区ふれあい喫茶",
        "種類": "つながりの場",
        "組織名": "サンプル 北区社会福祉協議会",
        "困りごとコード": "loneliness;elderly_care",
        "対象区域コード": "271276",
        "電話番号": "06-0000-1234",
        "受付時間": "第2・第4水 13:00-15:00",
        "郵便番号": "530-0000",
        "住所": "北区サンプル町1-1",
        "サンプル": "はい",
    }
    base.update(values)
    return {h: base.get(h, "") for h in HEADERS}


def write_csv(path, rows, encoding="utf-8-sig"):
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for r in rows:
            writer.writerow([r[h] for h in HEADERS])
    return path


def test_a_good_file_creates_services_with_codes_area_phone_hours_and_address(areas, tmp_path):
    path = write_csv(tmp_path / "in.csv", [row(), row(名前="サンプル 北区こども食堂")])
    plan = import_rows(read_rows(path), dry_run=False)
    assert plan.counts == {"新規": 2, "更新": 0, "変更なし": 0}
    cafe = Service.objects.with_details().get(name="サンプル 北区ふれあい喫茶")
    assert sorted(cafe.trouble_codes) == ["elderly_care", "loneliness"]
    assert cafe.main_phone.number == "06-0000-1234"
    assert format_hours_text(cafe.schedules.all()) == "第2・第4水 13:00-15:00"
    assert cafe.kind == "place"
    assert cafe.is_sample
    assert Service.objects.serving_area("271276").filter(pk=cafe.pk).exists()
    location = cafe.service_at_locations.first().location
    assert location.addresses.first().city == "大阪市北区"
    assert Organization.objects.filter(name="サンプル 北区社会福祉協議会").count() == 1


def test_the_bad_file_is_refused_with_row_and_field_messages_and_nothing_is_written(
    areas, tmp_path
):
    rows = [row() for _ in range(11)]
    rows.append(
        row(
            電話番号="06-1234",
            困りごとコード="loneliness;sad",
            対象区域コード="999999",
            受付時間="毎週 9:00-17:00",
            無料="たぶん",
        )
    )
    rows.append(row(名前=""))
    path = write_csv(tmp_path / "bad.csv", rows)
    with pytest.raises(TabularImportError) as error:
        import_rows(read_rows(path), dry_run=False)
    problems = error.value.problems
    assert "13行目 電話番号: 「06-1234」は電話番号の形ではありません。" in problems
    assert "13行目 困りごとコード: 「sad」は困りごとのコードではありません。" in problems
    assert "13行目 対象区域コード: 「999999」という区域はありません。" in problems
    assert any(p.startswith("13行目 受付時間: 曜日「毎週」が読めません") for p in problems)
    assert "13行目 無料: 「たぶん」は「はい」か「いいえ」にしてください。" in problems
    assert "14行目 名前: 空欄です。値を入れてください。" in problems
    assert not Service.objects.exists()
    assert not Organization.objects.exists()


def test_a_dry_run_says_what_would_change_and_writes_nothing(areas, tmp_path):
    path = write_csv(tmp_path / "in.csv", [row()])
    import_rows(read_rows(path), dry_run=False)
    changed = write_csv(
        tmp_path / "changed.csv", [row(電話番号="06-0000-5678"), row(名前="新しい場")]
    )
    plan = import_rows(read_rows(changed), dry_run=True)
    assert [r.describe() for r in plan.rows] == [
        "2行目 サンプル 北区ふれあい喫茶: 更新（電話番号）",
        "3行目 新しい場: 新規",
    ]
    assert Service.objects.count() == 1
    assert Service.objects.get().main_phone.number == "06-0000-1234"
    again = import_rows(read_rows(path), dry_run=True)
    assert again.counts["変更なし"] == 1


def test_missing_headers_are_named(areas, tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("名前,電話\nx,y\n", encoding="utf-8")
    with pytest.raises(TabularImportError) as error:
        read_rows(path)
    missing = "見出しに 種類, 組織名, 困りごとコード, 対象区域コード がありません"
    assert missing in error.value.problems[0]
    assert "見出し 電話 は使えません" in error.value.problems[1]


def test_excel_files_import_the_same_way(areas, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(list(HEADERS))
    values = row(郵便番号="5300000")
    sheet.append([values[h] for h in HEADERS])
    path = tmp_path / "in.xlsx"
    book.save(path)
    plan = import_rows(read_rows(path), dry_run=False)
    assert plan.counts["新規"] == 1


def test_export_is_utf8_with_bom_and_reimports_without_changes(areas, tmp_path):
    load_osaka_sample()
    data = export_csv(Service.objects.all())
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    path = tmp_path / "out.csv"
    path.write_bytes(data)
    plan = import_rows(read_rows(path), dry_run=True)
    assert plan.counts["更新"] == 0
    assert plan.counts["変更なし"] == Service.objects.count()


def test_the_templates_have_the_headers_and_a_valid_example(areas, tmp_path):
    path = tmp_path / "template.csv"
    path.write_bytes(template_csv())
    assert import_rows(read_rows(path), dry_run=True).counts["新規"] == 1
    xlsx = tmp_path / "template.xlsx"
    xlsx.write_bytes(template_xlsx())
    book = load_workbook(xlsx)
    assert [c.value for c in book["相談先"][1]] == list(HEADERS)
    assert book.sheetnames == ["相談先", "列の説明"]
    assert import_rows(read_rows(xlsx), dry_run=True).counts["新規"] == 1


def test_the_command_has_a_dry_run_and_refuses_bad_files(areas, tmp_path):
    good = write_csv(tmp_path / "in.csv", [row()])
    out = io.StringIO()
    call_command("import_directory", str(good), "--dry-run", stdout=out, stderr=io.StringIO())
    assert "書きこんでいません" in out.getvalue()
    assert not Service.objects.exists()
    out = io.StringIO()
    call_command("import_directory", str(good), stdout=out, stderr=io.StringIO())
    assert "新規 1 件" in out.getvalue()
    bad = write_csv(tmp_path / "bad.csv", [row(電話番号="06-1234")])
    with pytest.raises(CommandError, match="2行目 電話番号"):
        call_command("import_directory", str(bad), stderr=io.StringIO())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("平日 9:00-17:30", "平日 09:00-17:30"),
        ("月水金 10:00-16:00／土 10:00-12:00", "月水金 10:00-16:00／土 10:00-12:00"),
        ("第2・第4水 13:00-15:00", "第2・第4水 13:00-15:00"),
        ("24時間", "毎日 00:00-24:00"),
        ("毎日 21:00-6:00", "毎日 21:00-06:00"),
        ("月〜金 ９:００-１７:００", "平日 09:00-17:00"),
    ],
)
def test_hours_text_reads_and_writes_the_same_notation(text, expected):
    from tsunagu.directory.tabular import _schedules_from

    assert format_hours_text(_schedules_from(parse_hours_text(text))) == expected


def test_hours_text_rejects_nonsense_with_a_hint():
    with pytest.raises(HoursTextError, match="平日 9:00-17:30"):
        parse_hours_text("いつでも")
    with pytest.raises(HoursTextError, match="時刻ではありません"):
        parse_hours_text("平日 25:00-26:00")
