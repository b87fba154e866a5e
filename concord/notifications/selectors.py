"""Reads of notifications: a user only ever sees their own."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from concord.accounts.models import User
from concord.notifications.models import Notification


def notification_list_for(user: User) -> QuerySet[Notification]:
    """The user's notifications, newest first. The case comes along for its number only: its other columns
    (an encrypted closure reason among them) have no place in a list of notifications."""
    return (
        Notification.objects.filter(recipient=user)
        .select_related("case")
        .only("recipient", "kind", "case", "created_at", "read_at", "case__number")
        .order_by("-created_at", "-pk")
    )


def notification_get_for(user: User, pk: int) -> Notification:
    """One of the user's notifications; anyone else's is 404, as if it did not exist."""
    try:
        return Notification.objects.get(recipient=user, pk=pk)
    except Notification.DoesNotExist:
        raise Http404 from None


def notification_unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
