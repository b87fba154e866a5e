"""The deadline arithmetic on the packs' own calendars and rules: hours on the clock (across a change to summer
time), working days in the country's zone, week and holidays. These are the worked examples of the issue note."""

import datetime
import zoneinfo
from typing import Any

import pytest
import yaml

from concord.countries.calendar import WorkingCalendar, period_end
from concord.countries.loader import Problems, _pack_week, pack_folder, read_pack
from concord.referrals.deadlines import referral_deadlines
from concord.referrals.models import ReferralRules, deadline_row
from concord.referrals.pack import read


def pack_calendar(code: str) -> WorkingCalendar:
    pack = read_pack(code)
    week = _pack_week(pack)
    return WorkingCalendar(code, week.weeks, {row["date"]: row["kind"] for row in pack.calendar})


def pack_row(code: str, service: str, urgency: str) -> dict[str, Any]:
    pack = read_pack(code)
    section = read(pack, Problems())
    rule = section["rules"][-1]
    row = deadline_row(ReferralRules(deadlines=rule["deadlines"]), service, urgency)
    assert row is not None
    return row


def local(zone: str, year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=zoneinfo.ZoneInfo(zone))


def test_azerbaijan_routine_referral_on_a_friday_evening_before_a_monday_holiday_is_due_on_tuesday():
    # Friday 6 November 2026, 19:30 in Baku; Monday 9 November is State Flag Day.
    zone = zoneinfo.ZoneInfo("Asia/Baku")
    sent = local("Asia/Baku", 2026, 11, 6, 19, 30)
    due = referral_deadlines(sent, pack_row("az", "psychosocial_support", "routine"), pack_calendar("az"), zone)
    assert due.acknowledge == local("Asia/Baku", 2026, 11, 11, 0, 0)  # the end of Tuesday 10 November
    assert due.first_contact == local("Asia/Baku", 2026, 11, 13, 0, 0)  # three working days: Tue, Wed, Thu
    assert due.expire == local("Asia/Baku", 2026, 11, 24, 0, 0)  # ten working days, to Monday 23 November


def test_albania_urgent_referral_answered_within_24_hours_on_the_clock_across_the_change_to_summer_time():
    # Saturday 28 March 2026, 12:00 in Tirana (CET); clocks go forward at 02:00 on Sunday 29 March.
    zone = zoneinfo.ZoneInfo("Europe/Tirane")
    sent = local("Europe/Tirane", 2026, 3, 28, 12, 0)
    due = referral_deadlines(sent, pack_row("al", "case_coordination", "urgent"), pack_calendar("al"), zone)
    assert due.acknowledge - sent.astimezone(datetime.UTC) == datetime.timedelta(hours=24)
    assert due.acknowledge.astimezone(zone).hour == 13  # 24 hours later the wall clock shows 13:00 (CEST)
    assert due.first_contact - sent.astimezone(datetime.UTC) == datetime.timedelta(hours=48)


def test_kazakhstan_urgent_first_contact_by_the_next_working_day_after_nauryz():
    # Friday 20 March 2026, 18:00 in Almaty; 21 to 25 March are days off (Nauryz and the days moved to it).
    zone = zoneinfo.ZoneInfo("Asia/Almaty")
    sent = local("Asia/Almaty", 2026, 3, 20, 18, 0)
    due = referral_deadlines(sent, pack_row("kz", "crisis_counselling", "urgent"), pack_calendar("kz"), zone)
    assert due.first_contact == local("Asia/Almaty", 2026, 3, 27, 0, 0)  # the end of Thursday 26 March
    assert due.acknowledge == sent + datetime.timedelta(hours=24)


def test_a_row_for_the_service_wins_over_the_row_for_every_service():
    shelter = pack_row("az", "safe_accommodation", "emergency")
    other = pack_row("az", "psychosocial_support", "emergency")
    assert shelter["acknowledge"] == {"amount": 1, "unit": "hours"}
    assert other["acknowledge"] == {"amount": 2, "unit": "hours"}


def test_working_days_are_counted_in_the_countrys_zone_not_the_servers():
    calendar = WorkingCalendar("tt", ((datetime.date(2000, 1, 1), frozenset({1, 2, 3, 4, 5})),), {})
    zone = zoneinfo.ZoneInfo("Pacific/Auckland")
    # 22:00 UTC on Thursday is already Friday 11:00 in Auckland: one working day runs to the end of Monday.
    sent = datetime.datetime(2026, 3, 5, 22, 0, tzinfo=datetime.UTC)
    end = period_end(sent, {"amount": 1, "unit": "working_days"}, calendar, zone)
    assert end == local("Pacific/Auckland", 2026, 3, 10, 0, 0)


def test_expiry_is_never_before_the_answer_is_due():
    calendar = WorkingCalendar("tt", ((datetime.date(2000, 1, 1), frozenset({1, 2, 3, 4, 5})),), {})
    row = {
        "acknowledge": {"amount": 3, "unit": "working_days"},
        "first_contact": {"amount": 1, "unit": "days"},
        "expire": {"amount": 2, "unit": "hours"},
    }
    due = referral_deadlines(local("UTC", 2026, 3, 6, 9), row, calendar, zoneinfo.ZoneInfo("UTC"))
    assert due.expire == due.acknowledge


@pytest.mark.parametrize("code", ["az", "al", "kz"])
def test_every_pack_sets_deadlines_for_every_urgency(code):
    pack = read_pack(code)
    problems = Problems()
    section = read(pack, problems)
    assert not problems.items
    assert section["rules"] and section["pathways"] and section["services"] and section["hotlines"]
    raw = yaml.safe_load((pack_folder(code) / "referrals.yaml").read_text())
    assert raw["catalogue"] == "essential_services"
