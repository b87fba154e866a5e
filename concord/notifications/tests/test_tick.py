import logging
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from concord.accounts.models import User
from concord.notifications import jobs
from concord.notifications.management.commands import tick
from concord.notifications.models import Notification
from concord.notifications.services import notify
from concord.risk.choices import RiskNotification

pytestmark = pytest.mark.django_db

HERE = __name__


def remind_caseworker(now) -> int:
    """An idempotent test job: one reminder per day."""
    recipients = User.objects.filter(email="caseworker@example.org")
    return len(notify(recipients=recipients, kind=RiskNotification.REASSESSMENT_DUE, key=f"test:{now:%Y-%m-%d}"))


def write_then_fail(now) -> int:
    Notification.objects.create(recipient=User.objects.get(email="supervisor@example.org"), kind="case_shared")
    raise RuntimeError("the job broke")


def _run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("tick", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_tick_runs_the_configured_jobs_and_is_idempotent(cast, monkeypatch):
    monkeypatch.setattr(jobs, "JOBS", [f"{HERE}.remind_caseworker"])
    out, _ = _run()
    assert out == f"{HERE}.remind_caseworker: 1 notifications\n"
    out, _ = _run()
    assert out == f"{HERE}.remind_caseworker: 0 notifications\n"
    assert Notification.objects.filter(recipient=cast["caseworker"]).count() == 1


def test_a_failing_job_is_rolled_back_logged_and_does_not_stop_the_others(
    cast, monkeypatch, caplog, mailoutbox, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(jobs, "JOBS", [f"{HERE}.write_then_fail", f"{HERE}.missing", f"{HERE}.remind_caseworker"])
    out, err = StringIO(), StringIO()
    with (
        caplog.at_level(logging.ERROR, logger=tick.__name__),
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(CommandError) as failure,
    ):
        call_command("tick", stdout=out, stderr=err)
    assert failure.value.returncode != 0
    assert out.getvalue() == f"{HERE}.remind_caseworker: 1 notifications\n"
    assert err.getvalue().splitlines() == [f"{HERE}.write_then_fail: failed", f"{HERE}.missing: failed"]
    assert [record.getMessage() for record in caplog.records] == [
        f"Periodic job {HERE}.write_then_fail failed",
        f"Periodic job {HERE}.missing failed",
    ]
    assert all(record.exc_info for record in caplog.records)
    assert not Notification.objects.filter(recipient=cast["supervisor"]).exists()
    assert [mail.to for mail in mailoutbox] == [[cast["caseworker"].email]]


def test_the_exit_status_is_non_zero_when_a_job_failed(cast, monkeypatch):
    # call_command, not execute_from_command_line: the latter closes the database connection when it ends, which
    # on PostgreSQL would close the test's own transaction. CommandError.returncode is the process's exit status.
    monkeypatch.setattr(jobs, "JOBS", [f"{HERE}.write_then_fail", f"{HERE}.remind_caseworker"])
    with pytest.raises(CommandError) as failure:
        call_command("tick", stdout=StringIO(), stderr=StringIO())
    assert failure.value.returncode == 1
    monkeypatch.setattr(jobs, "JOBS", [f"{HERE}.remind_caseworker"])
    out, err = _run()
    assert out == f"{HERE}.remind_caseworker: 0 notifications\n" and err == ""


class _Stop(Exception):
    pass


def test_loop_keeps_running_past_failures(cast, monkeypatch):
    monkeypatch.setattr(jobs, "JOBS", [f"{HERE}.write_then_fail", f"{HERE}.remind_caseworker"])
    # The test's own transaction must survive: closing connections inside it would break it.
    monkeypatch.setattr(tick, "close_old_connections", lambda: None)
    sleeps = []

    def sleep(seconds):
        sleeps.append(seconds)
        if len(sleeps) == 3:
            raise _Stop

    monkeypatch.setattr(tick.time, "sleep", sleep)
    out = StringIO()
    with pytest.raises(_Stop):
        call_command("tick", "--loop", "30", stdout=out, stderr=StringIO())
    assert sleeps == [30, 30, 30]
    assert out.getvalue().splitlines() == [f"{HERE}.remind_caseworker: {n} notifications" for n in (1, 0, 0)]


@pytest.mark.parametrize("seconds", ["0", "-5", "soon"])
def test_loop_needs_a_positive_number_of_seconds(seconds):
    with pytest.raises(CommandError):
        call_command("tick", "--loop", seconds)
