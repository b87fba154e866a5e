"""Test settings: the production settings with fast hashing, immediate tasks and throwaway keys."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789abcdef")
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "wkK4IV091coWUEdoZQ5GwDnYvxHZyFV-kb_Br7kB-qQ=")
os.environ.setdefault("BLIND_INDEX_KEY", "test-only-blind-index-key")
os.environ.setdefault("AUDIT_MAC_KEY", "test-only-audit-mac-key")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
TEST_VAR = os.path.join(tempfile.gettempdir(), "concord-test-var")
os.environ.setdefault("CONCORD_VAR_DIR", TEST_VAR)

from config.settings import *  # noqa: E402,F403
from config.settings import TASKS  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # noqa: S303 - speed; tests only
TASKS = {**TASKS, "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
MEDIA_ROOT = Path(TEST_VAR) / "media"
ALLOWED_HOSTS = ["*"]
# whitenoise warns on every request when STATIC_ROOT is missing; tests serve static files through the finders.
STATIC_ROOT = Path(TEST_VAR) / "static"
os.makedirs(STATIC_ROOT, exist_ok=True)
