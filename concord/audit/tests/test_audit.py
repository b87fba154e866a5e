import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from concord.audit.choices import AuditAction
from concord.audit.models import AppendOnlyError, AuditEvent
from concord.audit.selectors import audit_chain_problems
from concord.audit.services import audit_record
from concord.common.testing.factories import TEST_PASSWORD
from concord.common.testing.totp import totp_code

pytestmark = pytest.mark.django_db


def _chain(n: int = 5) -> list[AuditEvent]:
    return [audit_record(action=AuditAction.USER_UPDATED, object_type="test", object_id=i) for i in range(n)]


def _problems() -> set[tuple[int, str]]:
    return {(p.sequence, p.problem) for p in audit_chain_problems(batch_size=2)}


def test_events_link_to_the_previous_hash():
    events = _chain(3)
    assert [e.sequence for e in events] == [1, 2, 3]
    assert events[1].previous_hash == events[0].hash
    assert _problems() == set()
    call_command("verify_audit", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_orm_refuses_updates_and_deletes():
    event = _chain(1)[0]
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="logout")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def _raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_verify_detects_an_edited_row():
    events = _chain()
    _raw("UPDATE audit_auditevent SET object_id = %s WHERE id = %s", ["999", events[2].pk])
    assert (3, "content") in _problems()
    with pytest.raises(CommandError, match="broken"):
        call_command("verify_audit", stderr=open("/dev/null", "w"))  # noqa: SIM115


def test_verify_detects_a_deleted_row():
    events = _chain()
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    assert {(2, "missing"), (3, "link")} <= _problems()


def test_verify_detects_reordered_rows():
    events = _chain()
    # Swap the sequence numbers of two events (through a free number, the column is unique).
    _raw("UPDATE audit_auditevent SET sequence = 100 WHERE id = %s", [events[1].pk])
    _raw("UPDATE audit_auditevent SET sequence = 2 WHERE id = %s", [events[2].pk])
    _raw("UPDATE audit_auditevent SET sequence = 3 WHERE id = %s", [events[1].pk])
    assert any(problem in {"link", "content"} for _, problem in _problems())


def test_verify_detects_rows_cut_from_the_end():
    events = _chain()
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [events[-1].pk])
    assert (5, "tail") in _problems()


def test_details_refuse_personal_data():
    with pytest.raises(ValueError, match="personal data"):
        audit_record(action=AuditAction.USER_UPDATED, details={"full_name": "Aysel"})


def test_logins_and_failures_are_audited_without_the_typed_address(cast, client):
    user = cast["caseworker"]
    client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password"})
    client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": totp_code(cast.totp_secrets["caseworker"])})
    actions = list(AuditEvent.objects.order_by("sequence").values_list("action", flat=True))
    assert actions[-2:] == [AuditAction.LOGIN_FAILED, AuditAction.LOGIN]
    failed = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert failed.actor_id is None and user.email not in str(failed.details)
    client.post(reverse("account_logout"))
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor=user).exists()


def test_lockout_after_repeated_failures_is_audited(cast, client, settings):
    user = cast["caseworker"]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password"})
    response = client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert AuditEvent.objects.filter(action=AuditAction.LOCKED_OUT).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN).exists()


def test_actions_are_the_codes_apps_registered():
    from concord.audit.choices import audit_actions

    with pytest.raises(ValueError, match="Unregistered"):
        audit_record(action="made_up_action")
    # The platform's own codes and those the case register and risk registered in their ready().
    assert {"login", "case_viewed", "risk_assessed"} <= set(audit_actions._labels)
    assert audit_actions.label("case_viewed") == "Case viewed"
