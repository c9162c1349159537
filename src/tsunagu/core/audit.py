"""The audit log: record who did or read what, and prove later that nothing was changed.

Every module that shows or changes a person's record calls `record()`:

    audit.record("councils.case.viewed", actor=request.user, target=case,
                 organisation=council.organisation, request=request)

Entries are chained: each stores the SHA-256 of the one before, over a canonical form of its
own fields, so editing or removing any row breaks the chain (`tsunagu audit_verify`).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import AuditEntry

ACTION_PATTERN = re.compile(r"^[a-z][a-z_]*(\.[a-z][a-z_]*)+$")
GENESIS_HASH = "0" * 64
# Any fixed number: serialises appends on PostgreSQL so that two requests cannot both
# chain onto the same previous entry. SQLite already serialises writers (IMMEDIATE).
_ADVISORY_LOCK_KEY = 7_247_310_301


def _reference(target: models.Model | None) -> tuple[ContentType | None, str]:
    if target is None:
        return None, ""
    # Records with a UUID are referred to by it, the same id their URLs use.
    identifier = getattr(target, "uuid", None) or target.pk
    if identifier is None:
        raise ValueError("監査ログの対象は保存済みのレコードにしてください。")
    return ContentType.objects.get_for_model(target, for_concrete_model=False), str(identifier)


def entry_hash(entry: AuditEntry) -> str:
    """The hash an entry must carry, from its own fields and the previous hash."""
    canonical = json.dumps(
        [
            entry.sequence,
            entry.created_at.isoformat(),
            entry.actor_id,
            entry.organisation_id,
            entry.action,
            entry.target_type_id,
            entry.target_id,
            entry.request_id,
            entry.previous_hash,
        ],
        separators=(",", ":"),
        ensure_ascii=True,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def record(
    action: str,
    *,
    actor,
    target: models.Model | None = None,
    organisation=None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """Append one entry. `actor` may be None (a command) or an anonymous user (stored as None)."""
    if not ACTION_PATTERN.match(action):
        raise ValueError(f"監査ログの操作名は app.thing.verb の形にしてください: {action!r}")
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    target_type, target_id = _reference(target)
    request_id = getattr(request, "request_id", "") if request is not None else ""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])
        last = AuditEntry.objects.order_by("-sequence").only("sequence", "hash").first()
        entry = AuditEntry(
            sequence=(last.sequence + 1) if last else 1,
            actor=actor,
            organisation=organisation,
            action=action,
            target_type=target_type,
            target_id=target_id,
            request_id=request_id,
            previous_hash=last.hash if last else GENESIS_HASH,
        )
        entry.hash = entry_hash(entry)
        entry.save(force_insert=True)
    return entry


@dataclass(frozen=True)
class ChainReport:
    checked: int
    last_sequence: int
    last_hash: str


class ChainBroken(Exception):
    """The chain does not hold; `sequence` names the first entry found wrong."""

    def __init__(self, sequence: int, message: str):
        self.sequence = sequence
        super().__init__(message)


def _entries(chunk_size: int) -> Iterator[AuditEntry]:
    return AuditEntry.objects.in_chain_order().iterator(chunk_size=chunk_size)


def verify_chain(chunk_size: int = 2000) -> ChainReport:
    """Walk the whole chain; raise ChainBroken at the first altered or missing entry."""
    expected_sequence = 1
    previous = GENESIS_HASH
    checked = 0
    for entry in _entries(chunk_size):
        if entry.sequence != expected_sequence:
            raise ChainBroken(
                expected_sequence,
                f"監査ログ 第{expected_sequence}件 が見つかりません"
                "（削除された可能性があります）。",
            )
        if entry.previous_hash != previous:
            # Someone rewrote the previous entry and its hash: that entry is the altered one.
            altered = entry.sequence - 1
            raise ChainBroken(
                altered,
                f"監査ログ 第{altered}件 が変更されています"
                f"（第{entry.sequence}件 が記録しているハッシュと合いません）。",
            )
        if entry_hash(entry) != entry.hash:
            raise ChainBroken(
                entry.sequence, f"監査ログ 第{entry.sequence}件 の内容が変更されています。"
            )
        previous = entry.hash
        expected_sequence += 1
        checked += 1
    return ChainReport(checked=checked, last_sequence=expected_sequence - 1, last_hash=previous)


def search(
    *,
    actor_email: str = "",
    target: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> models.QuerySet[AuditEntry]:
    """Entries matching the staff search form, newest first, ready to list."""
    entries = AuditEntry.objects.select_related("actor", "organisation", "target_type")
    if actor_email:
        entries = entries.filter(actor__email__iexact=actor_email)
    if target:
        label, _, identifier = target.rpartition(":")
        entries = entries.filter(target_id=identifier)
        if label:
            app_label, _, model = label.partition(".")
            entries = entries.filter(target_type__app_label=app_label, target_type__model=model)
    tz = timezone.get_current_timezone()
    if date_from:
        start = datetime.datetime.combine(date_from, datetime.time.min, tzinfo=tz)
        entries = entries.filter(created_at__gte=start)
    if date_to:
        end = datetime.datetime.combine(date_to, datetime.time.min, tzinfo=tz)
        entries = entries.filter(created_at__lt=end + datetime.timedelta(days=1))
    return entries.order_by("-sequence")


EXPORT_COLUMNS = (
    "sequence",
    "created_at",
    "actor_id",
    "actor_email",
    "organisation_id",
    "action",
    "target",
    "request_id",
    "previous_hash",
    "hash",
)


def export_rows(entries: models.QuerySet[AuditEntry]) -> Iterator[list[str]]:
    yield list(EXPORT_COLUMNS)
    for entry in entries.iterator(chunk_size=2000):
        yield [
            str(entry.sequence),
            timezone.localtime(entry.created_at).isoformat(),
            str(entry.actor_id or ""),
            entry.actor.email if entry.actor else "",
            str(entry.organisation_id or ""),
            entry.action,
            entry.target_label,
            entry.request_id,
            entry.previous_hash,
            entry.hash,
        ]
