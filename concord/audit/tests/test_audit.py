import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from concord.audit import checkpoints
from concord.audit.choices import AuditAction
from concord.audit.models import AppendOnlyError, AuditEvent, AuditSeal
from concord.audit.selectors import audit_chain_problems
from concord.audit.services import audit_record, audit_seal
from concord.common.testing.factories import TEST_PASSWORD
from concord.common.testing.totp import totp_code

pytestmark = pytest.mark.django_db
# On PostgreSQL a seal takes only the events of transactions that have ended: tests that seal commit theirs.
sealing = pytest.mark.django_db(transaction=True)


def _chain(n: int = 5) -> list[AuditEvent]:
    return [audit_record(action=AuditAction.USER_UPDATED, object_type="test", object_id=i) for i in range(n)]


def _problems(**options) -> set[tuple[str, int, str]]:
    return {(p.kind, p.number, p.problem) for p in audit_chain_problems(batch_size=2, **options)}


def _raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@sealing
def test_events_carry_a_keyed_mac_and_seals_chain_them(settings):
    events = _chain(3)
    assert all(event.mac == event.compute_mac() for event in events)
    first = audit_seal()
    assert first.count == 3 and first.number == 1
    assert audit_seal() is None, "nothing new: no empty seal"
    more = _chain(2)
    second = audit_seal()
    assert second.count == 2 and second.previous_mac == first.mac and second.id_to == more[-1].pk
    assert _problems() == set()
    # The MAC needs the key: the same content under another key does not verify.
    settings.AUDIT_MAC_KEY = "another-key"
    assert events[0].compute_mac() != events[0].mac
    assert ("event", events[0].pk, "content") in _problems()


@sealing
def test_each_seal_is_a_checkpoint_outside_the_database(settings, django_capture_on_commit_callbacks):
    _chain(2)
    with django_capture_on_commit_callbacks(execute=True):
        seal = audit_seal()
    lines = checkpoints.read(settings.AUDIT_CHECKPOINT_FILE)
    assert [(c.number, c.mac, c.count) for c in lines] == [(seal.number, seal.mac, 2)]
    call_command("verify_audit", stdout=open("/dev/null", "w"))  # noqa: SIM115


@sealing
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
    seal = audit_seal()
    with pytest.raises(AppendOnlyError):
        seal.save()
    with pytest.raises(AppendOnlyError):
        AuditSeal.objects.all().delete()


@sealing
def test_verify_detects_an_edited_row():
    events = _chain()
    audit_seal()
    _raw("UPDATE audit_auditevent SET object_id = %s WHERE id = %s", ["999", events[2].pk])
    assert ("event", events[2].pk, "content") in _problems()
    with pytest.raises(CommandError, match="broken"):
        call_command("verify_audit", stderr=open("/dev/null", "w"))  # noqa: SIM115


def test_verify_detects_an_edited_row_not_sealed_yet():
    events = _chain()
    _raw("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["logout", events[4].pk])
    assert _problems() == {("event", events[4].pk, "content")}


@sealing
def test_verify_detects_a_deleted_row():
    events = _chain()
    seal = audit_seal()
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    assert _problems() == {("seal", seal.number, "members")}


@sealing
def test_verify_detects_rows_cut_from_the_end():
    events = _chain()
    seal = audit_seal()
    _raw("DELETE FROM audit_auditevent WHERE id >= %s", [events[3].pk])
    assert _problems() == {("seal", seal.number, "members")}


@sealing
@pytest.mark.parametrize("sealed", [True, False])
def test_verify_detects_a_genuine_row_copied_in_again(sealed):
    """A copy of a genuine event with its MAC (a replayed "case viewed", say) passes the MAC check: it is found as
    a duplicate, whether the copy was made before or after the original was sealed."""
    events = _chain(3)
    if sealed:
        audit_seal()
    _raw(
        "INSERT INTO audit_auditevent (occurred_at, action, object_type, object_id, details, mac)"
        " SELECT occurred_at, action, object_type, object_id, details, mac FROM audit_auditevent WHERE id = %s",
        [events[0].pk],
    )
    copy = AuditEvent.objects.latest("pk")
    assert _problems() == {("event", copy.pk, "duplicate")}
    audit_seal()
    assert _problems() == {("event", copy.pk, "duplicate")}


@sealing
def test_verify_detects_rewritten_and_rehashed_rows_and_seals():
    """Whoever holds the database but not the key rewrites an event, recomputes a plain SHA-256 in place of the
    MAC and rebuilds the seal's digest: the MACs give them away."""
    import hashlib

    events = _chain(3)
    seal = audit_seal()
    forged = hashlib.sha256(b"rewritten").hexdigest()
    _raw("UPDATE audit_auditevent SET action = %s, mac = %s WHERE id = %s", ["logout", forged, events[1].pk])
    _raw("UPDATE audit_auditseal SET digest = %s WHERE id = %s", [forged, seal.pk])
    assert {("event", events[1].pk, "content"), ("seal", seal.number, "chain")} <= _problems()


@sealing
def test_verify_detects_seals_cut_or_rewritten_even_with_the_key(settings, django_capture_on_commit_callbacks):
    """Someone with the database and the key can rebuild a consistent chain; the checkpoints shipped elsewhere
    still disagree."""
    with django_capture_on_commit_callbacks(execute=True):
        _chain(2)
        first = audit_seal()
        _chain(2)
        second = audit_seal()
    shipped = settings.AUDIT_CHECKPOINT_FILE.read_text()
    # Cut the last seal with its events: the chain that remains is consistent in itself.
    _raw("DELETE FROM audit_auditevent WHERE id > %s", [first.id_to])
    _raw("DELETE FROM audit_auditseal WHERE id = %s", [second.pk])
    assert _problems(known=[]) == set()
    settings.AUDIT_CHECKPOINT_FILE.write_text(shipped)
    assert _problems() == {("seal", second.number, "checkpoint")}


@sealing
def test_incremental_verification_checks_only_what_was_sealed_since(settings):
    events = _chain(3)
    audit_seal()
    call_command("verify_audit", stdout=io.StringIO())
    # An edit inside what was verified is not read again by an incremental run (that is what makes it quick)...
    _raw("UPDATE audit_auditevent SET object_id = %s WHERE id = %s", ["999", events[0].pk])
    later = _chain(2)
    audit_seal()
    _raw("UPDATE audit_auditevent SET object_id = %s WHERE id = %s", ["999", later[0].pk])
    err = io.StringIO()
    with pytest.raises(CommandError, match="broken: 1 problem"):
        call_command("verify_audit", "--incremental", stderr=err)
    assert err.getvalue().startswith(f"event {later[0].pk}:")
    # ...and a full run finds both.
    assert {number for kind, number, _ in _problems() if kind == "event"} == {events[0].pk, later[0].pk}
    _raw("UPDATE audit_auditevent SET object_id = %s WHERE id = %s", [str(later[0].object_id), later[0].pk])
    out = io.StringIO()
    call_command("verify_audit", "--incremental", stdout=out)
    assert "since seal 1" in out.getvalue()


@sealing
def test_incremental_verification_refuses_a_rewritten_anchor(settings):
    _chain(2)
    seal = audit_seal()
    call_command("verify_audit", stdout=io.StringIO())
    _raw("UPDATE audit_auditseal SET mac = %s WHERE id = %s", ["0" * 64, seal.pk])
    with pytest.raises(CommandError, match="no longer as it was"):
        call_command("verify_audit", "--incremental", stdout=io.StringIO())


@sealing
def test_the_tick_job_seals():
    from concord.audit.services import seal_audit_job
    from concord.notifications.jobs import JOBS

    assert "concord.audit.services.seal_audit_job" in JOBS
    _chain(4)
    assert seal_audit_job(timezone.now()) == 4
    assert seal_audit_job(timezone.now()) == 0


def test_details_refuse_personal_data():
    with pytest.raises(ValueError, match="personal data"):
        audit_record(action=AuditAction.USER_UPDATED, details={"full_name": "Aysel"})


def test_logins_and_failures_are_audited_without_the_typed_address(cast, client):
    user = cast["caseworker"]
    client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password"})
    client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": totp_code(cast.totp_secrets["caseworker"])})
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
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
