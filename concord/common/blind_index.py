"""Blind indexes: keyed HMAC-SHA256 of a normalised value, for exact-match search over encrypted data.

The key (BLIND_INDEX_KEY) is separate from the encryption keys, so a leak of one does not expose the other. The
field name is part of the message, so the same value in two fields gives two unrelated tokens.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from concord.common.names import normalise_identifier, normalise_phone, normalise_text

TOKEN_LENGTH = 32


def blind_index(field: str, normalised_value: str) -> str:
    key = settings.BLIND_INDEX_KEY
    if not key:
        raise ImproperlyConfigured("BLIND_INDEX_KEY is empty.")
    message = f"{field}:{normalised_value}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()[:TOKEN_LENGTH]


def name_token(full_name: str, birth_date_iso: str = "") -> str:
    return blind_index("name", f"{normalise_text(full_name, sort_tokens=True)}|{birth_date_iso}")


def identifier_token(value: str) -> str:
    return blind_index("identifier", normalise_identifier(value))


def phone_token(value: str) -> str:
    return blind_index("phone", normalise_phone(value))
