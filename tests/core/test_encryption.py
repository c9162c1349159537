from __future__ import annotations

import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management import call_command
from django.db import connection

from tsunagu.core import fields
from tsunagu.core.fields import DecryptionError, decrypt, encrypt, is_under_newest_key
from tsunagu.core.models import AuditEntry

from .encrypted_model import SecretNote, secret_note_table

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


@pytest.fixture
def notes(transactional_db, settings):
    settings.TSUNAGU_ENCRYPTION_KEYS = [OLD]
    with secret_note_table() as model:
        yield model


def stored(note_id: int) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT body, label FROM test_core_secretnote WHERE id = %s", [note_id])
        return cursor.fetchone()


def test_values_round_trip_and_are_not_readable_in_the_database(notes):
    note = notes.objects.create(body="家族のことで悩んでいる", label="要配慮", plain="x")
    again = notes.objects.get(pk=note.pk)
    assert (again.body, again.label) == ("家族のことで悩んでいる", "要配慮")
    body, label = stored(note.pk)
    assert body.startswith("gAAAAA")
    assert "家族" not in body
    assert label != "要配慮"


def test_null_stays_null_and_empty_text_is_still_encrypted(notes):
    note = notes.objects.create(body=None, label="")
    assert notes.objects.get(pk=note.pk).body is None
    assert notes.objects.filter(body__isnull=True).count() == 1
    assert stored(note.pk)[1].startswith("gAAAAA")


def test_encrypted_columns_refuse_lookups_that_cannot_work(notes):
    from django.core.exceptions import FieldError

    with pytest.raises(FieldError):
        list(notes.objects.filter(body="x"))


def test_the_short_field_limits_the_plain_text(notes):
    note = SecretNote(label="あ" * 21)
    with pytest.raises(ValidationError):
        note.full_clean()


def test_rotation_re_encrypts_everything_with_the_newest_key(notes, settings):
    created = [notes.objects.create(body=f"相談 {i}", label=f"L{i}") for i in range(7)]
    notes.objects.create(body=None, label="")
    settings.TSUNAGU_ENCRYPTION_KEYS = [NEW, OLD]
    out = io.StringIO()
    call_command("rotate_keys", "--batch-size=3", "--no-progress", stdout=out)
    assert "8 件を新しい鍵で" in out.getvalue()
    settings.TSUNAGU_ENCRYPTION_KEYS = [NEW]  # the old key is gone: everything still reads
    assert [n.body for n in notes.objects.order_by("pk")][:7] == [n.body for n in created]
    assert all(is_under_newest_key(stored(n.pk)[0]) for n in created)
    assert AuditEntry.objects.filter(action="core.encryption.rotated").exists()


def test_rotation_resumes_by_skipping_what_is_done(notes, settings):
    first = notes.objects.create(body="一", label="a")
    settings.TSUNAGU_ENCRYPTION_KEYS = [NEW, OLD]
    notes.objects.filter(pk=first.pk).update(body="一", label="a")  # already under NEW
    notes.objects.create(body=None, label="b")  # written under NEW, body NULL
    old_row = notes.objects.create(body="二", label="c")
    settings.TSUNAGU_ENCRYPTION_KEYS = [OLD]
    notes.objects.filter(pk=old_row.pk).update(body="二", label="c")  # back under OLD
    settings.TSUNAGU_ENCRYPTION_KEYS = [NEW, OLD]
    out = io.StringIO()
    call_command("rotate_keys", "--no-progress", stdout=out)
    assert "1 件を新しい鍵で" in out.getvalue()
    assert "2 件は更新済み" in out.getvalue()


def test_a_value_without_its_key_fails_loudly_without_leaking_it(settings):
    settings.TSUNAGU_ENCRYPTION_KEYS = [OLD]
    token = encrypt("秘密")
    settings.TSUNAGU_ENCRYPTION_KEYS = [NEW]
    with pytest.raises(DecryptionError) as error:
        decrypt(token)
    assert token not in str(error.value)
    assert "秘密" not in str(error.value)


def test_development_derives_a_key_from_the_secret_key_when_none_is_set(settings):
    settings.TSUNAGU_ENCRYPTION_KEYS = []
    assert decrypt(encrypt("テスト")) == "テスト"
    assert fields.configured_keys() == (fields.development_key(settings.SECRET_KEY).decode(),)


def test_production_never_derives_a_key(settings):
    settings.TSUNAGU_ENCRYPTION_KEYS = []
    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured):
        encrypt("x")


def test_a_malformed_key_is_a_system_check_error(settings):
    from tsunagu.core.checks import check_encryption_keys

    settings.TSUNAGU_ENCRYPTION_KEYS = ["not-a-key"]
    assert [e.id for e in check_encryption_keys()] == ["tsunagu.E002"]
    settings.TSUNAGU_ENCRYPTION_KEYS = [NEW]
    assert check_encryption_keys() == []


def test_generate_encryption_key_prints_a_usable_key():
    out = io.StringIO()
    call_command("generate_encryption_key", stdout=out)
    Fernet(out.getvalue().strip().encode())
