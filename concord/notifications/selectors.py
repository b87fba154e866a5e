"""Reads of notifications: a user only ever sees their own."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from concord.accounts.models import User
from concord.notifications.models import Notification


def notification_list_for(user: User) -> QuerySet[Notification]:
    """The user's notifications, newest first, each with `case_visible`: a notification outlives the reader's
    access to its case (a share ended, a break-glass grant expired), and the case number shows only while the
    case itself is visible to them. The case comes along for its number only: its other columns (an encrypted
    closure reason among them) have no place in a list of notifications."""
    # The case model answers for its own scope; notifications sit below cases and do not import them.
    case_model: Any = Notification._meta.get_field("case").related_model
    cases = case_model.objects.visible_to(user)
    return (
        Notification.objects.filter(recipient=user)
        .select_related("case")
        .only("recipient", "kind", "case", "created_at", "read_at", "case__number")
        .annotate(case_visible=Exists(cases.filter(pk=OuterRef("case_id"))))
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
