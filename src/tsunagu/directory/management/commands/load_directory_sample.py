from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tsunagu.directory.sample import load_osaka_sample
from tsunagu.directory.services import load_national_lines


class Command(BaseCommand):
    help = "Load the national lines and the Osaka City sample directory (marked サンプル)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("サンプルデータは本番環境には読み込めません。")
        report = load_national_lines()
        self.stdout.write(report.summary("全国の相談先"))
        sample = load_osaka_sample()
        for note in sample.notes:
            self.stdout.write(note)
        self.stdout.write(sample.summary("大阪市のサンプル相談先"))
