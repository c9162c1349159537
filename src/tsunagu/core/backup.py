"""Backups with the database's own tools, and a fingerprint that proves a restore is whole.

SQLite: the online backup API (a consistent copy while the site runs). PostgreSQL:
`pg_dump --format=custom` and `pg_restore --clean --single-transaction`. Either way the
backup holds exactly what the tables hold, so encrypted fields stay encrypted: the keys are
never in a backup and must be kept separately (docs/security.md).

Each backup gets a manifest beside it (`<file>.manifest.json`) with, per table, the number of
rows and a SHA-256 over the rows; `restore` compares the restored database with it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

MANIFEST_SUFFIX = ".manifest.json"


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class TableFingerprint:
    rows: int
    sha256: str


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + MANIFEST_SUFFIX)


def fingerprints() -> dict[str, TableFingerprint]:
    """Row count and checksum of every table of the live database."""
    if connection.vendor == "sqlite":
        # Django's SQLite connection converts types (dates, booleans); fingerprint a plain
        # copy instead, read exactly as a backup file is read.
        copy = sqlite3.connect(":memory:")
        try:
            _sqlite_source().backup(copy)
            return _sqlite_fingerprints(copy)
        finally:
            copy.close()
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        return _fingerprint(cursor, tables, connection.ops.quote_name)


def _fingerprint(cursor, tables: list[str], quote) -> dict[str, TableFingerprint]:
    # Sorting the rows makes the checksum independent of physical order.
    result = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - names from the catalogue
        rows = sorted(repr(tuple(_plain(value) for value in row)) for row in cursor.fetchall())
        digest = hashlib.sha256()
        for row in rows:
            digest.update(row.encode())
            digest.update(b"\n")
        result[table] = TableFingerprint(rows=len(rows), sha256=digest.hexdigest())
    return result


def _plain(value):
    # Drivers differ in the types they return (memoryview, Decimal): compare by text.
    if isinstance(value, memoryview):
        return bytes(value).hex()
    return str(value) if value is not None else None


def backup(path: Path) -> dict[str, TableFingerprint]:
    """Write a backup and its manifest; the manifest describes exactly what the file holds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    if vendor == "sqlite":
        _sqlite_backup(path)
        prints = _sqlite_file_fingerprints(path)
    elif vendor == "postgresql":
        prints = _pg_backup(path)
    else:
        raise BackupError(f"{vendor} のバックアップには対応していません。")
    manifest = {
        "created_at": timezone.now().isoformat(),
        "vendor": vendor,
        "tables": {name: [fp.rows, fp.sha256] for name, fp in prints.items()},
    }
    manifest_path(path).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return prints


def _pg_backup(path: Path) -> dict[str, TableFingerprint]:
    # pg_dump reads the snapshot this transaction exports, so the manifest computed here
    # describes exactly the rows in the dump even while the site keeps writing.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _pg_run(
            "pg_dump", ["--format=custom", "--no-owner", f"--snapshot={snapshot}", f"--file={path}"]
        )
        return _fingerprint(
            cursor, connection.introspection.table_names(cursor), connection.ops.quote_name
        )


def _sqlite_file_fingerprints(path: Path) -> dict[str, TableFingerprint]:
    copy = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return _sqlite_fingerprints(copy)
    finally:
        copy.close()


def _sqlite_fingerprints(database: sqlite3.Connection) -> dict[str, TableFingerprint]:
    cursor = database.cursor()
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
        "AND name NOT LIKE 'sqlite_%'"
    )
    tables = [row[0] for row in cursor.fetchall()]
    return _fingerprint(cursor, tables, lambda name: '"' + name.replace('"', '""') + '"')


def restore(path: Path) -> list[str]:
    """Replace the database with the backup; return the tables that differ from the manifest."""
    if not path.exists():
        raise BackupError(f"バックアップが見つかりません: {path}")
    vendor = connection.vendor
    if vendor == "sqlite":
        _sqlite_restore(path)
    elif vendor == "postgresql":
        connection.close()
        _pg_run(
            "pg_restore",
            ["--clean", "--if-exists", "--no-owner", "--single-transaction", str(path)],
            database_flag="--dbname",
        )
    else:
        raise BackupError(f"{vendor} の復元には対応していません。")
    return differences(path)


def differences(path: Path) -> list[str]:
    manifest_file = manifest_path(path)
    if not manifest_file.exists():
        return [f"マニフェストがありません: {manifest_file}"]
    expected = json.loads(manifest_file.read_text())["tables"]
    actual = {name: [fp.rows, fp.sha256] for name, fp in fingerprints().items()}
    problems = []
    for table in sorted(set(expected) | set(actual)):
        if expected.get(table) != actual.get(table):
            problems.append(f"{table}: 期待 {expected.get(table)} / 実際 {actual.get(table)}")
    return problems


def _sqlite_source() -> sqlite3.Connection:
    connection.ensure_connection()
    return connection.connection


def _sqlite_backup(path: Path) -> None:
    temporary = path.with_name(path.name + ".partial")
    target = sqlite3.connect(temporary)
    try:
        _sqlite_source().backup(target)
    finally:
        target.close()
    temporary.replace(path)  # never leave a half-written file under the real name


def _sqlite_restore(path: Path) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        source.backup(_sqlite_source())
    finally:
        source.close()


def _pg_run(tool: str, arguments: list[str], database_flag: str | None = None) -> None:
    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(
            f"{tool} が見つかりません。PostgreSQL のクライアント（Debian: postgresql-client）を"
            "サーバーと同じメジャーバージョンで入れてください。"
        )
    settings_dict = connection.settings_dict
    env = {**os.environ}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    database = settings_dict["NAME"]
    target = [f"{database_flag}={database}"] if database_flag else [database]
    # The password travels in the environment, never on the command line (ps would show it).
    result = subprocess.run(  # noqa: S603 - fixed tool, arguments built here
        [executable, *arguments, *target], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(
            f"{tool} が失敗しました（終了コード {result.returncode}）:\n{result.stderr}"
        )
