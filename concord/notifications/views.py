from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from concord.accounts.access import AuthenticatedRequest
from concord.notifications import services
from concord.notifications.selectors import notification_get_for, notification_list_for

PAGE_SIZE = 25


def _member_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in and acting in a membership, like the rest of the staff interface; no capability is needed to
    read one's own notifications."""

    @login_required
    @wraps(view)
    def wrapper(request: AuthenticatedRequest, *args, **kwargs) -> HttpResponse:
        if request.user.membership is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _back_to_list(request: AuthenticatedRequest) -> HttpResponse:
    url = reverse("notifications:notification_list")
    page = request.POST.get("page", "")
    return redirect(f"{url}?page={page}" if page.isascii() and page.isdigit() else url)


@_member_required
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(notification_list_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page": page})


@_member_required
@require_POST
def notification_mark_read(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    notification = notification_get_for(request.user, pk)
    services.notification_mark_read(user=request.user, notification=notification)
    return _back_to_list(request)


@_member_required
@require_POST
def notification_mark_all_read(request: AuthenticatedRequest) -> HttpResponse:
    services.notification_mark_all_read(user=request.user)
    return _back_to_list(request)
