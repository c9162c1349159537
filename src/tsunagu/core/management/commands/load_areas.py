from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tsunagu.core.services import AreaDataError, load_areas


class Command(BaseCommand):
    help = (
        "Load prefectures, municipalities and wards from CSV files "
        "(prefectures.csv, municipalities.csv, wards-<code5>.csv). All or nothing; idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help="Folder with the area CSV files (default: data/areas).",
        )

    def handle(self, *args, data_dir: Path | None, **options):
        folder = data_dir or settings.TSUNAGU_DATA_DIR / "areas"
        try:
            report = load_areas(folder)
        except FileNotFoundError as error:
            raise CommandError(f"ファイルが見つかりません: {error.filename}") from None
        except AreaDataError as error:
            message = "区域データに問題があります。何も読み込んでいません。"
            raise CommandError(f"{message}\n{error}") from None
        counts = ", ".join(f"{kind} {n}" for kind, n in sorted(report.by_kind.items()))
        self.stdout.write(f"区域: {counts} (新規 {report.created}, 更新 {report.updated})")
