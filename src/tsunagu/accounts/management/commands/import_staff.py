from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from tsunagu.accounts.staff_import import StaffImportError, import_staff
from tsunagu.core.models import Area


class Command(BaseCommand):
    help = (
        "Import city staff from a CSV with the columns department, ward, email, name. "
        "All or nothing; people missing from the file are deactivated, never deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        parser.add_argument("--city", help="six-digit code of the city (when several are loaded)")
        parser.add_argument("--encoding", default="utf-8-sig", help="e.g. cp932 for Excel files")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, file: Path, dry_run: bool, city: str | None, encoding: str, **options):
        def progress(rows):
            return tqdm(
                rows, desc="職員", unit="行", disable=options["no_progress"], file=self.stderr
            )

        try:
            area = Area.objects.get(code=city) if city else None
        except Area.DoesNotExist:
            raise CommandError(
                f"--city {city}: その地方公共団体コードは登録されていません。"
            ) from None
        try:
            report = import_staff(
                file, city=area, dry_run=dry_run, encoding=encoding, progress=progress
            )
        except StaffImportError as error:
            raise CommandError(
                f"取り込みを中止しました（何も変更していません）。\n{error}"
            ) from None
        heading = "確認のみ（変更していません）" if dry_run else "取り込みました"
        self.stdout.write(
            f"{heading}: {report.rows} 行 / 新規 {report.created}"
            f" / 氏名の変更 {report.updated} / 再開 {report.reactivated}"
            f" / 異動 {report.moved} / 退職で無効化 {report.deactivated}"
            f" / 変更なし {report.unchanged} / 新しい組織 {report.organisations_created}"
        )
