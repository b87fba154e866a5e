from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from concord.notifications.choices import NotificationKind
from concord.notifications.models import Notification


def notify(*, recipients: Iterable, kind: NotificationKind, case=None) -> list[Notification]:
    """In-app notifications, and an e-mail that says only that something awaits them in Concord: the e-mail
    carries no case number or name, because mailboxes are shared and forwarded."""
    unique = {user.pk: user for user in recipients if user.is_active}
    notifications = Notification.objects.bulk_create(
        [Notification(recipient=user, kind=kind, case=case) for user in unique.values()]
    )

    def send() -> None:
        messages = []
        for user in unique.values():
            with translation.override(user.language or settings.LANGUAGE_CODE):
                subject = f"[Concord] {NotificationKind(kind).label}"
                body = _("Something needs your attention in Concord. Sign in to see it.")
            messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))
        send_mass_mail(messages, fail_silently=True)

    transaction.on_commit(send)
    return notifications


def notification_mark_read(*, user, notification: Notification) -> None:
    if notification.recipient_id == user.pk and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
