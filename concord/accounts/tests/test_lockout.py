"""Failed logins lock the account they were aimed at, not the office they came from: a district office shares one
address, and one person's mistyped password must not lock out her colleagues."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from concord.audit.choices import AuditAction
from concord.audit.models import AuditEvent
from concord.common.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

OFFICE = "10.20.30.40"


def _login(email: str, password: str, ip: str = OFFICE):
    return Client(REMOTE_ADDR=ip).post(reverse("account_login"), {"login": email, "password": password})


def _signed_in(response) -> bool:
    # A right password leads on to the second factor; a locked account is refused before that.
    return response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")


def test_failures_are_counted_against_the_account(cast, settings):
    alice = cast["caseworker"]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(alice.email, "wrong-password")
    attempts = AccessAttempt.objects.get()
    assert attempts.username == alice.email and attempts.failures_since_start == settings.AXES_FAILURE_LIMIT
    assert AuditEvent.objects.filter(action=AuditAction.LOCKED_OUT).exists()


def test_a_locked_account_does_not_lock_a_colleague_at_the_same_address(cast, settings):
    alice, bob = cast["caseworker"], cast["supervisor"]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(alice.email, "wrong-password")
    assert not _signed_in(_login(alice.email, TEST_PASSWORD))
    assert _signed_in(_login(bob.email, TEST_PASSWORD))


def test_the_account_stays_locked_from_another_address(cast, settings):
    alice = cast["caseworker"]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(alice.email, "wrong-password")
    assert not _signed_in(_login(alice.email, TEST_PASSWORD, ip="192.0.2.7"))


def test_the_typed_address_is_matched_whatever_its_case(cast, settings):
    alice = cast["caseworker"]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(alice.email.upper(), "wrong-password")
    assert not _signed_in(_login(alice.email, TEST_PASSWORD))
