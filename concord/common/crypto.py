"""Encrypted model fields.

Values are encrypted with MultiFernet (AES-128-CBC + HMAC-SHA256) under keys from FIELD_ENCRYPTION_KEYS, newest
first: writes use the newest key, reads accept any, so a key is rotated by prepending a new one and running
`manage.py rotate_keys`. The database only ever holds Fernet tokens, which is also what django-simple-history
copies into history tables, because historical models reuse these field classes.

Encrypted columns cannot be filtered, ordered or indexed meaningfully; search goes through blind indexes
(concord.common.blind_index).
"""

from __future__ import annotations

import datetime
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models


@lru_cache(maxsize=4)
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty: set at least one Fernet key.")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS holds a value that is not a Fernet key.") from error


def fernet() -> MultiFernet:
    return _fernet_for(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt_bytes(data: bytes) -> bytes:
    return fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    return fernet().decrypt(token)


def encrypt_str(value: str) -> str:
    return encrypt_bytes(value.encode("utf-8")).decode("ascii")


def decrypt_str(token: str) -> str:
    return decrypt_bytes(token.encode("ascii")).decode("utf-8")


def rotate_token(token: str) -> str:
    """Re-encrypt a stored token under the newest key without exposing the plaintext to the caller."""
    return fernet().rotate(token.encode("ascii")).decode("ascii")


def is_current_token(token: str) -> bool:
    """Whether a token was written with the newest key (rotation skips those)."""
    try:
        Fernet(settings.FIELD_ENCRYPTION_KEYS[0].encode()).decrypt(token.encode("ascii"))
    except InvalidToken:
        return False
    return True


class EncryptedFieldMixin:
    """Stores the field's Python value as a Fernet token in a text column."""

    encrypted = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("db_index") or kwargs.get("unique") or kwargs.get("primary_key"):
            raise ImproperlyConfigured("Encrypted fields cannot be indexed or unique: use a blind index.")
        super().__init__(*args, **kwargs)

    def get_internal_type(self) -> str:
        return "TextField"

    def to_plain_text(self, value: Any) -> str:
        return str(value)

    def from_plain_text(self, text: str) -> Any:
        return text

    def get_db_prep_save(self, value: Any, connection: Any) -> Any:
        value = self.get_prep_value(value)  # type: ignore[attr-defined]  # from the Field it is mixed into
        if value is None or value == "":
            return value
        return encrypt_str(self.to_plain_text(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return self.from_plain_text(decrypt_str(value))

    def get_lookup(self, lookup_name: str) -> Any:
        # Comparing ciphertexts is meaningless (every token is salted), so only "is it empty" may be asked.
        if lookup_name != "isnull":
            raise FieldError(
                f"Encrypted field {getattr(self, 'name', '?')!r} cannot be queried with {lookup_name!r}: "
                "use a blind index."
            )
        return super().get_lookup(lookup_name)  # type: ignore[misc]


class EncryptedTextField(EncryptedFieldMixin, models.TextField):
    pass


class EncryptedCharField(EncryptedFieldMixin, models.CharField):
    """A CharField whose max_length limits the plaintext (forms and validation), not the column."""

    def db_type(self, connection: Any) -> str | None:
        return models.TextField().db_type(connection)


class EncryptedDateField(EncryptedFieldMixin, models.DateField):
    def to_plain_text(self, value: Any) -> str:
        return value.isoformat()

    def from_plain_text(self, text: str) -> datetime.date:
        return datetime.date.fromisoformat(text)

    def get_prep_value(self, value: Any) -> Any:
        return self.to_python(value)

    def db_type(self, connection: Any) -> str | None:
        return models.TextField().db_type(connection)


ENCRYPTED_FIELD_TYPES = (EncryptedTextField, EncryptedCharField, EncryptedDateField)


def encrypted_fields(model: type[models.Model]) -> list[models.Field]:
    return [field for field in model._meta.concrete_fields if getattr(field, "encrypted", False)]
