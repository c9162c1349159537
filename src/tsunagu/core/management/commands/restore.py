from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tsunagu.core import audit
from tsunagu.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the whole database with the backup at PATH, then check every table against "
        "the backup's manifest. Stop the web and worker processes first."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="do not ask (needed in production and scripts)"
        )

    def handle(self, *args, path: Path, yes: bool, **options):
        if not yes:
            if settings.PRODUCTION or not options.get("interactive", True):
                raise CommandError(
                    "復元はデータベースを丸ごと置き換えます。--yes を付けてください。"
                )
            answer = input("データベースを丸ごと置き換えます。続けますか？ [yes/no] ")
            if answer.strip().lower() != "yes":
                raise CommandError("中止しました。")
        try:
            problems = restore(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if problems:
            raise CommandError("復元後の確認で違いが見つかりました:\n" + "\n".join(problems))
        # The restored chain continues from the backup's last entry: mark the jump.
        audit.record("core.backup.restored", actor=None)
        self.stdout.write(f"復元しました: {path}（すべての表の行数とチェックサムが一致）")
