from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tsunagu.directory.hsds.importer import HsdsImportError, check_document, import_document


class Command(BaseCommand):
    help = "Load an HSDS 3.0 JSON document (all-or-nothing; --dry-run only checks it)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, file: Path, dry_run: bool = False, **options):
        if not file.exists():
            raise CommandError(f"ファイルが見つかりません: {file}")
        try:
            document = json.loads(file.read_text(encoding="utf-8-sig"))
        except json.JSONDecodeError as error:
            message = f"JSON として読めません（{error.lineno}行目）: {error.msg}"
            raise CommandError(message) from error
        if dry_run:
            found = check_document(document)
            if found:
                raise CommandError("\n".join(found))
            count = len(document.get("services", []))
            self.stdout.write(f"問題はありません（相談先 {count} 件）。")
            return
        try:
            with transaction.atomic():
                report = import_document(document)
        except HsdsImportError as error:
            raise CommandError("\n".join(error.problems)) from error
        self.stdout.write(f"新規: {report.created}")
        self.stdout.write(f"更新: {report.updated}")
