"""File storage that encrypts every file at rest with the field-encryption keys.

Files are small documents (size limits are enforced at upload), so whole-file Fernet tokens are acceptable.
Uploaded files are always served by a view that decrypts them as an attachment download, never from MEDIA_URL.
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible

from concord.common.crypto import decrypt_bytes, encrypt_bytes, fernet


@deconstructible
class EncryptedFileSystemStorage(FileSystemStorage):
    def _save(self, name: str, content: File) -> str:
        content.seek(0)
        return super()._save(name, ContentFile(encrypt_bytes(content.read())))  # type: ignore[misc]

    def _open(self, name: str, mode: str = "rb") -> File:
        if "w" in mode or "a" in mode:
            raise ValueError("Encrypted files are written through save(), not opened for writing.")
        with super()._open(name, "rb") as handle:  # type: ignore[misc]
            plaintext = decrypt_bytes(handle.read())
        return ContentFile(plaintext, name=name)

    def url(self, name: Any) -> str:
        raise NotImplementedError("Encrypted files have no public URL: serve them through an access-checked view.")

    def rotate(self, name: str) -> None:
        """Re-encrypt one stored file under the newest key (used by rotate_keys)."""
        with super()._open(name, "rb") as handle:  # type: ignore[misc]
            token = handle.read()
        rotated = fernet().rotate(token)
        path = self.path(name)
        with open(path, "wb") as handle:
            handle.write(rotated)
