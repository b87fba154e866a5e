"""The deadlines of a referral, from the pack's periods (concord.countries.calendar.period_end): an emergency
referral sent at 23:00 with two hours is due at 01:00; a routine referral sent on a Friday evening with one working
day, before a Monday holiday, is due by the end of Tuesday."""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass
from typing import Any

from concord.countries.calendar import WorkingCalendar, period_end


@dataclass(frozen=True)
class Deadlines:
    acknowledge: datetime.datetime
    first_contact: datetime.datetime
    expire: datetime.datetime


def referral_deadlines(
    sent_at: datetime.datetime, row: dict[str, Any], calendar: WorkingCalendar, zone: zoneinfo.ZoneInfo
) -> Deadlines:
    """A deadline row of the pack (acknowledge, first_contact, expire) applied to a referral sent at `sent_at`.
    Expiry is never before the answer is due: a referral cannot expire while the receiver still has time."""
    acknowledge = period_end(sent_at, row["acknowledge"], calendar, zone)
    first_contact = period_end(sent_at, row["first_contact"], calendar, zone)
    expire = max(period_end(sent_at, row["expire"], calendar, zone), acknowledge)
    return Deadlines(acknowledge=acknowledge, first_contact=first_contact, expire=expire)
