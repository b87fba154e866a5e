"""The tick's referral jobs with a frozen clock: reminders, escalation to the receiving agency's supervisors and
then the territory's coordinators, expiry; each idempotent. E-mails name no case and no person, and go through a
real SMTP server on loopback as well as the in-memory backend."""

import datetime
import io
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import call_command
from django.test import TestCase

from concord.cases.models import Case
from concord.cases.tests.factories import freeze_now, open_case
from concord.notifications.models import Notification
from concord.referrals import jobs
from concord.referrals.choices import ReferralState
from concord.referrals.models import Referral
from concord.referrals.tests.factories import build_scene, send

pytestmark = pytest.mark.django_db
SENT = datetime.datetime(2026, 3, 2, 7, 0, tzinfo=datetime.UTC)  # Monday 11:00 in Baku


@pytest.fixture
def scene(cast):
    return build_scene(cast)


@pytest.fixture
def referral(cast, scene, monkeypatch):
    freeze_now(monkeypatch, SENT)
    case = open_case(cast)
    return send(cast, case, scene.support_service, now=SENT)


def kinds(user) -> list[str]:
    return sorted(
        Notification.objects.filter(recipient=user).exclude(kind="referral_received").values_list("kind", flat=True)
    )


def run(job, moment, monkeypatch) -> int:
    freeze_now(monkeypatch, moment)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return job(moment)


def test_due_and_overdue_reminders_go_to_the_receiving_agency_once(cast, scene, referral, monkeypatch):
    assert run(jobs.remind_referrals, SENT + datetime.timedelta(hours=1), monkeypatch) == 2  # caseworker, supervisor
    assert run(jobs.remind_referrals, SENT + datetime.timedelta(hours=2), monkeypatch) == 0
    assert kinds(scene.receiver) == ["referral_due"]
    run(jobs.remind_referrals, SENT + datetime.timedelta(hours=25), monkeypatch)
    assert kinds(scene.receiver) == ["referral_due", "referral_overdue"]
    assert kinds(cast["caseworker"]) == []


def test_an_unanswered_referral_escalates_to_the_supervisors_then_the_coordinator(cast, scene, referral, monkeypatch):
    assert run(jobs.escalate_referrals, SENT + datetime.timedelta(hours=23), monkeypatch) == 0
    late = SENT + datetime.timedelta(hours=24, minutes=1)
    assert run(jobs.escalate_referrals, late, monkeypatch) == 1
    assert kinds(scene.receiver_supervisor) == ["referral_escalated"]
    assert kinds(cast["coordinator"]) == []
    assert run(jobs.escalate_referrals, late + datetime.timedelta(hours=1), monkeypatch) == 0
    # A working day after the answer was due (Tuesday 11:00 in Baku): the end of Wednesday.
    assert run(jobs.escalate_referrals, datetime.datetime(2026, 3, 4, 19, 59, tzinfo=datetime.UTC), monkeypatch) == 0
    assert run(jobs.escalate_referrals, datetime.datetime(2026, 3, 4, 20, 0, tzinfo=datetime.UTC), monkeypatch) == 1
    assert kinds(cast["coordinator"]) == ["referral_escalated"]
    assert Referral.objects.get(pk=referral.pk).escalation_level == 2
    assert run(jobs.escalate_referrals, datetime.datetime(2026, 3, 6, tzinfo=datetime.UTC), monkeypatch) == 0


def test_an_accepted_referral_is_not_escalated(cast, scene, referral, monkeypatch):
    from concord.referrals.services import referral_accept

    referral_accept(actor=scene.receiver, referral=referral, now=SENT + datetime.timedelta(hours=3))
    assert run(jobs.escalate_referrals, SENT + datetime.timedelta(days=5), monkeypatch) == 0


def test_expiry_ends_the_referral_and_the_access_it_gave(cast, scene, referral, monkeypatch):
    case = referral.case
    run(jobs.expire_referrals, referral.expires_at - datetime.timedelta(minutes=1), monkeypatch)
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.SENT
    run(jobs.expire_referrals, referral.expires_at, monkeypatch)
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.EXPIRED
    assert not Case.objects.visible_to(scene.receiver).filter(pk=case.pk).exists()
    assert Notification.objects.filter(recipient=cast["caseworker"], kind="referral_expired").count() == 1
    run(jobs.expire_referrals, referral.expires_at + datetime.timedelta(days=1), monkeypatch)
    assert Notification.objects.filter(recipient=cast["caseworker"], kind="referral_expired").count() == 1


def test_the_tick_mails_the_escalation_without_case_or_name(cast, scene, referral, monkeypatch):
    freeze_now(monkeypatch, SENT + datetime.timedelta(hours=25))
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("tick", stdout=io.StringIO())
    recipients = {address for message in mail.outbox for address in message.to}
    assert scene.receiver_supervisor.email in recipients
    for message in mail.outbox:
        text = message.subject + message.body
        assert referral.case.number not in text and "Aysel" not in text


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's handler name)
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


def test_escalation_mail_goes_through_a_real_smtp_server(cast, scene, referral, monkeypatch, settings):
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        run(jobs.escalate_referrals, SENT + datetime.timedelta(hours=25), monkeypatch)
    finally:
        controller.stop()
    recipients = {address for rcpts, _content in inbox.messages for address in rcpts}
    assert scene.receiver_supervisor.email in recipients
    for _rcpts, content in inbox.messages:
        assert referral.case.number.encode() not in content and b"Aysel" not in content
