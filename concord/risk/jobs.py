"""Periodic work of the risk app, run by the notifications app's `tick` command."""

from __future__ import annotations

import datetime

from concord.cases.selectors import case_lead_recipients
from concord.countries.models import Country
from concord.notifications.services import notify
from concord.risk.choices import RiskNotification
from concord.risk.selectors import reassessment_reminders


def remind_reassessments(now: datetime.datetime) -> int:
    """One reminder when a reassessment falls due and one when it is overdue, per scheduled date: the key makes a
    second run on the same state create nothing. "Today" is the day in each country at the tick's `now`, whatever
    the server's zone: a review due on the 5th is due from midnight of the 5th where the case is."""
    created = 0
    for country in Country.objects.all():
        today = country.local_date(now)
        for case in reassessment_reminders(country, today):
            due_on = case.next_risk_review_on
            assert due_on is not None  # the selector filters on it
            overdue = due_on < today
            kind = RiskNotification.REASSESSMENT_OVERDUE if overdue else RiskNotification.REASSESSMENT_DUE
            created += len(
                notify(
                    recipients=case_lead_recipients(case),
                    kind=kind,
                    case=case,
                    key=f"{kind}:{case.pk}:{due_on.isoformat()}",
                )
            )
    return created


def complete_incident_flags(now: datetime.datetime) -> int:
    """The durable half of the 'incident recorded' handler: an incident whose flags were never worked out (the
    handler failed after the incident was committed, or the process stopped in between) gets them now, and its
    case's reassessment is made due. Creates no notification; returns 0."""
    from concord.cases.models import Incident
    from concord.risk.services import incident_flag

    waiting = Incident.objects.filter(flag_rules_version="", recorded_at__lt=now - datetime.timedelta(minutes=5))
    for incident_id, case_id in waiting.values_list("pk", "case_id").order_by("pk")[:500]:
        incident_flag(case_id=case_id, object_id=incident_id, actor_id=None)
    return 0
