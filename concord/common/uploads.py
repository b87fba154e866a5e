"""Checks of an uploaded document before it is stored (case attachments, the materials library): its size, its
declared type among the accepted ones, and that its first bytes match that type — the browser's declared type is not
trusted on its own."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

# File signatures of the allowed types: the browser's declared type is not trusted on its own.
ALLOWED_UPLOADS = {
    "application/pdf": [b"%PDF-"],
    "image/jpeg": [b"\xff\xd8\xff"],
    "image/png": [b"\x89PNG\r\n\x1a\n"],
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": [b"PK\x03\x04"],
    "application/vnd.oasis.opendocument.text": [b"PK\x03\x04"],
    "text/plain": [],
}


def checked_upload(upload: UploadedFile) -> str:
    """The upload's content type, once it is known to be an accepted document of an accepted size."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise ValidationError({"file": _("The file is larger than %(limit)s MB.") % {"limit": limit // (1024 * 1024)}})
    if upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    content_type = (upload.content_type or "").split(";")[0].strip()
    if content_type not in ALLOWED_UPLOADS:
        raise ValidationError({"file": _("This type of file is not accepted. Use PDF, JPEG, PNG, DOCX, ODT or text.")})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    signatures = ALLOWED_UPLOADS[content_type]
    if signatures and not any(head.startswith(signature) for signature in signatures):
        raise ValidationError({"file": _("The file's content does not match its type.")})
    if not signatures and b"\x00" in head:
        raise ValidationError({"file": _("The file's content does not match its type.")})
    return content_type
