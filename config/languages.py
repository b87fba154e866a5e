"""The interface languages a deployment offers: English, and every language with a catalogue in LOCALE_PATHS
(locale/<code>/LC_MESSAGES/django.po), unless CONCORD_LANGUAGES narrows them. Adding a language is adding a
catalogue (docs/languages.md); nothing here lists languages by name."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import lazy
from django.utils.translation import gettext

SOURCE_LANGUAGE = "en"


def catalogues(locale_paths: Iterable[Path]) -> dict[str, Path]:
    """Language code → its catalogue folder, the first of the locale paths that has one."""
    found: dict[str, Path] = {}
    for base in locale_paths:
        if not Path(base).is_dir():
            continue
        for folder in sorted(Path(base).iterdir()):
            if (folder / "LC_MESSAGES" / "django.po").exists() or (folder / "LC_MESSAGES" / "django.mo").exists():
                found.setdefault(folder.name, folder / "LC_MESSAGES")
    return found


def _language_name(code: str) -> str:
    # Django's own catalogues translate the names of languages.
    return gettext(LANG_INFO[code]["name"])


language_name = lazy(_language_name, str)


def interface_languages(locale_paths: Sequence[Path], wanted: Sequence[str]) -> list[tuple[str, str]]:
    """settings.LANGUAGES: English first, then the wanted (or else every catalogued) languages."""
    available = catalogues(locale_paths)
    codes = list(dict.fromkeys([SOURCE_LANGUAGE, *(wanted or sorted(available))]))
    for code in codes:
        if code not in LANG_INFO:
            raise ImproperlyConfigured(f"CONCORD_LANGUAGES: {code!r} is not a language code Django knows")
        if code != SOURCE_LANGUAGE and code not in available:
            raise ImproperlyConfigured(
                f"CONCORD_LANGUAGES: {code!r} has no catalogue (locale/{code}/LC_MESSAGES/django.po) in "
                f"{', '.join(str(path) for path in locale_paths)}"
            )
    return [(code, language_name(code)) for code in codes]
