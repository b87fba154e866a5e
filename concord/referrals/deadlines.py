"""The deadlines of a referral, from the pack's periods: hours run on the clock (an emergency referral sent at
23:00 is due at 01:00, whatever the calendar says); calendar and working days end at midnight, in the country's
time zone, after the last day counted (a routine referral sent on a Friday evening with one working day, before a
Monday holiday, is due by the end of Tuesday)."""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass
from typing import Any

from concord.countries.calendar import Unit, WorkingCalendar


@dataclass(frozen=True)
class Deadlines:
    acknowledge: datetime.datetime
    first_contact: datetime.datetime
    expire: datetime.datetime


def period_end(
    start: datetime.datetime, period: dict[str, Any], calendar: WorkingCalendar, zone: zoneinfo.ZoneInfo
) -> datetime.datetime:
    """The moment a period of the pack ({"amount": 1, "unit": "working_days"}) that starts at `start` ends."""
    amount, unit = period["amount"], period["unit"]
    if unit == "hours":
        # Aware arithmetic in UTC: 24 hours across a change to summer time are 24 hours, not a calendar day.
        return start.astimezone(datetime.UTC) + datetime.timedelta(hours=amount)
    local_day = start.astimezone(zone).date()
    last_day = calendar.deadline(local_day, amount, Unit.WORKING_DAYS if unit == "working_days" else Unit.DAYS)
    midnight = datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time(), tzinfo=zone)
    # In UTC: Python compares and subtracts two times of the same zone by their wall clocks, ignoring a change of
    # offset between them.
    return midnight.astimezone(datetime.UTC)


def referral_deadlines(
    sent_at: datetime.datetime, row: dict[str, Any], calendar: WorkingCalendar, zone: zoneinfo.ZoneInfo
) -> Deadlines:
    """A deadline row of the pack (acknowledge, first_contact, expire) applied to a referral sent at `sent_at`.
    Expiry is never before the answer is due: a referral cannot expire while the receiver still has time."""
    acknowledge = period_end(sent_at, row["acknowledge"], calendar, zone)
    first_contact = period_end(sent_at, row["first_contact"], calendar, zone)
    expire = max(period_end(sent_at, row["expire"], calendar, zone), acknowledge)
    return Deadlines(acknowledge=acknowledge, first_contact=first_contact, expire=expire)
