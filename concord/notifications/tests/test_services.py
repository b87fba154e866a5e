import pytest
from django.db import IntegrityError, transaction

from concord.cases.choices import CaseNotification
from concord.cases.tests.factories import open_case
from concord.notifications.models import Notification
from concord.notifications.services import notification_mark_all_read, notify
from concord.risk.choices import RiskNotification

pytestmark = pytest.mark.django_db

DUE = RiskNotification.REASSESSMENT_DUE


def test_a_keyed_reminder_is_created_and_mailed_once(cast, mailoutbox, django_capture_on_commit_callbacks):
    case = open_case(cast)
    recipients = [cast["caseworker"], cast["supervisor"]]
    key = f"reassessment_due:{case.pk}:2026-11-22"
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(recipients=recipients, kind=DUE, case=case, key=key)
    assert {n.recipient_id for n in first} == {user.pk for user in recipients}
    assert all(n.pk for n in first)
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(user.email for user in recipients)

    with django_capture_on_commit_callbacks(execute=True):
        again = notify(recipients=recipients, kind=DUE, case=case, key=key)
    assert again == []
    assert len(mailoutbox) == 2
    assert Notification.objects.filter(key=key).count() == 2


def test_the_email_says_nothing_about_the_case(cast, mailoutbox, django_capture_on_commit_callbacks):
    case = open_case(cast)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[cast["caseworker"]], kind=DUE, case=case, key="k")
    (mail,) = mailoutbox
    for text in (mail.subject, mail.body):
        assert case.number not in text
        assert "Aysel" not in text and "Məmmədova" not in text


def test_only_recipients_without_the_key_are_added_and_mailed(cast, mailoutbox, django_capture_on_commit_callbacks):
    notify(recipients=[cast["caseworker"]], kind=DUE, key="k")
    with django_capture_on_commit_callbacks(execute=True):
        created = notify(recipients=[cast["caseworker"], cast["supervisor"]], kind=DUE, key="k")
    assert [n.recipient_id for n in created] == [cast["supervisor"].pk]
    assert [mail.to for mail in mailoutbox] == [[cast["supervisor"].email]]


def test_the_key_is_checked_in_one_query_however_many_recipients(cast, django_assert_max_num_queries):
    recipients = [cast[name] for name in ("caseworker", "supervisor", "coordinator", "analyst", "auditor")]
    notify(recipients=recipients[:2], kind=DUE, key="k")
    # One SELECT of who already has the key, one INSERT of the rest.
    with django_assert_max_num_queries(2):
        created = notify(recipients=recipients, kind=DUE, key="k")
    assert len(created) == 3


def test_without_a_key_events_may_repeat_and_inactive_users_are_skipped(cast):
    cast["supervisor"].is_active = False
    cast["supervisor"].save()
    for _ in range(2):
        notify(recipients=[cast["caseworker"], cast["supervisor"]], kind=CaseNotification.CASE_SHARED)
    assert Notification.objects.filter(recipient=cast["caseworker"]).count() == 2
    assert not Notification.objects.filter(recipient=cast["supervisor"]).exists()


def test_the_database_refuses_a_second_notification_with_the_same_key(cast):
    user = cast["caseworker"]
    Notification.objects.create(recipient=user, kind=DUE, key="k")
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(recipient=user, kind=DUE, key="k")
    Notification.objects.create(recipient=cast["supervisor"], kind=DUE, key="k")


def test_mark_all_read_touches_only_the_users_own(cast):
    notify(recipients=[cast["caseworker"], cast["supervisor"]], kind=DUE)
    assert notification_mark_all_read(user=cast["caseworker"]) == 1
    assert Notification.objects.get(recipient=cast["supervisor"]).read_at is None


def test_a_kind_must_be_registered(cast):
    with pytest.raises(ValueError, match="Unregistered"):
        notify(recipients=[cast["caseworker"]], kind="made_up_kind")
