"""RFC 6238 codes for tests, written out so that tests do not lean on allauth internals."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time


def totp_code(secret: str, *, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """The code for `at` (default: now). For "now" it waits out the last seconds of a window, so that the code is
    still valid when the server checks it (allauth accepts only the current window by default)."""
    if at is None and step - time.time() % step < 3:
        time.sleep(step - time.time() % step + 0.1)
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)
