"""Writes var/dev.env with fresh random keys for a local demo, and adds settings a newer version needs to an older
file; `make run` sources it.

Production never uses this file: there every secret comes from the environment or a NAME_FILE.
"""

import secrets
import sys
from pathlib import Path

from cryptography.fernet import Fernet

target = Path(sys.argv[1] if len(sys.argv) > 1 else "var/dev.env")
settings = {
    "SECRET_KEY": lambda: secrets.token_urlsafe(50),
    "FIELD_ENCRYPTION_KEYS": lambda: Fernet.generate_key().decode(),
    "BLIND_INDEX_KEY": lambda: secrets.token_urlsafe(32),
    "AUDIT_MAC_KEY": lambda: secrets.token_urlsafe(32),
    "DEBUG": lambda: "0",
    "CONCORD_DEMO_MODE": lambda: "1",
    "CONCORD_MFA_ENROLMENT": lambda: "demo-accounts-exempt",
    "SECURE_SSL_REDIRECT": lambda: "0",
    "SECURE_COOKIES": lambda: "0",
    "EMAIL_URL": lambda: "consolemail://",
}
existing = target.read_text().splitlines() if target.exists() else []
present = {line.split("=", 1)[0] for line in existing if "=" in line}
# A file from an older version keeps its keys (the demo data is encrypted with them) and gains the new settings.
missing = [f"{name}={make()}" for name, make in settings.items() if name not in present]
if missing:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join([*existing, *missing, ""]))
    target.chmod(0o600)
    print(f"wrote {target}: {', '.join(line.split('=', 1)[0] for line in missing)}")
