from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from tsunagu.directory.models import Service
from tsunagu.directory.tabular import export_csv


class Command(BaseCommand):
    help = "Write every service as CSV (UTF-8 with BOM, the import's columns)."

    def add_arguments(self, parser):
        parser.add_argument("output", type=Path)
        parser.add_argument(
            "--with-hidden", action="store_true", help="Include hidden addresses (staff only)."
        )

    def handle(self, *args, output: Path, with_hidden: bool = False, **options):
        output.write_bytes(export_csv(Service.objects.all(), public=not with_hidden))
        self.stdout.write(f"{output} に書き出しました。")
