import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[3]


def _production_env(**extra) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "CONCORD_", "SECURE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY="x" * 20 + "-production-like-secret-with-enough-entropy-0123456789",
        FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        BLIND_INDEX_KEY="blind-index-key-for-the-check",
        ALLOWED_HOSTS="concord.example.org",
        DATABASE_URL="sqlite:////tmp/concord-deploy-check.sqlite3",
        **extra,
    )
    env.pop("DEBUG", None)
    return env


def test_check_deploy_has_no_warnings_with_production_settings():
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def _run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    ("name", "secret", "expression", "expected"),
    [
        ("SECRET_KEY", "y" * 60, "settings.SECRET_KEY == 'y' * 60", "True"),
        (
            "DATABASE_URL",
            "postgres://concord:s3cret@db.internal:5432/concord",
            "settings.DATABASES['default']['HOST']",
            "db.internal",
        ),
    ],
)
def test_secrets_can_come_from_files(tmp_path, name, secret, expression, expected):
    secret_file = tmp_path / name.lower()
    secret_file.write_text(secret)
    env = _production_env()
    del env[name]
    env[f"{name}_FILE"] = str(secret_file)
    result = _run(env, "-c", f"import django; django.setup(); from django.conf import settings; print({expression})")
    assert result.stdout.strip() == expected, result.stderr


def test_debug_is_off_unless_asked():
    result = _run(
        _production_env(),
        "-c",
        "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
    )
    assert result.stdout.strip() == "False", result.stderr


def test_missing_secret_is_a_clear_error():
    env = _production_env()
    del env["SECRET_KEY"]
    result = _run(env, "manage.py", "check")
    assert result.returncode != 0 and "Set SECRET_KEY" in result.stderr
