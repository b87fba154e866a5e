"""Reading settings from the environment: every secret may also come from a file named by `NAME_FILE`
(Docker and systemd secrets), so that keys never have to sit in a process's environment block."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured


def secret(name: str, default: str | None = None) -> str:
    path = os.environ.get(f"{name}_FILE")
    if path:
        with open(path, encoding="utf-8") as handle:
            return handle.read().strip()
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set {name} (or {name}_FILE) in the environment.")
    return value


def boolean(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def integer(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value in (None, "") else int(value)


def text(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def text_list(name: str, default: str = "", *, sep: str = ",") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(sep) if item.strip()]
