"""Domain operations of the core app: loading the areas a deployment serves."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.core.cache import caches
from django.db import transaction

from tsunagu.core.errors import DataProblems

from .models import Area, AreaKind

AREA_COLUMNS = ("code5", "code6", "name", "kana", "romaji")
PREFECTURES_FILE = "prefectures.csv"
MUNICIPALITIES_FILE = "municipalities.csv"
WARDS_FILE_PATTERN = "wards-{code5}.csv"
WARD_CODES_KEY = "core:ward-codes"


class AreaDataError(DataProblems):
    """Area files that cannot be loaded; `problems` names each file, line and field."""


@dataclass
class AreaLoadReport:
    created: int = 0
    updated: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


def check_digit(code5: str) -> str:
    """The check digit that turns a JIS X 0402 code into a 全国地方公共団体コード."""
    total = sum(int(digit) * weight for digit, weight in zip(code5, (6, 5, 4, 3, 2), strict=True))
    return str(((11 - total % 11) % 11) % 10)


@dataclass(frozen=True)
class _AreaRow:
    source: str
    line: int
    code5: str
    code6: str
    name: str
    kana: str
    romaji: str


def _read_rows(path: Path, problems: list[str]) -> list[_AreaRow]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in AREA_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            problems.append(
                f"{path.name}: 見出し行に {', '.join(missing)} の列がありません。"
                f" 見出しは {','.join(AREA_COLUMNS)} にしてください。"
            )
            return []
        rows = []
        for line, raw in enumerate(reader, start=2):
            row = _AreaRow(path.name, line, *(str(raw[c] or "").strip() for c in AREA_COLUMNS))
            rows.append(row)
            _validate_row(row, problems)
        return rows


def _validate_row(row: _AreaRow, problems: list[str]) -> None:
    where = f"{row.source} {row.line}行目"
    if not (len(row.code5) == 5 and row.code5.isdigit()):
        problems.append(f"{where} code5: 「{row.code5}」は5桁の数字ではありません。")
        return
    expected = row.code5 + check_digit(row.code5)
    if row.code6 != expected:
        problems.append(
            f"{where} code6: 「{row.code6}」は {row.code5} の6桁コード（{expected}）と合いません。"
        )
    for column in ("name", "kana", "romaji"):
        if not getattr(row, column):
            problems.append(f"{where} {column}: 空欄です。値を入れてください。")


def load_areas(data_dir: Path) -> AreaLoadReport:
    """Create or update every prefecture, municipality and ward found in `data_dir`.

    All-or-nothing: any problem in any file raises AreaDataError and writes nothing.
    Loading the same files again changes nothing (idempotent).
    """
    problems: list[str] = []
    prefectures = _read_rows(data_dir / PREFECTURES_FILE, problems)
    municipalities = _read_rows(data_dir / MUNICIPALITIES_FILE, problems)
    wards_by_city: dict[str, list[_AreaRow]] = {}
    for city in municipalities:
        wards_path = data_dir / WARDS_FILE_PATTERN.format(code5=city.code5)
        if wards_path.exists():
            wards_by_city[city.code6] = _read_rows(wards_path, problems)

    prefecture_by_prefix = {row.code5[:2]: row for row in prefectures}
    for row in municipalities:
        if row.code5[:2] not in prefecture_by_prefix:
            problems.append(
                f"{row.source} {row.line}行目 code5: 都道府県 {row.code5[:2]} が"
                f" {PREFECTURES_FILE} にありません。"
            )
    for city_code6, wards in wards_by_city.items():
        for row in wards:
            if row.code5[:2] != city_code6[:2]:
                problems.append(
                    f"{row.source} {row.line}行目 code5: 「{row.code5}」は市の都道府県"
                    f"（{city_code6[:2]}）と違います。"
                )
    if problems:
        raise AreaDataError(problems)

    report = AreaLoadReport()
    with transaction.atomic():
        parents: dict[str, Area] = {}
        for row in prefectures:
            parents[row.code5[:2]] = _save(row, AreaKind.PREFECTURE, None, report)
        for row in municipalities:
            city = _save(row, AreaKind.MUNICIPALITY, parents[row.code5[:2]], report)
            for ward in wards_by_city.get(city.code, []):
                _save(ward, AreaKind.WARD, city, report)
        transaction.on_commit(lambda: caches["local"].delete(WARD_CODES_KEY))
    return report


def ward_codes() -> frozenset[str]:
    """The codes of every ward. Every public navigator page checks its ward against them,
    and they change only when `load_areas` runs, so each process keeps a copy for five
    minutes (`load_areas` forgets its own process's copy at once)."""
    local = caches["local"]
    codes = local.get(WARD_CODES_KEY)
    if codes is None:
        codes = frozenset(Area.objects.filter(kind=AreaKind.WARD).values_list("code", flat=True))
        if codes:  # none yet (a new deployment before load_areas): ask again next time
            local.set(WARD_CODES_KEY, codes, timeout=300)
    return codes


def _save(row: _AreaRow, kind: str, parent: Area | None, report: AreaLoadReport) -> Area:
    values = {
        "jis_code": row.code5,
        "kind": kind,
        "name": row.name,
        "kana": row.kana,
        "romaji": row.romaji,
        "parent": parent,
    }
    area = Area.objects.filter(code=row.code6).first()
    if area is None:
        area = Area.objects.create(code=row.code6, **values)
        report.created += 1
    elif any(getattr(area, key) != value for key, value in values.items()):
        for key, value in values.items():
            setattr(area, key, value)
        area.save()
        report.updated += 1
    report.by_kind[kind] = report.by_kind.get(kind, 0) + 1
    return area
