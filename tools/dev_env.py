"""Writes var/dev.env with fresh random keys for a local demo, once; `make run` sources it.

Production never uses this file: there every secret comes from the environment or a NAME_FILE.
"""

import secrets
import sys
from pathlib import Path

from cryptography.fernet import Fernet

target = Path(sys.argv[1] if len(sys.argv) > 1 else "var/dev.env")
if not target.exists():
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        "\n".join(
            [
                f"SECRET_KEY={secrets.token_urlsafe(50)}",
                f"FIELD_ENCRYPTION_KEYS={Fernet.generate_key().decode()}",
                f"BLIND_INDEX_KEY={secrets.token_urlsafe(32)}",
                "DEBUG=0",
                "CONCORD_DEMO_MODE=1",
                "CONCORD_MFA_ENROLMENT=demo-accounts-exempt",
                "SECURE_SSL_REDIRECT=0",
                "SECURE_COOKIES=0",
                "EMAIL_URL=consolemail://",
                "",
            ]
        )
    )
    target.chmod(0o600)
    print(f"wrote {target}")
