"""Reads of the loaded country packs: reference data every signed-in user may see (no personal data)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from concord.countries.models import CalendarDay, Country, WorkingWeek

# The years a calendar page or query may ask for: wide enough for any pack, narrow enough to refuse nonsense.
FIRST_YEAR, LAST_YEAR = 1990, 2100


def country_list() -> QuerySet[Country]:
    return Country.objects.order_by("code")


def country_get(code: str) -> Country:
    """The loaded country, or 404."""
    country = Country.objects.filter(code=code).first()
    if country is None:
        raise Http404
    return country


def calendar_days(country: Country, year: int) -> QuerySet[CalendarDay]:
    """The days of a year that differ from the working week, in date order."""
    return country.calendar_days.filter(date__year=year).order_by("date")


def working_weeks(country: Country) -> QuerySet[WorkingWeek]:
    return country.working_weeks.order_by("-effective_from")


def calendar_years(country: Country) -> list[int]:
    """The years the pack has a calendar for."""
    return sorted({day.year for day in country.calendar_days.dates("date", "year")})
