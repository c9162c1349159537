"""Domain operations of the directory: what views, commands, the API and other apps call.

Other apps use these names (stable interface):
- crisis_lines(codes=None) -> list[CrisisLine]
- services_for(codes, area=None, kind=None) -> ServiceQuerySet
- load_national_lines(path=None, verified_on=None) -> LoadReport
"""

from __future__ import annotations

import csv
import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tsunagu.core.errors import DataProblems

from .changes import note_directory_changed
from .models import (
    Attribute,
    Confidence,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceKind,
    ServiceQuerySet,
    ServiceStatus,
    TaxonomyTerm,
)
from .taxonomy_ids import TROUBLE_NAMESPACE, TROUBLE_TAXONOMY_ID, trouble_term_id
from .troubles import TROUBLE_CODES, TROUBLE_DESCRIPTIONS, TROUBLE_LABELS

TOKYO = dt.timezone(dt.timedelta(hours=9), "JST")


@dataclass(frozen=True)
class CrisisLine:
    """One number to show first when someone may be in danger."""

    service_id: uuid.UUID
    name: str
    number: str
    hours: str
    emergency: bool
    what_to_say: str = ""

    @property
    def tel_href(self) -> str:
        return "tel:" + self.number.replace("#", "%23")


def crisis_lines(codes: Iterable[str] | None = None) -> list[CrisisLine]:
    """Emergency numbers, then vetted 24-hour crisis lines, from the directory only.

    Only entries flagged as crisis lines, active, with high confidence and a verification
    date appear. With `codes`, the lines are narrowed to those tagged with any of the codes
    (the emergency numbers always stay). Two queries.
    """
    qs = Service.objects.crisis_lines().prefetch_related("phones")
    if codes is not None:
        codes = list(codes)
        tagged = set(Service.objects.crisis_lines().for_codes(codes).values_list("pk", flat=True))
    lines = []
    for service in qs:
        if codes is not None and not service.is_emergency_number and service.pk not in tagged:
            continue
        phone = service.main_phone
        if phone is None:
            continue
        lines.append(
            CrisisLine(
                service_id=service.pk,
                name=service.name,
                number=phone.number,
                hours=service.hours_note,
                emergency=service.is_emergency_number,
                what_to_say=service.what_to_say,
            )
        )
    return lines


def ensure_trouble_taxonomy() -> dict[str, TaxonomyTerm]:
    """The 困りごと terms by code, creating any that are missing (migration 0002 normally
    has; a flushed test database or a restored backup may not)."""
    from django.utils import translation

    from .models import TROUBLE_TAXONOMY_NAME, Taxonomy

    terms = {t.code: t for t in TaxonomyTerm.objects.troubles()}
    if len(terms) == len(TROUBLE_CODES):
        return terms
    taxonomy, _ = Taxonomy.objects.get_or_create(
        id=TROUBLE_TAXONOMY_ID,
        defaults={
            "name": TROUBLE_TAXONOMY_NAME,
            "description": "つなぐの困りごと分類（固定コード）。ナビ・相談先・つなぎで共通に使う。",
            "version": "1",
        },
    )
    with translation.override("ja"):
        for position, code in enumerate(TROUBLE_CODES, start=1):
            if code not in terms:
                terms[code] = TaxonomyTerm.objects.create(
                    id=trouble_term_id(code),
                    taxonomy=taxonomy,
                    code=code,
                    name=str(TROUBLE_LABELS[code]),
                    description=TROUBLE_DESCRIPTIONS[code],
                    language="ja",
                    position=position,
                )
    return terms


def services_for(codes: Iterable[str], area=None, kind: str | None = None) -> ServiceQuerySet:
    """Active services for these 困りごと codes that serve `area` (a core.Area or code)."""
    qs = Service.objects.active().for_codes(codes)
    if area is not None:
        qs = qs.serving_area(area)
    if kind:
        qs = qs.of_kind(kind)
    return qs


# ---------------------------------------------------------------------------------------
# National lines


NATIONAL_LINES_COLUMNS = (
    "key",
    "name",
    "number_or_channel",
    "hours_as_reported",
    "who",
    "categories",
    "source",
    "confidence",
)
# The date the shipped national list was last checked against its sources.
NATIONAL_LINES_VERIFIED_ON = dt.date(2026, 11, 26)
NATIONAL_ORGANIZATION_ID = uuid.uuid5(TROUBLE_NAMESPACE, "organization:national")
# Lines a person in danger may call: listening lines, child abuse, violence (taxonomy.md).
CRISIS_CATEGORIES = {"suicidal", "child_abuse", "violence_women"}
WHAT_TO_SAY = {
    "emergency_fire_ambulance": (
        "「救急です」と言い、いる場所と、だれがどうなっているかを伝えてください。"
    ),
    "emergency_police": "「事件です」と言い、いま何が起きているか、いる場所を伝えてください。",
}
DEFAULT_WHAT_TO_SAY = "「話を聞いてほしくて電話しました」とだけ言えば、だいじょうぶです。"


class DirectoryDataError(DataProblems):
    """A data file that cannot be loaded; `problems` name each line and field in Japanese."""


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self, what: str) -> str:
        return f"{what}: 新規 {self.created} / 更新 {self.updated} / 変更なし {self.unchanged}"


def _national_organization() -> Organization:
    org, _ = Organization.objects.update_or_create(
        id=NATIONAL_ORGANIZATION_ID,
        defaults={
            "name": "全国共通の相談・緊急番号",
            "kana": "ぜんこくきょうつうのそうだん・きんきゅうばんごう",
            "description": "国・警察・消防や全国の団体が受け付ける、どこからでもかけられる番号。",
        },
    )
    return org


def load_national_lines(path: Path | None = None, verified_on: dt.date | None = None) -> LoadReport:
    """Load the national hotlines CSV (data/directory/national_hotlines.csv) as services.

    Idempotent: ids derive from the row's key. All-or-nothing. Rows marked `high` get
    `last_verified_at` (and so may reach crisis panels); `medium` and `low` rows are loaded
    without it and show on the staff stale list until someone checks them.
    """
    path = path or settings.TSUNAGU_DATA_DIR / "directory" / "national_hotlines.csv"
    verified_on = verified_on or NATIONAL_LINES_VERIFIED_ON
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in NATIONAL_LINES_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise DirectoryDataError([f"{path.name}: 見出しに {', '.join(missing)} がありません。"])
        rows = list(enumerate(reader, start=2))
    terms = ensure_trouble_taxonomy()
    problems = []
    for line, row in rows:
        for code in _split(row["categories"]):
            if code not in TROUBLE_CODES:
                problems.append(
                    f"{line}行目 categories: 「{code}」は困りごとのコードではありません。"
                )
        if row["confidence"] not in Confidence.values:
            problems.append(
                f"{line}行目 confidence: 「{row['confidence']}」は"
                " high / medium / low のどれかにしてください。"
            )
        if not row["number_or_channel"].strip():
            problems.append(f"{line}行目 number_or_channel: 空欄です。")
    if problems:
        raise DirectoryDataError(problems)

    report = LoadReport()
    verified_at = dt.datetime.combine(verified_on, dt.time(12, 0), tzinfo=TOKYO)
    with transaction.atomic():
        org = _national_organization()
        for position, (_line, row) in enumerate(rows, start=1):
            _save_national_line(org, row, position, verified_at, terms, report)
        note_directory_changed()
    return report


def _split(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def _save_national_line(org, row, position, verified_at, terms, report) -> None:
    key = row["key"].strip()
    hours = row["hours_as_reported"].strip()
    number = row["number_or_channel"].strip()
    categories = _split(row["categories"])
    emergency = key.startswith("emergency_")
    all_day = hours.startswith("24時間")
    values = {
        "organization": org,
        "name": row["name"].strip(),
        "kind": ServiceKind.HOTLINE,
        "status": ServiceStatus.ACTIVE,
        "window_type": "緊急通報" if emergency else "全国の電話相談",
        "eligibility_description": row["who"].strip(),
        "hours_note": hours,
        "by_phone": True,
        "by_chat": "チャット" in hours,
        "is_free": emergency or number.startswith("0120") or number == "189" or "無料" in hours,
        "is_anonymous": "匿名" in hours,
        "is_emergency_number": emergency,
        "is_crisis_line": emergency or (all_day and bool(CRISIS_CATEGORIES & set(categories))),
        "crisis_order": position,
        "open_on_public_holidays": all_day,
        "open_over_new_year": all_day,
        "what_to_say": WHAT_TO_SAY.get(key, DEFAULT_WHAT_TO_SAY),
        "source": row["source"].strip(),
        "confidence": row["confidence"].strip(),
        "last_verified_at": verified_at if row["confidence"].strip() == Confidence.HIGH else None,
    }
    service_id = uuid.uuid5(TROUBLE_NAMESPACE, f"national:{key}")
    service = Service.objects.filter(pk=service_id).first()
    if service is None:
        service = Service(id=service_id, **values)
        service.save()
        report.created += 1
    elif any(getattr(service, k) != v for k, v in values.items()):
        for k, v in values.items():
            setattr(service, k, v)
        service.save()
        report.updated += 1
    else:
        report.unchanged += 1

    Phone.objects.update_or_create(
        id=uuid.uuid5(TROUBLE_NAMESPACE, f"national:{key}:phone"),
        defaults={"service": service, "number": number, "type": "voice"},
    )
    ServiceArea.objects.update_or_create(
        id=uuid.uuid5(TROUBLE_NAMESPACE, f"national:{key}:area"),
        defaults={"service": service, "area": None, "name": "全国"},
    )
    schedule_id = uuid.uuid5(TROUBLE_NAMESPACE, f"national:{key}:schedule")
    if all_day:
        Schedule.objects.update_or_create(
            id=schedule_id,
            defaults={
                "service": service,
                "freq": "WEEKLY",
                "byday": "MO,TU,WE,TH,FR,SA,SU",
                "opens_at": dt.time(0, 0),
                "closes_at": dt.time(0, 0),
                "description": "24時間・365日",
            },
        )
    else:
        Schedule.objects.filter(id=schedule_id).delete()
    wanted = {terms[c].pk for c in categories}
    Attribute.objects.filter(service=service).exclude(taxonomy_term__in=wanted).delete()
    have = set(Attribute.objects.filter(service=service).values_list("taxonomy_term", flat=True))
    Attribute.objects.bulk_create(
        Attribute(service=service, link_id=service.pk, link_entity="service", taxonomy_term_id=t)
        for t in wanted - have
    )


def mark_verified(service: Service, user, when: dt.datetime | None = None) -> Service:
    """Record that a person checked the entry against its source."""
    service.last_verified_at = when or timezone.now()
    service.verified_by = user
    service.save(update_fields=["last_verified_at", "verified_by", "last_modified"])
    return service
