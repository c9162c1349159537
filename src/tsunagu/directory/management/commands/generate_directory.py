from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tsunagu.directory.synthetic import generate_directory


class Command(BaseCommand):
    help = "Add a synthetic directory (marked サンプル) for benchmarks. Refused in production."

    def add_arguments(self, parser):
        parser.add_argument("--services", type=int, default=50_000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, services: int, seed: int, **options):
        if settings.PRODUCTION:
            raise CommandError("合成データは本番環境には作れません。")
        if services < 1:
            raise CommandError("--services は 1 以上にしてください。")
        created = generate_directory(services, seed)
        self.stdout.write(f"合成の相談先を {created} 件作りました。")
