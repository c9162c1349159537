from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tsunagu.directory.services import DirectoryDataError, load_national_lines


class Command(BaseCommand):
    help = "Load the national hotlines CSV into the directory (idempotent, all-or-nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=None, help="CSV file (default: shipped)")
        parser.add_argument(
            "--verified-on",
            type=dt.date.fromisoformat,
            default=None,
            help="Date the high-confidence rows were checked (YYYY-MM-DD).",
        )

    def handle(self, *args, file=None, verified_on=None, **options):
        if file is not None and not file.exists():
            raise CommandError(f"ファイルが見つかりません: {file}")
        try:
            report = load_national_lines(file, verified_on)
        except DirectoryDataError as error:
            raise CommandError("\n".join(error.problems)) from error
        self.stdout.write(report.summary("全国の相談先"))
