"""The tick's protection jobs with a frozen clock: orders come into force and expire, a late decision and an order
about to expire are reminded once, and the protection-gap rule opens and closes gaps."""

import datetime
import io
import zoneinfo

import pytest
from django.core.management import call_command
from django.test import TestCase

from concord.cases.choices import RiskLevel
from concord.cases.models import Case
from concord.cases.tests.factories import freeze_now, open_case
from concord.notifications.models import Notification
from concord.protection import jobs, services
from concord.protection.choices import OrderStatus
from concord.protection.models import Gap
from concord.protection.tests.factories import apply, build_scene, issue

pytestmark = pytest.mark.django_db
BAKU = zoneinfo.ZoneInfo("Asia/Baku")
APPLIED = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=BAKU)


@pytest.fixture
def scene(cast):
    return build_scene(cast)


@pytest.fixture
def case(cast, scene, monkeypatch):
    freeze_now(monkeypatch, APPLIED)
    return open_case(cast)


def run(job, moment, monkeypatch) -> int:
    freeze_now(monkeypatch, moment)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return job(moment)


def notified(user, kind: str) -> int:
    return Notification.objects.filter(recipient=user, kind=kind).count()


def set_level(case: Case, level: int | None) -> None:
    Case.objects.filter(pk=case.pk).update(risk_level=level)


def ban(cast, case, scene, monkeypatch):
    order = apply(cast, case, scene.ban, applied_at=APPLIED)
    freeze_now(monkeypatch, APPLIED + datetime.timedelta(hours=1))
    return issue(cast, order, decided_at=APPLIED + datetime.timedelta(hours=1))


def test_a_late_decision_is_reminded_once_to_the_lead_worker_and_the_issuer(cast, scene, case, monkeypatch):
    apply(cast, case, scene.ban, applied_at=APPLIED)  # due 24 hours later
    assert run(jobs.remind_decisions, APPLIED + datetime.timedelta(hours=23), monkeypatch) == 0
    late = APPLIED + datetime.timedelta(hours=25)
    assert run(jobs.remind_decisions, late, monkeypatch) == 2
    assert run(jobs.remind_decisions, late + datetime.timedelta(hours=1), monkeypatch) == 0
    assert notified(cast["caseworker"], "order_decision_overdue") == 1
    assert notified(cast["supervisor"], "order_decision_overdue") == 1


def test_an_order_comes_into_force_and_expires_with_reminders_at_the_pack_offsets(cast, scene, case, monkeypatch):
    order = apply(cast, case, scene.ban, applied_at=APPLIED)
    freeze_now(monkeypatch, APPLIED + datetime.timedelta(hours=1))
    issue(
        cast, order, decided_at=APPLIED + datetime.timedelta(hours=1), starts_at=APPLIED + datetime.timedelta(hours=3)
    )
    assert order.status == OrderStatus.ISSUED
    run(jobs.expire_orders, APPLIED + datetime.timedelta(hours=4), monkeypatch)
    order.refresh_from_db()
    assert order.status == OrderStatus.IN_FORCE
    ends = order.ends_at  # 14 days: the end of 16 March
    assert run(jobs.remind_expiries, ends - datetime.timedelta(days=4), monkeypatch) == 0
    assert run(jobs.remind_expiries, ends - datetime.timedelta(days=3), monkeypatch) == 2
    assert run(jobs.remind_expiries, ends - datetime.timedelta(days=2), monkeypatch) == 0
    assert run(jobs.remind_expiries, ends - datetime.timedelta(hours=20), monkeypatch) == 2
    assert notified(cast["caseworker"], "order_expiring") == 2
    run(jobs.expire_orders, ends, monkeypatch)
    order.refresh_from_db()
    assert order.status == OrderStatus.EXPIRED and not order.is_protecting


def test_a_gap_opens_when_the_order_expires_while_the_risk_is_high(cast, scene, case, monkeypatch):
    order = ban(cast, case, scene, monkeypatch)
    set_level(case, RiskLevel.HIGH)
    assert run(jobs.find_protection_gaps, order.ends_at - datetime.timedelta(hours=1), monkeypatch) == 0
    run(jobs.expire_orders, order.ends_at, monkeypatch)
    assert run(jobs.find_protection_gaps, order.ends_at, monkeypatch) == 3
    for persona in ("caseworker", "supervisor", "coordinator"):
        assert notified(cast[persona], "protection_gap") == 1
    assert run(jobs.find_protection_gaps, order.ends_at + datetime.timedelta(hours=1), monkeypatch) == 0
    gap = Gap.objects.get(case=case)
    assert gap.order == order and gap.closed_at is None


def test_a_gap_opens_when_the_risk_is_raised_after_the_order_ended(cast, scene, case, monkeypatch):
    order = ban(cast, case, scene, monkeypatch)
    set_level(case, RiskLevel.MEDIUM)
    run(jobs.expire_orders, order.ends_at, monkeypatch)
    assert run(jobs.find_protection_gaps, order.ends_at, monkeypatch) == 0
    set_level(case, RiskLevel.EXTREME)
    assert run(jobs.find_protection_gaps, order.ends_at + datetime.timedelta(days=5), monkeypatch) == 3
    # The risk falls: the gap closes; it rises again: a new gap, a new alert.
    set_level(case, RiskLevel.LOW)
    run(jobs.find_protection_gaps, order.ends_at + datetime.timedelta(days=6), monkeypatch)
    assert Gap.objects.get(case=case).closed_at is not None
    set_level(case, RiskLevel.HIGH)
    assert run(jobs.find_protection_gaps, order.ends_at + datetime.timedelta(days=7), monkeypatch) == 3
    assert Gap.objects.filter(case=case).count() == 2


def test_a_refused_order_leaves_a_gap(cast, scene, case, monkeypatch):
    set_level(case, RiskLevel.HIGH)
    order = apply(cast, case, scene.ban, applied_at=APPLIED)
    services.order_decide(actor=cast["caseworker"], order=order, issued=False, decided_at=APPLIED, refusal_text="No.")
    assert run(jobs.find_protection_gaps, APPLIED + datetime.timedelta(minutes=5), monkeypatch) == 3


def test_no_gap_while_a_second_order_protects_the_survivor_and_it_closes_when_one_comes(cast, scene, case, monkeypatch):
    set_level(case, RiskLevel.HIGH)
    first = ban(cast, case, scene, monkeypatch)
    hour = datetime.timedelta(hours=1)
    freeze_now(monkeypatch, APPLIED + 3 * hour)
    injunction = apply(cast, case, scene.injunction, applied_at=APPLIED + 2 * hour)
    issue(cast, injunction, decided_at=APPLIED + 3 * hour, ends_on=datetime.date(2026, 5, 31))
    services.order_revoke(actor=cast["caseworker"], order=first, text="Replaced by the injunction.")
    assert run(jobs.find_protection_gaps, APPLIED + 4 * hour, monkeypatch) == 0
    services.order_revoke(actor=cast["caseworker"], order=injunction, text="Quashed.")
    assert run(jobs.find_protection_gaps, APPLIED + 5 * hour, monkeypatch) == 3
    later = apply(cast, case, scene.ban, applied_at=APPLIED + 5 * hour)
    issue(cast, later, decided_at=APPLIED + 5 * hour)
    run(jobs.find_protection_gaps, APPLIED + 6 * hour, monkeypatch)
    assert Gap.objects.get(case=case).closed_at == APPLIED + 6 * hour


def test_the_tick_runs_the_protection_jobs(cast, scene, case, monkeypatch):
    order = ban(cast, case, scene, monkeypatch)
    set_level(case, RiskLevel.HIGH)
    freeze_now(monkeypatch, order.ends_at + datetime.timedelta(minutes=1))
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("tick", stdout=io.StringIO())
    order.refresh_from_db()
    assert order.status == OrderStatus.EXPIRED
    assert Gap.objects.filter(case=case, closed_at__isnull=True).exists()
    assert notified(cast["coordinator"], "protection_gap") == 1
