from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from tsunagu.referrals.retention import purge_personal_details, retention_days


class Command(BaseCommand):
    help = (
        "Erase the personal details of referrals closed longer ago than the retention period "
        "(TSUNAGU_REFERRAL_RETENTION_DAYS, default 3 years), keeping the anonymous facts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Override the retention period in days for this run.",
        )

    def handle(self, *args, days=None, **options):
        if days is not None and days < 0:
            raise CommandError("--days は0以上の日数で指定してください。")
        days = retention_days() if days is None else days
        erased = purge_personal_details(older_than_days=days)
        self.stdout.write(f"{days}日より前に終了したつなぎ {erased} 件の個人情報を消去しました。")
