"""A model with encrypted fields, only for tests (no migration: the tests create its table)."""

from __future__ import annotations

import contextlib

from django.db import connection, models

from tsunagu.core.fields import EncryptedCharField, EncryptedTextField


class SecretNote(models.Model):
    body = EncryptedTextField(blank=True, null=True)
    label = EncryptedCharField(max_length=20, blank=True)
    plain = models.CharField(max_length=20, blank=True)

    class Meta:
        app_label = "core"
        db_table = "test_core_secretnote"

    def __str__(self) -> str:
        return f"note {self.pk}"


@contextlib.contextmanager
def secret_note_table():
    with connection.schema_editor() as editor:
        editor.create_model(SecretNote)
    try:
        yield SecretNote
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(SecretNote)
