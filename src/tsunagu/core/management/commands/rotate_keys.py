from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import F, TextField
from django.db.models.functions import Cast
from tqdm import tqdm

from tsunagu.core import audit
from tsunagu.core.fields import Ciphertext, encrypted_fields, is_under_newest_key, keyring


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value with the newest key in TSUNAGU_ENCRYPTION_KEYS. "
        "Resumable: values already under the newest key are skipped, so run it again after "
        "an interruption."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")

    def handle(self, *args, batch_size: int, no_progress: bool, **options):
        ring = keyring()
        rotated = skipped = 0
        for model, fields in encrypted_fields():
            manager = model._base_manager
            # Read the stored tokens as plain text, without the field decrypting them.
            raw = {
                f"_raw_{f.attname}": Cast(F(f.attname), output_field=TextField()) for f in fields
            }
            rows = manager.annotate(**raw).order_by("pk").values_list("pk", *raw)
            label = model._meta.label
            progress = tqdm(
                total=manager.count(), desc=label, unit="行", disable=no_progress, file=self.stderr
            )
            batch: list[tuple] = []
            for row in rows.iterator(chunk_size=batch_size):
                batch.append(row)
                if len(batch) >= batch_size:
                    r, s = self._rotate(manager, fields, batch, ring)
                    rotated, skipped = rotated + r, skipped + s
                    progress.update(len(batch))
                    batch = []
            if batch:
                r, s = self._rotate(manager, fields, batch, ring)
                rotated, skipped = rotated + r, skipped + s
                progress.update(len(batch))
            progress.close()
        audit.record("core.encryption.rotated", actor=None)
        self.stdout.write(
            f"鍵の更新: {rotated} 件を新しい鍵で暗号化し直しました（{skipped} 件は更新済み）。"
        )

    def _rotate(self, manager, fields, batch, ring) -> tuple[int, int]:
        rotated = skipped = 0
        # One transaction per batch: an interruption loses at most one batch of work.
        with transaction.atomic():
            for pk, *tokens in batch:
                changes = {}
                for field, token in zip(fields, tokens, strict=True):
                    if token is None or is_under_newest_key(token):
                        continue
                    changes[field.attname] = Ciphertext(ring.rotate(token.encode()).decode())
                if changes:
                    manager.filter(pk=pk).update(**changes)
                    rotated += 1
                else:
                    skipped += 1
        return rotated, skipped
