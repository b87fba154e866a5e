"""Periodic jobs of the programmes module (run by `manage.py tick`): a first contact overdue is reminded to the
provider and the case's lead worker, and the leavings of the last two days are announced again where the risk
module's handler failed. Each is computed from table state, so running it twice changes nothing."""

from __future__ import annotations

import datetime

from concord.cases.extension import CaseEvent, emit
from concord.cases.selectors import case_lead_recipients
from concord.notifications.services import notify
from concord.programmes.choices import LEFT, EnrolmentStatus, ProgrammesNotification
from concord.programmes.models import Enrolment
from concord.programmes.services import provider_recipients

BATCH = 2000
REPLAY_WINDOW = datetime.timedelta(days=2)
# An event younger than this is still being handled by its own after-commit handlers.
REPLAY_DELAY = datetime.timedelta(minutes=5)


def remind_first_contact(now: datetime.datetime) -> int:
    overdue = Enrolment.objects.filter(status=EnrolmentStatus.REQUESTED, first_contact_due_at__lt=now).select_related(
        "programme", "case__lead_worker"
    )
    sent = 0
    for enrolment in overdue.order_by("first_contact_due_at", "pk")[:BATCH]:
        key = f"programme-first-contact:{enrolment.pk}"
        kind = ProgrammesNotification.FIRST_CONTACT_OVERDUE
        # The provider's staff may not open the case: their notification names none.
        sent += len(notify(recipients=provider_recipients(enrolment.programme), kind=kind, key=key))
        sent += len(notify(recipients=case_lead_recipients(enrolment.case), kind=kind, case=enrolment.case, key=key))
    return sent


def replay_programme_events(now: datetime.datetime) -> int:
    """Leavings recorded in the last two days are announced again (the risk module's handler is idempotent)."""
    left = Enrolment.objects.filter(
        status__in=list(LEFT), status_changed_at__range=(now - REPLAY_WINDOW, now - REPLAY_DELAY)
    )
    for enrolment_id, case_id, actor_id in left.values_list("pk", "case_id", "decided_by_id")[:BATCH]:
        emit(CaseEvent.PROGRAMME_LEFT, case_id=case_id, object_id=enrolment_id, actor_id=actor_id)
    return 0
