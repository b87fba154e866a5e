"""Helpers of the statistics tests."""

from __future__ import annotations

import datetime
import zoneinfo

BAKU = zoneinfo.ZoneInfo("Asia/Baku")  # the test country's zone (cases.tests.factories.ensure_country)


def at(day: str, hour: int = 12) -> datetime.datetime:
    return datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour), tzinfo=BAKU)
