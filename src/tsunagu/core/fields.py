"""Encrypted model fields for sensitive text (要配慮個人情報 and other personal data).

Values are stored as Fernet tokens (AES-128-CBC + HMAC-SHA256) made with the newest key in
settings.TSUNAGU_ENCRYPTION_KEYS; any listed key can read. Python code sees plain text:

    notes = EncryptedTextField(_("相談の内容"), blank=True)

Encryption is randomised, so the database cannot search or sort these columns: only
`isnull` lookups work. Keep what must be searched in separate, non-sensitive fields.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.validators import MaxLengthValidator
from django.db import models

# Marks the development key in logs and docs; it is derived, never configured.
DEVELOPMENT_KEY_LABEL = "development key derived from SECRET_KEY (not for real data)"


class DecryptionError(Exception):
    """A stored value that none of the configured keys can read."""


class Ciphertext(str):
    """A value that is already a token: saved as it is (used by `rotate_keys`)."""


def development_key(secret_key: str) -> bytes:
    digest = hashlib.sha256(b"tsunagu-development-encryption:" + secret_key.encode()).digest()
    return base64.urlsafe_b64encode(digest)


def configured_keys() -> tuple[str, ...]:
    keys = tuple(key.strip() for key in settings.TSUNAGU_ENCRYPTION_KEYS if key.strip())
    if keys:
        return keys
    if settings.PRODUCTION:
        raise ImproperlyConfigured("TSUNAGU_ENCRYPTION_KEYS is empty in production.")
    return (development_key(settings.SECRET_KEY).decode(),)


@lru_cache(maxsize=4)
def _fernets(keys: tuple[str, ...]) -> tuple[MultiFernet, Fernet]:
    try:
        fernets = [Fernet(key.encode()) for key in keys]
    except ValueError as error:
        raise ImproperlyConfigured(
            "TSUNAGU_ENCRYPTION_KEYS holds a value that is not a Fernet key "
            "(32 bytes, url-safe base64; make one with `tsunagu generate_encryption_key`)."
        ) from error
    return MultiFernet(fernets), fernets[0]


def keyring() -> MultiFernet:
    """All configured keys; encrypts with the first (newest)."""
    return _fernets(configured_keys())[0]


def newest_key() -> Fernet:
    return _fernets(configured_keys())[1]


def encrypt(plaintext: str) -> Ciphertext:
    return Ciphertext(keyring().encrypt(plaintext.encode()).decode())


def decrypt(token: str) -> str:
    try:
        return keyring().decrypt(token.encode()).decode()
    except InvalidToken as error:
        # Never include the token or any plaintext in the message: it reaches logs.
        raise DecryptionError(
            "暗号化された値を読めません。この値を暗号化した鍵が TSUNAGU_ENCRYPTION_KEYS に"
            "ありません（docs/security.md「鍵を失ったとき」）。"
        ) from error


def is_under_newest_key(token: str) -> bool:
    try:
        newest_key().decrypt(token.encode())
    except InvalidToken:
        return False
    return True


class EncryptedMixin:
    """Encrypt on the way to the database, decrypt on the way back."""

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return decrypt(value)

    def to_python(self, value):
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or isinstance(value, Ciphertext):
            return value
        return encrypt(str(value))

    def get_lookup(self, lookup_name):
        # Tokens differ each time: equality or text search would silently find nothing.
        if lookup_name != "isnull":
            return None
        return super().get_lookup(lookup_name)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        return name, path, args, kwargs


class EncryptedTextField(EncryptedMixin, models.TextField):
    description = "Text encrypted at rest"


class EncryptedCharField(EncryptedMixin, models.TextField):
    """A short encrypted value. The limit applies to the plain text, in forms and validation;
    the column is text because tokens are longer than their plain text."""

    description = "Short text encrypted at rest"

    def __init__(self, *args, max_length: int = 255, **kwargs):
        self.plain_max_length = max_length
        super().__init__(*args, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["max_length"] = self.plain_max_length
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        defaults = {"max_length": self.plain_max_length, "widget": forms.TextInput}
        return super().formfield(**{**defaults, **kwargs})


def encrypted_fields() -> list[tuple[type[models.Model], list[models.Field]]]:
    """Every concrete model with encrypted fields, with those fields (for rotate_keys)."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedMixin)]
        if fields:
            found.append((model, fields))
    return found
