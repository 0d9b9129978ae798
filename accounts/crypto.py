"""Encryption at rest for national ID numbers.

The value is stored encrypted with Fernet (AES-128-CBC with HMAC-SHA256), and a
keyed SHA-256 digest is stored beside it so that uniqueness and look-ups work
without decrypting every row.
"""

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import models


@cache
def _key_material() -> bytes:
    configured = settings.FIELD_ENCRYPTION_KEY
    if configured:
        return base64.urlsafe_b64decode(configured)
    return hashlib.sha256(f"national-id:{settings.SECRET_KEY}".encode()).digest()


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_key_material()))


def encrypt(plain: str) -> str:
    return _fernet().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ValueError("stored national ID cannot be decrypted with the configured key") from None


def digest(plain: str) -> str:
    """Return a keyed digest that identifies the number without revealing it."""
    return hmac.new(_key_material(), plain.encode(), hashlib.sha256).hexdigest()


class EncryptedCharField(models.TextField):
    """A text field whose value is encrypted in the database and plain in Python."""

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(value)
