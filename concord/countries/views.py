from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dates import WEEKDAYS

from concord.accounts.middleware import user_country_code
from concord.countries.clock import country_today
from concord.countries.selectors import (
    FIRST_YEAR,
    LAST_YEAR,
    calendar_days,
    calendar_years,
    country_get,
    country_list,
    working_weeks,
)


@login_required
def calendar_home(request: HttpRequest) -> HttpResponse:
    """The calendar of the user's country this year (there), or of the first loaded country."""
    country = country_list().filter(code=user_country_code(request.user)).first() or country_list().first()
    if country is None:
        raise Http404
    return redirect("countries:calendar", code=country.code, year=country_today(country.code).year)


@login_required
def calendar_year(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The working calendar every deadline of the country is counted on: its working week and the year's holidays,
    transferred working days and shortened days, each with its source."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    country = country_get(code)
    weeks = list(working_weeks(country))
    return render(
        request,
        "countries/calendar.html",
        {
            "country": country,
            "countries": country_list(),
            "year": year,
            "years": calendar_years(country),
            "days": calendar_days(country, year),
            "weeks": [(week, [WEEKDAYS[day - 1] for day in week.days]) for week in weeks],
        },
    )
