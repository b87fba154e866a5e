"""The working calendar of a country: its working week (with effective dates) and the days that differ from it
(public holidays, transferred working days, shortened days), loaded from the pack's calendar/<year>.csv files.

Every deadline goes through `working_calendar(code).deadline(...)`: calendar days, working days or months, and
whether a period that ends on a day off runs on to the next working day is the caller's legal rule (from its pack
section), not a choice made here.
"""

from __future__ import annotations

import bisect
import calendar as month_calendar
import datetime
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

# A year without a single working day is a broken pack, not a long wait: the search stops there.
_SEARCH_LIMIT_DAYS = 366
_DEFAULT_WEEK = frozenset({1, 2, 3, 4, 5})


# The kinds of day a calendar file lists (CalendarDay.Kind; the pack's `kind` column).
HOLIDAY, WORKING_DAY, SHORT_DAY = "holiday", "working_day", "short_day"
DAY_KINDS = (HOLIDAY, WORKING_DAY, SHORT_DAY)


class Unit(StrEnum):
    DAYS = "days"
    WORKING_DAYS = "working_days"
    MONTHS = "months"


class NoWorkingDay(Exception):
    """The calendar has no working day within a year of the date asked about."""


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by whole calendar months, clamped to the month's last day (29 February + 12 months = 28th)."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    last = month_calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


@dataclass(frozen=True)
class WorkingCalendar:
    country_code: str
    # (effective_from, ISO weekdays worked), oldest first.
    weeks: tuple[tuple[datetime.date, frozenset[int]], ...]
    # Days that differ from the week: date → CalendarDay.Kind value.
    days: dict[datetime.date, str]

    def working_week_on(self, day: datetime.date) -> frozenset[int]:
        starts = [start for start, _days in self.weeks]
        index = bisect.bisect_right(starts, day) - 1
        return self.weeks[index][1] if index >= 0 else (self.weeks[0][1] if self.weeks else _DEFAULT_WEEK)

    def is_working_day(self, day: datetime.date) -> bool:
        kind = self.days.get(day)
        if kind == HOLIDAY:
            return False
        if kind == WORKING_DAY:
            return True
        return day.isoweekday() in self.working_week_on(day)

    def is_short_day(self, day: datetime.date) -> bool:
        return self.days.get(day) == SHORT_DAY

    def next_working_day(self, day: datetime.date) -> datetime.date:
        """`day` itself when it is a working day, else the first working day after it."""
        for offset in range(_SEARCH_LIMIT_DAYS):
            candidate = day + datetime.timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        raise NoWorkingDay(f"{self.country_code}: no working day within a year of {day}")

    def add_working_days(self, start: datetime.date, count: int) -> datetime.date:
        """The `count`-th working day after `start` (`start` itself is not counted: a request made on Friday with
        one working day to answer is due on Monday)."""
        day = start
        for _ in range(count):
            day = self.next_working_day(day + datetime.timedelta(days=1))
        return day

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after `start` up to and including `end`."""
        return sum(
            1 for offset in range(1, (end - start).days + 1) if self.is_working_day(start + datetime.timedelta(offset))
        )

    def deadline(
        self, start: datetime.date, amount: int, unit: Unit | str, *, ends_on_working_day: bool = False
    ) -> datetime.date:
        """The last day of a period of `amount` `unit`s counted from `start`. With `ends_on_working_day`, a period
        whose last day is a day off ends on the next working day (the civil codes' rule for legal time limits)."""
        unit = Unit(unit)
        if unit is Unit.WORKING_DAYS:
            return self.add_working_days(start, amount)
        end = add_months(start, amount) if unit is Unit.MONTHS else start + datetime.timedelta(days=amount)
        return self.next_working_day(end) if ends_on_working_day else end


def period_end(
    start: datetime.datetime, period: dict[str, Any], calendar: WorkingCalendar, zone: datetime.tzinfo
) -> datetime.datetime:
    """The moment a period of a pack ({"amount": 1, "unit": "working_days"}) that starts at `start` ends. Hours run
    on the clock, whatever the calendar says; calendar days, working days and months end at midnight, in the
    country's time zone, after the last day counted."""
    amount, unit = period["amount"], period["unit"]
    if unit == "hours":
        # Aware arithmetic in UTC: 24 hours across a change to summer time are 24 hours, not a calendar day.
        return start.astimezone(datetime.UTC) + datetime.timedelta(hours=amount)
    local_day = start.astimezone(zone).date()
    last_day = calendar.deadline(local_day, amount, Unit(unit))
    midnight = datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time(), tzinfo=zone)
    # In UTC: Python compares and subtracts two times of the same zone by their wall clocks, ignoring a change of
    # offset between them.
    return midnight.astimezone(datetime.UTC)


_cache: dict[str, tuple[str, WorkingCalendar]] = {}


def working_calendar(country_code: str) -> WorkingCalendar:
    """The calendar of a loaded country. Cached per process and keyed by the pack's digest, so a reloaded pack is
    seen by every worker on its next call (one small query to compare)."""
    from concord.countries.models import CalendarDay, Country, WorkingWeek

    digest = Country.objects.filter(code=country_code).values_list("pack_digest", flat=True).first() or ""
    cached = _cache.get(country_code)
    if cached and cached[0] == digest:
        return cached[1]
    weeks = tuple(
        (start, frozenset(days))
        for start, days in WorkingWeek.objects.filter(country__code=country_code)
        .order_by("effective_from")
        .values_list("effective_from", "days")
    )
    days = dict(CalendarDay.objects.filter(country__code=country_code).values_list("date", "kind"))
    result = WorkingCalendar(country_code=country_code, weeks=weeks, days=days)
    _cache[country_code] = (digest, result)
    return result
