"""Import city staff from the personnel system's CSV (department, ward, email, name).

All or nothing: every row is checked first and nothing is written unless all are right.
People missing from the file who were imported before are deactivated (never deleted), so
the audit log keeps pointing at them. Roles granted by hand are left alone: the import only
manages the basic 職員 membership that says where someone works.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from tsunagu.core import audit
from tsunagu.core.models import Area, AreaKind

from .models import Membership, Organisation, OrganisationKind, Role, User

COLUMNS = ("department", "ward", "email", "name")
STAFF_ROLE_KEY = "staff"
STAFF_ROLE_NAME = "職員"
MAX_ERRORS_SHOWN = 100


class StaffImportError(ValueError):
    """The file cannot be imported; `problems` names each line and field, in Japanese."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = problems[:MAX_ERRORS_SHOWN]
        more = len(problems) - len(shown)
        text = "\n".join(shown)
        if more > 0:
            text += f"\nほかに {more} 件の問題があります。"
        super().__init__(text)


@dataclass(frozen=True)
class StaffRow:
    line: int
    department: str
    ward: Area | None
    email: str
    name: str


@dataclass
class StaffImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    reactivated: int = 0
    moved: int = 0
    deactivated: int = 0
    organisations_created: int = 0
    unchanged: int = 0
    dry_run: bool = False
    problems: list[str] = field(default_factory=list)


def read_rows(path: Path, encoding: str = "utf-8-sig") -> list[dict[str, str]]:
    try:
        text = path.read_text(encoding=encoding)
    except FileNotFoundError:
        raise StaffImportError([f"ファイルが見つかりません: {path}"]) from None
    except UnicodeDecodeError:
        raise StaffImportError(
            [
                f"文字コード {encoding} として読めません。Excel で保存した CSV なら "
                "--encoding cp932 を付けるか、「CSV UTF-8」で保存し直してください。"
            ]
        ) from None
    reader = csv.DictReader(io.StringIO(text))
    header = tuple(name.strip() for name in (reader.fieldnames or ()))
    if header != COLUMNS:
        raise StaffImportError(
            [
                "1行目（見出し）は department,ward,email,name の4列にしてください"
                f"（いまは {','.join(header) or '空'}）。"
            ]
        )
    return list(reader)


def default_city() -> Area:
    cities = list(
        Area.objects.filter(kind=AreaKind.MUNICIPALITY, children__isnull=False).distinct()
    )
    if len(cities) != 1:
        raise StaffImportError(
            ["市を1つに決められません。--city に市の地方公共団体コード（6桁）を指定してください。"]
        )
    return cities[0]


def validate(raw_rows: list[dict[str, str]], city: Area) -> list[StaffRow]:
    wards = {}
    for ward in Area.objects.wards_of(city.code):
        wards[ward.name] = ward
        wards[ward.code] = ward
    problems: list[str] = []
    rows: list[StaffRow] = []
    first_line_of: dict[str, int] = {}
    for index, raw in enumerate(raw_rows):
        line = index + 2  # line 1 is the header
        if None in raw or any(value is None for value in raw.values()):
            problems.append(f"{line}行目: 列の数が4つではありません。")
            continue
        values = {key.strip(): (value or "").strip() for key, value in raw.items()}
        department, ward_text = values["department"], values["ward"]
        email, name = values["email"].lower(), values["name"]
        if not department:
            problems.append(f"{line}行目 department: 所属（局・部・課）が空です。")
        elif len(department) > 200:
            problems.append(f"{line}行目 department: 200文字以内にしてください。")
        ward = None
        if ward_text:
            ward = wards.get(ward_text)
            if ward is None:
                problems.append(
                    f"{line}行目 ward: 「{ward_text}」は{city.name}の区にありません"
                    "（区の名前か6桁のコードを書くか、本庁の人は空にしてください）。"
                )
        try:
            validate_email(email)
        except ValidationError:
            problems.append(
                f"{line}行目 email: メールアドレスの形式が正しくありません（「{email}」）。"
            )
        else:
            if email in first_line_of:
                problems.append(
                    f"{line}行目 email: {first_line_of[email]}行目と同じアドレスです。"
                    "1人1行にしてください。"
                )
            first_line_of.setdefault(email, line)
        if not name:
            problems.append(f"{line}行目 name: 氏名が空です。")
        elif len(name) > 150:
            problems.append(f"{line}行目 name: 150文字以内にしてください。")
        rows.append(StaffRow(line, department, ward, email, name))
    if not rows and not problems:
        problems.append("データの行がありません。見出しの下に1人1行で書いてください。")
    if problems:
        raise StaffImportError(problems)
    return rows


def import_staff(
    path: Path,
    *,
    city: Area | None = None,
    dry_run: bool = False,
    encoding: str = "utf-8-sig",
    progress: Callable[[Iterable], Iterable] = lambda rows: rows,
) -> StaffImportReport:
    city = city or default_city()
    rows = validate(read_rows(path, encoding), city)
    report = StaffImportReport(rows=len(rows), dry_run=dry_run)
    with transaction.atomic():
        _apply(rows, city, report, progress)
        audit.record("accounts.staff.imported", actor=None)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _apply(rows, city, report, progress) -> None:
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    role, _ = Role.objects.get_or_create(
        key=STAFF_ROLE_KEY,
        defaults={"name": STAFF_ROLE_NAME, "permissions": [], "description": "人事データの取込"},
    )
    organisations = {
        (org.area_id, org.name): org
        for org in Organisation.objects.filter(area__in=[city, *Area.objects.wards_of(city.code)])
    }
    users = {user.email: user for user in User.objects.all()}
    placed = {
        m.user_id: m
        for m in Membership.objects.current().filter(role=role).select_related("organisation")
    }
    new_users: list[User] = []
    changed_users: list[User] = []
    memberships_to_end: list[Membership] = []
    memberships_to_add: list[tuple[str, Organisation]] = []
    memberships_to_retarget: list[Membership] = []
    seen: set[str] = set()
    unusable = make_password(None)  # they set a password through "forgot password"
    for row in progress(rows):
        seen.add(row.email)
        area = row.ward or city
        org = organisations.get((area.code, row.department))
        if org is None:
            kind = OrganisationKind.WARD_OFFICE if row.ward else OrganisationKind.CITY_DEPARTMENT
            org = Organisation.objects.create(area=area, name=row.department, kind=kind)
            organisations[(area.code, row.department)] = org
            report.organisations_created += 1
        user = users.get(row.email)
        if user is None:
            new_users.append(User(email=row.email, full_name=row.name, password=unusable))
            memberships_to_add.append((row.email, org))
            report.created += 1
            continue
        changed = False
        if user.full_name != row.name:
            user.full_name = row.name
            changed = True
            report.updated += 1
        if not user.is_active:
            user.is_active = True
            changed = True
            report.reactivated += 1
        if changed:
            changed_users.append(user)
        current = placed.get(user.pk)
        if current is None:
            memberships_to_add.append((row.email, org))
        elif current.organisation_id != org.pk:
            report.moved += 1
            if current.starts_on >= today:
                # Placed today by an earlier run: correct that placement rather than end it.
                current.organisation = org
                memberships_to_retarget.append(current)
            else:
                current.ends_on = yesterday
                memberships_to_end.append(current)
                memberships_to_add.append((row.email, org))
        elif not changed:
            report.unchanged += 1
    User.objects.bulk_create(new_users, batch_size=1000)
    User.objects.bulk_update(changed_users, ["full_name", "is_active"], batch_size=1000)
    Membership.objects.bulk_update(memberships_to_retarget, ["organisation"], batch_size=1000)
    seen_ids = {users[email].pk for email in seen if email in users}
    leavers = [m for m in placed.values() if m.user_id not in seen_ids]
    leaver_ids = [m.user_id for m in leavers]
    report.deactivated = User.objects.filter(pk__in=leaver_ids, is_active=True).update(
        is_active=False
    )
    for membership in leavers:
        membership.ends_on = max(yesterday, membership.starts_on)
    Membership.objects.bulk_update([*memberships_to_end, *leavers], ["ends_on"], batch_size=1000)
    ids = dict(
        User.objects.filter(email__in=[email for email, _ in memberships_to_add]).values_list(
            "email", "pk"
        )
    )
    Membership.objects.bulk_create(
        [
            Membership(user_id=ids[email], organisation=org, role=role, starts_on=today)
            for email, org in memberships_to_add
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
