import datetime

import pytest
from django.core.management import call_command

from concord.cases.models import Case
from concord.cases.tests.factories import (
    freeze_now,
    open_case,
    reviews_due_today_in_two_countries,
    set_time_zone,
)
from concord.countries.models import Country
from concord.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_tick_reminds_due_and_overdue_reassessments_once(cast, django_capture_on_commit_callbacks, mailoutbox):
    due, overdue, later, closed, no_lead = (open_case(cast, given_name=n) for n in "ABCDE")
    today = Country.objects.get(code="tt").today()
    schedule = {
        due: today,
        overdue: today - datetime.timedelta(days=3),
        later: today + datetime.timedelta(days=1),
        closed: today,
        no_lead: today - datetime.timedelta(days=1),
    }
    for case, day in schedule.items():
        Case.objects.filter(pk=case.pk).update(next_risk_review_on=day, lead_worker=cast["caseworker"])
    Case.objects.filter(pk=closed.pk).update(status="closed")
    Case.objects.filter(pk=no_lead.pk).update(lead_worker=None)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("tick")
    mine = Notification.objects.filter(recipient=cast["caseworker"])
    assert set(mine.values_list("case_id", "kind")) == {
        (due.pk, "reassessment_due"),
        (overdue.pk, "reassessment_overdue"),
    }
    # A case without a lead worker falls to the owning agency's supervisors.
    assert Notification.objects.filter(recipient=cast["supervisor"], case=no_lead, kind="reassessment_overdue").exists()
    # The five cases' alleged perpetrators share one name without a date: the nightly search tells the supervisor.
    others = Notification.objects.exclude(kind__startswith="reassessment").count()
    assert len(mailoutbox) == 3 + others
    assert all(case.number not in m.body + m.subject for m in mailoutbox for case in schedule)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("tick")
    assert Notification.objects.count() == 3 + others and len(mailoutbox) == 3 + others


def test_tick_decides_due_today_by_the_day_in_the_cases_country(cast, monkeypatch, django_capture_on_commit_callbacks):
    set_time_zone("tt", "Pacific/Auckland")
    due, overdue, later = (open_case(cast, given_name=n) for n in "ABC")
    # 12:00 UTC on 4 March: 01:00 on 5 March in Auckland (UTC+13), 16:00 on 4 March on the server (Asia/Baku).
    freeze_now(monkeypatch, datetime.datetime(2026, 3, 4, 12, 0, tzinfo=datetime.UTC))
    schedule = {due: datetime.date(2026, 3, 5), overdue: datetime.date(2026, 3, 4), later: datetime.date(2026, 3, 6)}
    for case, day in schedule.items():
        Case.objects.filter(pk=case.pk).update(next_risk_review_on=day, lead_worker=cast["caseworker"])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("tick")
    assert set(Notification.objects.filter(kind__startswith="reassessment").values_list("case_id", "kind")) == {
        (due.pk, "reassessment_due"),
        (overdue.pk, "reassessment_overdue"),
    }


def test_tick_reminds_each_country_by_its_own_day(cast, monkeypatch, django_capture_on_commit_callbacks):
    # Both reviews fall due today, each in its country.
    here, there = reviews_due_today_in_two_countries(cast, monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("tick")
    reminders = Notification.objects.filter(kind__startswith="reassessment")
    assert set(reminders.values_list("recipient_id", "case_id", "kind")) == {
        (cast["caseworker"].pk, here.pk, "reassessment_due"),
        (there.lead_worker_id, there.pk, "reassessment_due"),
    }
