from __future__ import annotations

from django.core.management.base import BaseCommand

from tsunagu.referrals.tasks import enqueue_due_reminders


class Command(BaseCommand):
    help = (
        "Queue reminders for referrals not accepted within 3 working days or without a result "
        "after 14 days (run daily from cron; the task worker sends them). Safe to run again."
    )

    def handle(self, *args, **options):
        queued = enqueue_due_reminders()
        self.stdout.write(f"{queued} 件のリマインダーを登録しました。")
