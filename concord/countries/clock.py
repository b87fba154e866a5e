"""The country's clock. One deployment may serve several countries: a day that decides something (the year of a
case number, a review that falls due, a deadline) is a day where the case's country is, and a time a user sees is
shown in the zone of the user's country (accounts.middleware.CountryTimeZoneMiddleware).

The zones come from the cached country profiles (concord.countries.profiles). A territory whose country has no pack
keeps the server's zone (settings.TIME_ZONE)."""

from __future__ import annotations

import datetime
import zoneinfo

from django.utils import timezone

from concord.countries.profiles import country_profiles


def country_zones() -> dict[str, zoneinfo.ZoneInfo]:
    """Country code → zone, for every loaded country pack."""
    return {code: profile.zone for code, profile in country_profiles().items() if profile.zone is not None}


def country_zone(code: str | None) -> zoneinfo.ZoneInfo | None:
    """The zone of a country (a territory's `country_code`), or None when no pack of that country is loaded."""
    profile = country_profiles().get(code) if code else None
    return profile.zone if profile else None


def zone_of(code: str | None) -> datetime.tzinfo:
    """The zone of a country; without one (no code, no pack) the server's, settings.TIME_ZONE, and never the zone
    activated for whoever is asking."""
    return country_zone(code) or timezone.get_default_timezone()


def country_local_date(code: str | None, moment: datetime.datetime) -> datetime.date:
    """The date of `moment` in the country: deadlines, windows and case-number years are counted there."""
    return timezone.localtime(moment, zone_of(code)).date()


def country_today(code: str | None) -> datetime.date:
    """Today in the country."""
    return country_local_date(code, timezone.now())
