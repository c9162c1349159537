from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from tsunagu.directory.tabular import TabularImportError, import_rows, read_rows


class Command(BaseCommand):
    help = (
        "Import services from a CSV or Excel file with Japanese headers (all-or-nothing). "
        "--dry-run shows what would change and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, file: Path, dry_run: bool = False, **options):
        if not file.exists():
            raise CommandError(f"ファイルが見つかりません: {file}")

        def progress(rows):
            return tqdm(rows, desc="取り込み", unit="件", file=self.stderr, disable=None)

        try:
            plan = import_rows(read_rows(file), dry_run=dry_run, progress=progress)
        except TabularImportError as error:
            raise CommandError(
                "取り込めませんでした（何も書きこんでいません）:\n" + "\n".join(error.problems)
            ) from error
        for row in plan.rows:
            if row.action != "変更なし" or options["verbosity"] > 1:
                self.stdout.write(row.describe())
        prefix = "試しに読んだ結果（書きこんでいません）: " if dry_run else "取り込みました: "
        self.stdout.write(prefix + plan.summary())
