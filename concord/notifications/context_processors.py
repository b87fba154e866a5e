from __future__ import annotations

from django.http import HttpRequest

from concord.notifications.selectors import notification_unread_count


def unread(request: HttpRequest) -> dict:
    """The count behind the bell in the navigation bar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": notification_unread_count(user)}
