from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from concord.notifications.choices import notification_kinds
from concord.notifications.models import Notification


def notify(*, recipients: Iterable, kind: str, case=None, key: str = "") -> list[Notification]:
    """In-app notifications, and an e-mail that says only that something awaits them in Concord: the e-mail
    carries no case number or name, because mailboxes are shared and forwarded.

    With a `key`, recipients who already hold a notification with that key are skipped, so a reminder computed
    again by the next tick is neither stored nor mailed twice. Returns the notifications created by this call.
    """
    if kind not in notification_kinds:
        raise ValueError(f"Unregistered notification kind {kind!r}: register its choices in the app's ready()")
    unique = {user.pk: user for user in recipients if user.is_active}
    if key and unique:
        already = set(
            Notification.objects.filter(key=key, recipient_id__in=list(unique)).values_list("recipient_id", flat=True)
        )
        unique = {pk: user for pk, user in unique.items() if pk not in already}
    if not unique:
        return []
    # Conflicts are not ignored: a concurrent tick that got there first makes this raise and roll back its
    # caller's transaction, instead of mailing people whose notification was not created here (and, on
    # PostgreSQL, ignore_conflicts would leave us without the primary keys of the rows that were).
    notifications = Notification.objects.bulk_create(
        [Notification(recipient=user, kind=kind, case=case, key=key) for user in unique.values()],
        ignore_conflicts=False,
    )

    def send() -> None:
        messages = []
        for user in unique.values():
            with translation.override(user.language or settings.LANGUAGE_CODE):
                subject = f"[Concord] {notification_kinds.label(kind)}"
                body = _("Something needs your attention in Concord. Sign in to see it.")
            messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))
        send_mass_mail(messages, fail_silently=True)

    transaction.on_commit(send)
    return notifications


def notification_mark_read(*, user, notification: Notification) -> None:
    if notification.recipient_id == user.pk and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def notification_mark_all_read(*, user) -> int:
    """Marks every unread notification of the user read; returns how many were."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
