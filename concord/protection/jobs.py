"""Periodic jobs of the protection module (run by `manage.py tick`): orders come into force and expire, decisions
overdue and orders about to expire are reminded, protection gaps are opened with an alert and closed, and the
order events of the last two days are applied again where a handler failed. Each is computed from table state, so
running it twice changes nothing."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q

from concord.accounts.selectors import agency_supervisors, territory_coordinators
from concord.cases.choices import CaseStatus, ParticipantRole, RiskLevel
from concord.cases.extension import CaseEvent, case_log, emit
from concord.cases.selectors import case_lead_recipients
from concord.notifications.services import notify
from concord.protection.choices import (
    ENDED,
    PROTECTING,
    OrderStatus,
    ProtectionAuditAction,
    ProtectionNotification,
    ProtectionTimelineKind,
    Relation,
)
from concord.protection.models import Breach, Gap, MeasureVersion, Order
from concord.protection.services import issuer_recipients

BATCH = 2000
REPLAY_WINDOW = datetime.timedelta(days=2)
# An event younger than this is still being handled by its own after-commit handlers.
REPLAY_DELAY = datetime.timedelta(minutes=5)


def expire_orders(now: datetime.datetime) -> int:
    """An issued order comes into force at its start; one in force (or under appeal) expires at its end. An
    extended order keeps its state: its extension protects from then on."""
    Order.objects.filter(status=OrderStatus.ISSUED, starts_at__lte=now, ends_at__gt=now).update(
        status=OrderStatus.IN_FORCE, status_changed_at=now
    )
    ending = Order.objects.filter(
        status__in=[OrderStatus.ISSUED, OrderStatus.IN_FORCE, OrderStatus.APPEALED], ends_at__lte=now
    ).select_related("case", "measure")
    for order in ending.order_by("ends_at", "pk")[:BATCH]:
        order.status, order.status_changed_at = OrderStatus.EXPIRED, now
        order.save(update_fields=["status", "status_changed_at"])
        case_log(
            case=order.case,
            actor=None,
            kind=ProtectionTimelineKind.ORDER_EXPIRED,
            target=order,
            action=ProtectionAuditAction.ORDER_EXPIRED,
            measure=order.measure.code,
        )
    return 0


def remind_decisions(now: datetime.datetime) -> int:
    """An application whose decision deadline passed: the lead worker and the issuer's supervisors, once."""
    created = 0
    overdue = Order.objects.filter(status=OrderStatus.APPLIED, decision_due_at__lt=now).select_related(
        "case__lead_worker"
    )
    for order in overdue.order_by("decision_due_at", "pk")[:BATCH]:
        created += len(
            notify(
                recipients=case_lead_recipients(order.case) + issuer_recipients(order),
                kind=ProtectionNotification.DECISION_OVERDUE,
                case=order.case,
                key=f"order_decision_overdue:{order.pk}",
            )
        )
    return created


def _reminder_delta(period: dict) -> datetime.timedelta:
    unit = {"days": "days", "hours": "hours"}[period["unit"]]
    return datetime.timedelta(**{unit: period["amount"]})


def remind_expiries(now: datetime.datetime) -> int:
    """At each of its version's offsets before the end, an order that still protects and has no extension
    reminds the lead worker and the issuer's supervisors that it is about to expire."""
    reminders = {
        (measure_id, version): [_reminder_delta(period) for period in periods]
        for measure_id, version, periods in MeasureVersion.objects.values_list("measure_id", "version", "reminders")
        if periods
    }
    if not reminders:
        return 0
    furthest = max(delta for deltas in reminders.values() for delta in deltas)
    ending = Order.objects.filter(
        status__in=[OrderStatus.ISSUED, OrderStatus.IN_FORCE, OrderStatus.APPEALED],
        ends_at__gt=now,
        ends_at__lte=now + furthest,
    ).select_related("case__lead_worker")
    created = 0
    for order in ending.order_by("ends_at", "pk")[:BATCH]:
        for delta in reminders.get((order.measure_id, order.rules_version), []):
            if order.ends_at - delta <= now:
                created += len(
                    notify(
                        recipients=case_lead_recipients(order.case) + issuer_recipients(order),
                        kind=ProtectionNotification.ORDER_EXPIRING,
                        case=order.case,
                        key=f"order_expiring:{order.pk}:{int(delta.total_seconds())}",
                    )
                )
    return created


def _protecting_survivor(now: datetime.datetime):
    return Order.objects.filter(
        case=OuterRef("case"),
        status__in=PROTECTING,
        starts_at__lte=now,
        ends_at__gt=now,
        protected__role=ParticipantRole.SURVIVOR,
    )


def find_protection_gaps(now: datetime.datetime) -> int:
    """A survivor at HIGH risk or above whose order ended or was refused, with no other order protecting her: a
    gap opens, and the lead worker, the owning agency's supervisors and the district's coordinators are alerted.
    The gap closes when an order protects her again, her risk falls below HIGH or the case closes."""
    created = 0
    no_longer_needed = (
        Q(case__risk_level__lt=RiskLevel.HIGH)
        | Q(case__risk_level__isnull=True)
        | Q(case__status=CaseStatus.CLOSED)
        | Exists(_protecting_survivor(now))
    )
    Gap.objects.filter(no_longer_needed, closed_at__isnull=True).update(closed_at=now)

    candidates = (
        Order.objects.filter(
            status__in=ENDED,
            case__risk_level__gte=RiskLevel.HIGH,
            protected__role=ParticipantRole.SURVIVOR,
        )
        .exclude(case__status=CaseStatus.CLOSED)
        .exclude(Exists(_protecting_survivor(now)))
        .exclude(Exists(Gap.objects.filter(case=OuterRef("case"), closed_at__isnull=True)))
        .select_related("case__lead_worker", "case__territory")
        .order_by("case_id", "-decided_at", "-pk")
    )
    seen: set[int] = set()
    for order in candidates[:BATCH]:
        if order.case_id in seen:
            continue
        seen.add(order.case_id)
        case = order.case
        gap = Gap.objects.create(case=case, territory=case.territory, order=order, opened_at=now)
        case_log(
            case=case,
            actor=None,
            kind=ProtectionTimelineKind.PROTECTION_GAP,
            target=gap,
            action=ProtectionAuditAction.ORDER_CHANGED,
            order=order.pk,
            level=case.risk_level,
        )
        recipients = [
            *case_lead_recipients(case),
            *agency_supervisors(case.owning_agency_id),
            *territory_coordinators(case.territory),
        ]
        created += len(
            notify(recipients=recipients, kind=ProtectionNotification.PROTECTION_GAP, case=case, key=f"gap:{gap.pk}")
        )
    return created


def replay_order_events(now: datetime.datetime) -> int:
    """The durable half of the order events: orders issued and breaches recorded in the last two days are
    announced again, for a handler that failed after its change was committed (the handlers are idempotent: a
    pathway fires once per order or breach, a reassessment is called once per breach)."""
    window = (now - REPLAY_WINDOW, now - REPLAY_DELAY)
    issued = Order.objects.filter(decided_at__range=window, starts_at__isnull=False).exclude(relation=Relation.EXTENDS)
    for order_id, case_id, actor_id in issued.values_list("pk", "case_id", "decided_by_id")[:BATCH]:
        emit(CaseEvent.ORDER_ISSUED, case_id=case_id, object_id=order_id, actor_id=actor_id)
    breaches = Breach.objects.filter(recorded_at__range=window)
    for breach_id, case_id, actor_id in breaches.values_list("pk", "case_id", "recorded_by_id")[:BATCH]:
        emit(CaseEvent.ORDER_BREACHED, case_id=case_id, object_id=breach_id, actor_id=actor_id)
    return 0
