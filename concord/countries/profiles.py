"""What every request needs to know of a country — its time zone and its languages — read for all loaded packs in
one small query and kept per process. Saving or deleting a Country reads them again (CountriesConfig.ready), and
they expire after PROFILE_CACHE_SECONDS anyway, so that a pack loaded by another process (`manage.py load_country`
beside the web workers) reaches every process."""

from __future__ import annotations

import logging
import time
import zoneinfo
from dataclasses import dataclass

from django.db import transaction

logger = logging.getLogger(__name__)

PROFILE_CACHE_SECONDS = 300.0


@dataclass(frozen=True)
class CountryProfile:
    zone: zoneinfo.ZoneInfo | None
    languages: tuple[str, ...]
    default_language: str


_cache: tuple[dict[str, CountryProfile], float] | None = None


def country_profiles() -> dict[str, CountryProfile]:
    """Country code → profile, for every loaded country pack."""
    if _cache is not None and 0 <= time.monotonic() - _cache[1] < PROFILE_CACHE_SECONDS:
        return _cache[0]
    return _load()


def _zone(code: str, name: str) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        # The loader refuses unknown zones; a row edited by hand falls back to the server's zone.
        logger.warning("Country %s has an unknown time zone %r", code, name)
        return None


def _load() -> dict[str, CountryProfile]:
    global _cache
    from concord.countries.models import Country

    profiles = {
        code: CountryProfile(_zone(code, zone), tuple(languages or ()), default_language)
        for code, zone, languages, default_language in Country.objects.values_list(
            "code", "time_zone", "languages", "default_language"
        )
    }
    _cache = (profiles, time.monotonic())
    return profiles


def reload_profiles(**kwargs: object) -> None:
    """Receiver of Country's post_save and post_delete: read the profiles again at once (the saving connection sees
    its own change), and once more after the commit, in case another thread read them in between. A change that
    is rolled back stays until the entry expires."""
    _load()
    transaction.on_commit(_load)


def forget_profiles() -> None:
    """Drop the cache (tests, whose transactions are rolled back under it)."""
    global _cache
    _cache = None
