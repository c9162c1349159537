"""CSV and Excel import/export for city staff: one row per service, Japanese headers.

Import is all-or-nothing: every row is read and checked first, and any problem (named by
line and column, in Japanese) stops the whole file. A dry run reports what would be created
or changed without writing. Rows are matched to existing services by ID, or else by name
and organisation. See docs/data.md for the columns.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from tsunagu.core.errors import DataProblems
from tsunagu.core.models import Area, AreaKind

from .changes import note_directory_changed
from .hours import TOKYO
from .hours_text import HoursTextError, format_hours_text, parse_hours_text
from .models import (
    Address,
    Attribute,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceKind,
    ServiceStatus,
    TaxonomyTerm,
)
from .services import ensure_trouble_taxonomy
from .troubles import TROUBLE_CODES

# (header, required, help shown in the template's second sheet)
COLUMNS: tuple[tuple[str, bool, str], ...] = (
    ("ID", False, "空欄なら新しい相談先。書き出したファイルの ID をそのまま残すと上書きします。"),
    ("名前", True, "相談先の名前"),
    ("よみがな", False, "ひらがな"),
    ("種類", True, "相談窓口 / 電話・SNS相談 / つながりの場"),
    ("窓口の種別", False, "例: 地域包括支援センター、子ども食堂"),
    ("組織名", True, "運営する組織。なければ新しく作ります。"),
    ("説明", False, "どんな相談ができるか"),
    ("困りごとコード", True, "loneliness;housing のように ; で区切る（taxonomy.md のコード）"),
    ("対象区域コード", True, "地方公共団体コード（5桁か6桁）。全国なら「全国」。; で複数"),
    ("電話番号", False, "例: 06-0000-0000、0120-000-000、#8008"),
    ("受付時間", False, "例: 平日 9:00-17:30／第2・第4水 13:00-15:00／24時間"),
    ("祝日も開いている", False, "はい / いいえ（空欄は いいえ）"),
    ("年末年始も開いている", False, "はい / いいえ（空欄は いいえ）"),
    ("郵便番号", False, "例: 530-0001"),
    ("住所", False, "都道府県と市区町村のあと（例: 北区サンプル町1-1）"),
    ("住所を公開しない", False, "はい なら住所をどこにも公開しません（シェルターなど）"),
    ("無料", False, "はい / いいえ（空欄は はい）"),
    ("匿名で相談できる", False, "はい / いいえ"),
    ("24時間の緊急・危機の相談先", False, "はい / いいえ"),
    ("対象年齢（下限）", False, "数字"),
    ("対象年齢（上限）", False, "数字"),
    ("対象者", False, "本人;家族;支援者 のうち当てはまるもの（空欄はすべて）"),
    ("連絡方法", False, "電話;チャット;メール;来所;SNS;手紙"),
    ("電話でのひとこと", False, "電話をかけたとき最初に言えばよいこと"),
    ("ウェブサイト", False, "https:// から"),
    ("メールアドレス", False, ""),
    ("状態", False, "受付中 / 休止中 / 一時休止 / 終了（空欄は 受付中）"),
    ("最終確認日", False, "YYYY-MM-DD"),
    ("情報源", False, "どこで確かめたか"),
    ("サンプル", False, "はい なら サンプル として表示"),
)
HEADERS = tuple(c[0] for c in COLUMNS)
REQUIRED = tuple(c[0] for c in COLUMNS if c[1])
KIND_BY_LABEL = {str(label): value for value, label in ServiceKind.choices}
KIND_BY_LABEL.update({"相談窓口": "window", "電話・SNS相談": "hotline", "つながりの場": "place"})
KIND_LABEL = {"window": "相談窓口", "hotline": "電話・SNS相談", "place": "つながりの場"}
STATUS_BY_LABEL = {
    "受付中": ServiceStatus.ACTIVE,
    "休止中": ServiceStatus.INACTIVE,
    "一時休止": ServiceStatus.TEMPORARILY_CLOSED,
    "終了": ServiceStatus.DEFUNCT,
}
STATUS_LABEL = {v: k for k, v in STATUS_BY_LABEL.items()}
AUDIENCE = {"本人": "for_self", "家族": "for_family", "支援者": "for_supporters"}
CHANNELS = {
    "電話": "by_phone",
    "チャット": "by_chat",
    "メール": "by_email",
    "来所": "by_visit",
    "SNS": "by_messaging",
    "LINE": "by_messaging",
    "手紙": "by_letter",
}
YES = {"はい", "yes", "true", "1", "○", "〇", "y"}
NO = {"いいえ", "no", "false", "0", "×", "n", ""}
PHONE_RE = re.compile(r"^(0\d{1,4}-\d{1,4}-\d{3,4}|0\d{9,10}|#\d{4}|1\d{2}|0120-\d-\d{5})$")
POSTAL_RE = re.compile(r"^\d{3}-?\d{4}$")
NATIONWIDE = "全国"


class TabularImportError(DataProblems):
    """A CSV or Excel file that cannot be imported; nothing is written."""


@dataclass
class RowPlan:
    line: int
    name: str
    action: str  # 新規 / 更新 / 変更なし
    changes: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    service: Service | None = None

    def describe(self) -> str:
        text = f"{self.line}行目 {self.name}: {self.action}"
        if self.changes:
            text += "（" + "、".join(self.changes) + "）"
        return text


@dataclass
class ImportPlan:
    rows: list[RowPlan]

    @property
    def counts(self) -> dict[str, int]:
        out = {"新規": 0, "更新": 0, "変更なし": 0}
        for row in self.rows:
            out[row.action] += 1
        return out

    def summary(self) -> str:
        c = self.counts
        return f"新規 {c['新規']} 件、更新 {c['更新']} 件、変更なし {c['変更なし']} 件"


# -- reading files ---------------------------------------------------------------------


def read_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a .csv (UTF-8, with or without BOM, or Shift_JIS) or .xlsx file."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path.read_bytes())
    if suffix == ".csv":
        return _read_csv(path.read_bytes())
    raise TabularImportError([f"{path.name}: .csv か .xlsx のファイルにしてください。"])


def read_upload(name: str, content: bytes) -> list[dict[str, str]]:
    if name.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(content)
    if name.lower().endswith(".csv"):
        return _read_csv(content)
    raise TabularImportError([f"{name}: .csv か .xlsx のファイルにしてください。"])


def _read_csv(content: bytes) -> list[dict[str, str]]:
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TabularImportError(["文字コードが読めません。UTF-8 で保存してください。"])
    reader = csv.reader(io.StringIO(text, newline=""))
    return _rows_from(list(reader))


def _read_xlsx(content: bytes) -> list[dict[str, str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise TabularImportError([f"Excel ファイルとして読めません: {error}"]) from error
    sheet = book.worksheets[0]
    table = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    return _rows_from(table)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows_from(table: list[list[str]]) -> list[dict[str, str]]:
    if not table:
        raise TabularImportError(["ファイルが空です。1行目に見出しを書いてください。"])
    # Match headers whatever the width of their brackets and letters.
    canonical = {unicodedata.normalize("NFKC", h): h for h in HEADERS}
    headers = [
        canonical.get(unicodedata.normalize("NFKC", h or "").strip(), (h or "").strip())
        for h in table[0]
    ]
    missing = [h for h in REQUIRED if h not in headers]
    unknown = [h for h in headers if h and h not in HEADERS]
    problems = []
    if missing:
        problems.append(f"1行目: 見出しに {', '.join(missing)} がありません。")
    if unknown:
        problems.append(
            f"1行目: 見出し {', '.join(unknown)} は使えません。ひな形の見出しを使ってください。"
        )
    if problems:
        raise TabularImportError(problems)
    rows = []
    for values in table[1:]:
        row = {h: (values[i] if i < len(values) else "") for i, h in enumerate(headers) if h}
        rows.append({k: (v or "").strip() for k, v in row.items()})
    return rows


# -- checking rows -----------------------------------------------------------------------


def _yes(value: str, where: str, problems: list[str], default: bool) -> bool:
    folded = unicodedata.normalize("NFKC", value).strip().lower()
    if not folded:
        return default
    if folded in YES:
        return True
    if folded in NO:
        return False
    problems.append(f"{where}: 「{value}」は「はい」か「いいえ」にしてください。")
    return default


def _list(value: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;；,、]", value or "") if p.strip()]


def _area(code: str, areas: dict[str, Area]) -> Area | None:
    code = unicodedata.normalize("NFKC", code).strip()
    if len(code) == 5:
        return next((a for a in areas.values() if a.jis_code == code), None)
    return areas.get(code)


def plan_import(rows: list[dict[str, str]]) -> ImportPlan:
    """Read and check every row; raise TabularImportError listing every problem."""
    problems: list[str] = []
    areas = {a.code: a for a in Area.objects.all()}
    terms = ensure_trouble_taxonomy()
    plans = []
    for line, row in enumerate(rows, start=2):
        if not any(row.values()):
            continue
        plans.append(_plan_row(line, row, areas, terms, problems))
    if not plans and not problems:
        problems.append("2行目から下に相談先がありません。")
    if problems:
        raise TabularImportError(problems)
    _compare_with_existing(plans)
    return ImportPlan(plans)


def _plan_row(line, row, areas, terms, problems) -> RowPlan:
    def where(column: str) -> str:
        return f"{line}行目 {column}"

    def get(column: str) -> str:
        return unicodedata.normalize("NFKC", row.get(column, "")).strip()

    values: dict[str, Any] = {}
    for column in REQUIRED:
        if not get(column):
            problems.append(f"{where(column)}: 空欄です。値を入れてください。")
    raw_id = get("ID")
    values["id"] = None
    if raw_id:
        try:
            values["id"] = uuid.UUID(raw_id)
        except ValueError:
            problems.append(f"{where('ID')}: 「{raw_id}」は ID の形ではありません。")
    values["name"] = row.get("名前", "").strip()
    values["kana"] = row.get("よみがな", "").strip()
    kind = get("種類")
    if kind and kind not in KIND_BY_LABEL:
        problems.append(
            f"{where('種類')}: 「{kind}」は"
            " 相談窓口・電話・SNS相談・つながりの場 のどれかにしてください。"
        )
    values["kind"] = KIND_BY_LABEL.get(kind, "window")
    values["window_type"] = row.get("窓口の種別", "").strip()
    values["organization_name"] = row.get("組織名", "").strip()
    values["description"] = row.get("説明", "").strip()
    codes = _list(get("困りごとコード"))
    for code in codes:
        if code not in TROUBLE_CODES:
            problems.append(
                f"{where('困りごとコード')}: 「{code}」は困りごとのコードではありません。"
            )
    values["codes"] = sorted(set(codes) & set(terms))
    area_codes = []
    for code in _list(get("対象区域コード")):
        if code == NATIONWIDE:
            area_codes.append(None)
            continue
        area = _area(code, areas)
        if area is None:
            problems.append(f"{where('対象区域コード')}: 「{code}」という区域はありません。")
        else:
            area_codes.append(area.code)
    values["area_codes"] = area_codes
    phone = get("電話番号")
    if phone and not PHONE_RE.match(phone):
        problems.append(f"{where('電話番号')}: 「{phone}」は電話番号の形ではありません。")
    values["phone"] = phone
    try:
        values["hours"] = parse_hours_text(row.get("受付時間", ""))
    except HoursTextError as error:
        problems.append(f"{where('受付時間')}: {error}")
        values["hours"] = []
    values["open_on_public_holidays"] = _yes(
        row.get("祝日も開いている", ""), where("祝日も開いている"), problems, False
    )
    values["open_over_new_year"] = _yes(
        row.get("年末年始も開いている", ""), where("年末年始も開いている"), problems, False
    )
    postal = get("郵便番号")
    if postal and not POSTAL_RE.match(postal):
        problems.append(f"{where('郵便番号')}: 「{postal}」は 123-4567 の形にしてください。")
    values["postal_code"] = postal
    values["address"] = row.get("住所", "").strip()
    values["address_hidden"] = _yes(
        row.get("住所を公開しない", ""), where("住所を公開しない"), problems, False
    )
    values["is_free"] = _yes(row.get("無料", ""), where("無料"), problems, True)
    values["is_anonymous"] = _yes(
        row.get("匿名で相談できる", ""), where("匿名で相談できる"), problems, False
    )
    values["is_crisis_line"] = _yes(
        row.get("24時間の緊急・危機の相談先", ""),
        where("24時間の緊急・危機の相談先"),
        problems,
        False,
    )
    for column, key in (("対象年齢（下限）", "minimum_age"), ("対象年齢（上限）", "maximum_age")):
        text = get(column)
        values[key] = None
        if text:
            if text.isdigit() and int(text) <= 130:
                values[key] = int(text)
            else:
                problems.append(f"{where(column)}: 「{text}」は 0〜130 の数字にしてください。")
    if (
        values["minimum_age"] is not None
        and values["maximum_age"] is not None
        and values["minimum_age"] > values["maximum_age"]
    ):
        problems.append(f"{where('対象年齢（上限）')}: 下限より小さくなっています。")
    audience = _list(get("対象者"))
    for item in audience:
        if item not in AUDIENCE:
            problems.append(f"{where('対象者')}: 「{item}」は 本人・家族・支援者 のどれかです。")
    for label, key in AUDIENCE.items():
        values[key] = not audience or label in audience
    channels = _list(get("連絡方法"))
    for item in channels:
        if item not in CHANNELS:
            problems.append(
                f"{where('連絡方法')}: 「{item}」は"
                " 電話・チャット・メール・来所・SNS・手紙 のどれかです。"
            )
    for key in set(CHANNELS.values()):
        values[key] = any(CHANNELS.get(item) == key for item in channels)
    if not channels:
        values["by_phone"] = bool(phone)
    values["what_to_say"] = row.get("電話でのひとこと", "").strip()
    url = get("ウェブサイト")
    if url and not re.match(r"^https?://\S+$", url):
        problems.append(f"{where('ウェブサイト')}: 「{url}」は https:// で始めてください。")
    values["url"] = url
    email = get("メールアドレス")
    if email and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", email):
        problems.append(
            f"{where('メールアドレス')}: 「{email}」はメールアドレスの形ではありません。"
        )
    values["email"] = email
    status = get("状態")
    if status and status not in STATUS_BY_LABEL:
        problems.append(
            f"{where('状態')}: 「{status}」は"
            " 受付中・休止中・一時休止・終了 のどれかにしてください。"
        )
    values["status"] = STATUS_BY_LABEL.get(status, ServiceStatus.ACTIVE)
    verified = get("最終確認日")
    values["last_verified_at"] = None
    if verified:
        try:
            values["last_verified_at"] = dt.datetime.combine(
                dt.date.fromisoformat(verified.replace("/", "-")), dt.time(12), tzinfo=TOKYO
            )
        except ValueError:
            problems.append(
                f"{where('最終確認日')}: 「{verified}」は 2026-11-26 の形にしてください。"
            )
    values["source"] = row.get("情報源", "").strip()
    values["is_sample"] = _yes(row.get("サンプル", ""), where("サンプル"), problems, False)
    return RowPlan(line=line, name=values["name"], action="新規", values=values)


# -- comparing and applying -------------------------------------------------------------

SERVICE_COLUMNS = {
    "name": "名前",
    "kana": "よみがな",
    "kind": "種類",
    "window_type": "窓口の種別",
    "description": "説明",
    "open_on_public_holidays": "祝日も開いている",
    "open_over_new_year": "年末年始も開いている",
    "is_free": "無料",
    "is_anonymous": "匿名で相談できる",
    "is_crisis_line": "24時間の緊急・危機の相談先",
    "minimum_age": "対象年齢（下限）",
    "maximum_age": "対象年齢（上限）",
    "for_self": "対象者",
    "for_family": "対象者",
    "for_supporters": "対象者",
    "by_phone": "連絡方法",
    "by_chat": "連絡方法",
    "by_email": "連絡方法",
    "by_visit": "連絡方法",
    "by_messaging": "連絡方法",
    "by_letter": "連絡方法",
    "what_to_say": "電話でのひとこと",
    "url": "ウェブサイト",
    "email": "メールアドレス",
    "status": "状態",
    "last_verified_at": "最終確認日",
    "source": "情報源",
    "is_sample": "サンプル",
}


def _existing_row(service: Service) -> dict[str, Any]:
    """The values of a stored service in the import's terms, for comparison."""
    location = _first_location(service)
    address = location.addresses.first() if location else None
    return {
        **{key: getattr(service, key) for key in SERVICE_COLUMNS},
        "organization_name": service.organization.name,
        "codes": sorted(service.trouble_codes),
        "area_codes": sorted((a.area_id for a in service.service_areas.all()), key=str),
        "phone": service.main_phone.number if service.main_phone else "",
        "hours": format_hours_text(service.schedules.all()),
        "postal_code": address.postal_code if address else "",
        "address": address.address_1 if address else "",
        "address_hidden": location.address_hidden if location else False,
        # A spreadsheet holds the day only.
        "last_verified_at": _day(service.last_verified_at),
    }


def _day(moment: dt.datetime | None) -> dt.date | None:
    return moment.astimezone(TOKYO).date() if moment else None


def _first_location(service: Service) -> Location | None:
    sals = list(service.service_at_locations.all())
    return sals[0].location if sals else None


def _compare_with_existing(plans: list[RowPlan]) -> None:
    ids = [p.values["id"] for p in plans if p.values["id"]]
    by_id = {s.pk: s for s in Service.objects.with_details().filter(pk__in=ids)}
    names = [p.values["name"] for p in plans if not p.values["id"]]
    by_name = {
        (s.name, s.organization.name): s
        for s in Service.objects.with_details().filter(name__in=names)
    }
    for plan in plans:
        values = plan.values
        service = by_id.get(values["id"]) if values["id"] else None
        if service is None:
            service = by_name.get((values["name"], values["organization_name"]))
        if service is None:
            plan.action = "新規"
            continue
        plan.service = service
        before = _existing_row(service)
        after = {
            **values,
            "codes": sorted(values["codes"]),
            "area_codes": sorted(values["area_codes"], key=str),
            "hours": format_hours_text(_schedules_from(values["hours"])),
            "last_verified_at": _day(values["last_verified_at"]),
        }
        changed = []
        for key, label in (
            *SERVICE_COLUMNS.items(),
            ("organization_name", "組織名"),
            ("codes", "困りごとコード"),
            ("area_codes", "対象区域コード"),
            ("phone", "電話番号"),
            ("hours", "受付時間"),
            ("postal_code", "郵便番号"),
            ("address", "住所"),
            ("address_hidden", "住所を公開しない"),
        ):
            if before[key] != after[key] and label not in changed:
                changed.append(label)
        plan.action = "更新" if changed else "変更なし"
        plan.changes = changed


def _schedules_from(rules) -> list[Schedule]:
    return [
        Schedule(freq=r.freq, byday=r.byday, opens_at=r.opens_at, closes_at=r.closes_at)
        for r in rules
    ]


def apply_plan(plan: ImportPlan, progress: Callable[[Iterable], Iterable] | None = None) -> None:
    """Write every planned row in one transaction."""
    rows = [r for r in plan.rows if r.action != "変更なし"]
    iterator = progress(rows) if progress else rows
    with transaction.atomic():
        organizations: dict[str, Organization] = {}
        for row in iterator:
            _apply_row(row, organizations)
        note_directory_changed()


def _apply_row(row: RowPlan, organizations: dict[str, Organization]) -> None:
    values = row.values
    org_name = values["organization_name"]
    org = organizations.get(org_name) or Organization.objects.filter(name=org_name).first()
    if org is None:
        org = Organization.objects.create(
            name=org_name, description="", is_sample=values["is_sample"]
        )
    organizations[org_name] = org
    service = row.service or Service(id=values["id"] or uuid.uuid4())
    for key in SERVICE_COLUMNS:
        if key == "last_verified_at" and _day(service.last_verified_at) == _day(values[key]):
            continue  # same day: keep the exact time we hold
        setattr(service, key, values[key])
    service.organization = org
    service.save()

    Attribute.objects.filter(service=service).delete()
    terms = TaxonomyTerm.objects.troubles().filter(code__in=values["codes"])
    Attribute.objects.bulk_create(
        Attribute(service=service, link_id=service.pk, link_entity="service", taxonomy_term=t)
        for t in terms
    )
    ServiceArea.objects.filter(service=service).delete()
    ServiceArea.objects.bulk_create(
        ServiceArea(service=service, area_id=code, name=code or NATIONWIDE)
        for code in values["area_codes"]
    )
    first_phone = service.phones.order_by("position", "number").first()
    if values["phone"]:
        if first_phone is None:
            Phone.objects.create(service=service, number=values["phone"], type="voice")
        elif first_phone.number != values["phone"]:
            first_phone.number = values["phone"]
            first_phone.save(update_fields=["number"])
    elif first_phone is not None:
        first_phone.delete()
    if format_hours_text(service.schedules.all()) != format_hours_text(
        _schedules_from(values["hours"])
    ):
        Schedule.objects.filter(service=service, is_closure=False).delete()
        for rule in values["hours"]:
            Schedule.objects.create(
                service=service,
                freq=rule.freq,
                byday=rule.byday,
                opens_at=rule.opens_at,
                closes_at=rule.closes_at,
            )
    _apply_address(service, org, values)


def _apply_address(service: Service, org: Organization, values: dict) -> None:
    if not values["address"]:
        return
    location = _first_location(service)
    ward = next(
        (
            code
            for code in values["area_codes"]
            if code and Area.objects.filter(code=code, kind=AreaKind.WARD).exists()
        ),
        None,
    )
    if location is None:
        location = Location.objects.create(
            organization=org, name=service.name, kana=service.kana, area_id=ward
        )
        ServiceAtLocation.objects.create(service=service, location=location)
    location.address_hidden = values["address_hidden"]
    location.save(update_fields=["address_hidden"])
    city_area = Area.objects.filter(code=ward).select_related("parent__parent").first()
    city = city_area.parent.name + city_area.name if city_area else ""
    prefecture = city_area.parent.parent.name if city_area else ""
    address = location.addresses.first() or Address(location=location)
    address.address_1 = values["address"]
    address.postal_code = values["postal_code"]
    address.city = address.city or city
    address.state_province = address.state_province or prefecture
    address.save()


def import_rows(rows: list[dict[str, str]], *, dry_run: bool, progress=None) -> ImportPlan:
    plan = plan_import(rows)
    if not dry_run:
        apply_plan(plan, progress)
    return plan


# -- writing -----------------------------------------------------------------------------


def service_row(service: Service, *, public: bool) -> list[str]:
    def yes(value: bool) -> str:
        return "はい" if value else "いいえ"

    location = _first_location(service)
    address = location.addresses.first() if location else None
    hidden = bool(location and location.address_hidden)
    show_address = address is not None and not (public and hidden)
    audience = [label for label, key in AUDIENCE.items() if getattr(service, key)]
    channels = []
    for label, key in CHANNELS.items():
        if getattr(service, key) and label != "LINE":
            channels.append(label)
    areas = [a.area_id or NATIONWIDE for a in service.service_areas.all()]
    values = {
        "ID": str(service.pk),
        "名前": service.name,
        "よみがな": service.kana,
        "種類": KIND_LABEL[service.kind],
        "窓口の種別": service.window_type,
        "組織名": service.organization.name,
        "説明": service.description,
        "困りごとコード": ";".join(service.trouble_codes),
        "対象区域コード": ";".join(areas),
        "電話番号": service.main_phone.number if service.main_phone else "",
        "受付時間": format_hours_text(service.schedules.all()),
        "祝日も開いている": yes(service.open_on_public_holidays),
        "年末年始も開いている": yes(service.open_over_new_year),
        "郵便番号": address.postal_code if show_address else "",
        "住所": address.address_1 if show_address else "",
        "住所を公開しない": yes(hidden),
        "無料": yes(service.is_free),
        "匿名で相談できる": yes(service.is_anonymous),
        "24時間の緊急・危機の相談先": yes(service.is_crisis_line),
        "対象年齢（下限）": "" if service.minimum_age is None else str(service.minimum_age),
        "対象年齢（上限）": "" if service.maximum_age is None else str(service.maximum_age),
        "対象者": ";".join(audience) if len(audience) < 3 else "",
        "連絡方法": ";".join(channels),
        "電話でのひとこと": service.what_to_say,
        "ウェブサイト": service.url,
        "メールアドレス": service.email,
        "状態": STATUS_LABEL.get(service.status, "受付中"),
        "最終確認日": (
            service.last_verified_at.astimezone(TOKYO).date().isoformat()
            if service.last_verified_at
            else ""
        ),
        "情報源": service.source,
        "サンプル": yes(service.is_sample),
    }
    return [values[h] for h in HEADERS]


def export_csv(services, *, public: bool = True) -> bytes:
    """UTF-8 with BOM, CRLF line ends: what Excel on Windows opens without garbling."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for service in services.with_details().order_by("kana", "name"):
        writer.writerow(service_row(service, public=public))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerow(EXAMPLE_ROW)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


EXAMPLE_ROW = [
    "",
    "サンプル ○○区ふれあい喫茶",
    "さんぷる まるまるくふれあいきっさ",
    "つながりの場",
    "ふれあい喫茶",
    "サンプル ○○区社会福祉協議会",
    "コーヒーを飲みながら気軽に話せる場です。",
    "loneliness;elderly_care",
    "271276",
    "06-0000-9999",
    "第2・第4水 13:00-15:00",
    "いいえ",
    "いいえ",
    "530-0000",
    "北区サンプル町1-1",
    "いいえ",
    "はい",
    "いいえ",
    "いいえ",
    "",
    "",
    "",
    "来所",
    "「はじめて来ました」と受付で言ってください。",
    "",
    "",
    "受付中",
    "2026-11-26",
    "区社協の案内（サンプル）",
    "はい",
]


def template_xlsx() -> bytes:
    """An Excel template: headers and one example row, and a sheet explaining each column."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "相談先"
    sheet.append(list(HEADERS))
    sheet.append(EXAMPLE_ROW)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B2"
    help_sheet = book.create_sheet("列の説明")
    help_sheet.append(["見出し", "必須", "書き方"])
    for header, required, text in COLUMNS:
        help_sheet.append([header, "必須" if required else "", text])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
