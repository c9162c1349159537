from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tsunagu.referrals.sample import load_referral_sample


class Command(BaseCommand):
    help = "Load a few invented referrals (marked サンプル) for the demo staff. Safe to run again."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("サンプルデータは本番環境には読み込めません。")
        count = load_referral_sample()
        if count:
            self.stdout.write(f"つなぎのサンプル: {count} 件")
        else:
            self.stdout.write(
                "つなぎのサンプルは読み込みませんでした（つなぎの権限を持つデモ職員がいません）。"
            )
