from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from tsunagu.core.sample_data import load_demo_accounts


class Command(BaseCommand):
    help = "Load the areas and the demo data (marked サンプル) when missing. Safe to run again."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("サンプルデータは本番環境には読み込めません。")
        call_command("load_areas", stdout=self.stdout)
        call_command("load_directory_sample", stdout=self.stdout)
        accounts = load_demo_accounts()
        call_command("load_referral_sample", stdout=self.stdout)
        self.stdout.write("デモ用のログイン（ローカル専用）:")
        for account in accounts:
            state = "作成" if account.created else "既存"
            self.stdout.write(f"  {account.email} / {account.password}  {account.role} [{state}]")
