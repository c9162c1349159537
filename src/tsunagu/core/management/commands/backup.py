from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tsunagu.core import audit
from tsunagu.core.backup import BackupError, backup, manifest_path


class Command(BaseCommand):
    help = "Back up the database to PATH (SQLite backup API or pg_dump), with a manifest."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            prints = backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        audit.record("core.backup.made", actor=None)
        rows = sum(fp.rows for fp in prints.values())
        self.stdout.write(
            f"バックアップしました: {path}（{len(prints)} 表、{rows} 行）"
            f" マニフェスト: {manifest_path(path)}"
        )
