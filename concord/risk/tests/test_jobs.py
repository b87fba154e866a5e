import datetime

import pytest
from django.core.management import call_command

from concord.cases.models import Case
from concord.cases.tests.factories import open_case
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
    assert len(mailoutbox) == 3 and all(case.number not in m.body + m.subject for m in mailoutbox for case in schedule)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("tick")
    assert Notification.objects.count() == 3 and len(mailoutbox) == 3
