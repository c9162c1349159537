from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from tsunagu.accounts.models import Membership, Organisation, User
from tsunagu.accounts.staff_import import StaffImportError, import_staff
from tsunagu.core.models import AuditEntry

from .factories import KITA_WARD, member, organisation

HEADER = "department,ward,email,name\n"


def write(tmp_path, body: str, name: str = "staff.csv", encoding: str = "utf-8") -> object:
    path = tmp_path / name
    path.write_bytes((HEADER + body).encode(encoding))
    return path


def run(path, *args) -> str:
    out = io.StringIO()
    call_command("import_staff", str(path), "--no-progress", *args, stdout=out)
    return out.getvalue()


def test_it_creates_people_organisations_and_placements(areas, tmp_path):
    path = write(
        tmp_path,
        "福祉局 生活福祉部,,sato@example.jp,佐藤 花子\n"
        "保健福祉課,北区,Suzuki@Example.jp,鈴木 一郎\n"
        "保健福祉課,271020,tanaka@example.jp,田中 次郎\n",
    )
    output = run(path)
    assert "新規 3" in output
    assert "新しい組織 3" in output
    suzuki = User.objects.get(email="suzuki@example.jp")
    assert suzuki.full_name == "鈴木 一郎"
    assert not suzuki.has_usable_password()
    placement = Membership.objects.current().get(user=suzuki)
    assert (placement.organisation.area_id, placement.organisation.kind) == (
        KITA_WARD,
        "ward_office",
    )
    assert Organisation.objects.get(name="福祉局 生活福祉部").area_id == "271004"
    assert AuditEntry.objects.filter(action="accounts.staff.imported").count() == 1


def test_a_dry_run_counts_but_writes_nothing(areas, tmp_path):
    path = write(tmp_path, "保健福祉課,北区,a@example.jp,青木 愛\n")
    output = run(path, "--dry-run")
    assert "確認のみ" in output
    assert "新規 1" in output
    assert User.objects.count() == 0
    assert Organisation.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_leavers_are_deactivated_never_deleted_and_hand_granted_roles_stay(areas, tmp_path):
    run(write(tmp_path, "保健福祉課,北区,a@example.jp,青木\n保健福祉課,北区,b@example.jp,馬場\n"))
    kita = Organisation.objects.get(name="保健福祉課")
    member("b@example.jp", kita, "referrals.inbox.read")  # granted by hand
    partner = member("npo@example.jp", organisation(KITA_WARD, "NPO"), "directory.service.edit")
    output = run(write(tmp_path, "保健福祉課,北区,a@example.jp,青木\n", "next.csv"))
    assert "退職で無効化 1" in output
    leaver = User.objects.get(email="b@example.jp")
    assert not leaver.is_active
    assert Membership.objects.filter(user=leaver).count() == 2
    assert User.objects.get(pk=partner.pk).is_active  # never imported: not touched
    assert Membership.objects.current().filter(user=leaver).count() == 0


def test_moves_and_renames_and_returns_are_applied(areas, tmp_path, settings):
    import datetime

    run(write(tmp_path, "保健福祉課,北区,a@example.jp,青木\n保健福祉課,北区,b@example.jp,馬場\n"))
    Membership.objects.update(starts_on=datetime.date(2025, 4, 1))
    run(write(tmp_path, "保健福祉課,北区,a@example.jp,青木\n", "leave.csv"))
    output = run(
        write(
            tmp_path,
            "市民局,,a@example.jp,青木 愛\n保健福祉課,北区,b@example.jp,馬場\n",
            "back.csv",
        )
    )
    assert "異動 1" in output
    assert "氏名の変更 1" in output
    assert "再開 1" in output
    aoki = User.objects.get(email="a@example.jp")
    assert Membership.objects.current().get(user=aoki).organisation.name == "市民局"
    assert Membership.objects.filter(user=aoki).count() == 2  # the old placement is kept, ended


def test_running_the_same_file_twice_changes_nothing(areas, tmp_path):
    path = write(tmp_path, "保健福祉課,北区,a@example.jp,青木\n")
    run(path)
    assert "変更なし 1" in run(path)
    assert Membership.objects.count() == 1


def test_bad_rows_are_all_reported_by_line_and_field_and_nothing_is_written(areas, tmp_path):
    path = write(
        tmp_path,
        "保健福祉課,北区,ok@example.jp,大丈夫\n"
        ",北区,a@example.jp,名前あり\n"
        "保健福祉課,南北区,b@example.jp,名前あり\n"
        "保健福祉課,北区,not-an-address,名前あり\n"
        "保健福祉課,北区,ok@example.jp,\n"
        "保健福祉課,北区\n",
    )
    with pytest.raises(CommandError) as error:
        run(path)
    message = str(error.value)
    assert "何も変更していません" in message
    assert "3行目 department: 所属（局・部・課）が空です。" in message
    assert "4行目 ward: 「南北区」は大阪市の区にありません" in message
    assert "5行目 email: メールアドレスの形式が正しくありません" in message
    assert "6行目 email: 2行目と同じアドレスです。" in message
    assert "6行目 name: 氏名が空です。" in message
    assert "7行目: 列の数が4つではありません。" in message
    assert User.objects.count() == 0


def test_a_wrong_header_is_explained(areas, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("所属,区,メール,氏名\n保健福祉課,北区,a@example.jp,青木\n", encoding="utf-8")
    with pytest.raises(StaffImportError, match="department,ward,email,name"):
        import_staff(path)


def test_excel_files_in_shift_jis_need_the_encoding_option(areas, tmp_path):
    path = write(tmp_path, "保健福祉課,北区,a@example.jp,青木\n", encoding="cp932")
    with pytest.raises(CommandError, match="--encoding cp932"):
        run(path)
    assert "新規 1" in run(path, "--encoding", "cp932")


def test_a_byte_order_mark_from_excel_is_accepted(areas, tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(("\ufeff" + HEADER + "保健福祉課,北区,a@example.jp,青木\n").encode())
    assert "新規 1" in run(path)


def test_an_unknown_city_code_is_refused(areas, tmp_path):
    with pytest.raises(CommandError, match="--city 999999"):
        run(write(tmp_path, "課,,a@example.jp,青木\n"), "--city", "999999")


def test_importing_many_rows_uses_few_queries(areas, tmp_path, django_assert_max_num_queries):
    body = "".join(f"保健福祉課,北区,p{i}@example.jp,職員 {i}\n" for i in range(300))
    with django_assert_max_num_queries(40):
        run(write(tmp_path, body))
    assert User.objects.count() == 300
